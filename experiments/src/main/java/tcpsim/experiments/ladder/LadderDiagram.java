package tcpsim.experiments.ladder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import tcpsim.experiments.capture.TraceRow;
import tcpsim.kernel.net.Ipv4;

/**
 * A sequence (ladder) diagram of one TCP connection pair: the client's and the server's lifelines, one arrow per
 * segment from its send time to its arrival time (or to the middle, crossed out, when the network lost it), and
 * each side's states where it enters them. Built from {@link TraceRow}s; drawn by {@link LadderText} and
 * {@link LadderPainter}.
 *
 * @param client the left lifeline (the side that opened actively when known)
 * @param server the right lifeline
 * @param items arrows and state marks in the order they happened (an arrow sits at its send time)
 */
public record LadderDiagram(Lane client, Lane server, List<Item> items) {

    public LadderDiagram {
        items = List.copyOf(items);
    }

    /**
     * One lifeline.
     *
     * @param connection the TCB id of that side (trace.csv's {@code tcb}), 0 when none existed (e.g. a refused SYN)
     */
    public record Lane(String host, int address, int port, long connection) {
        /** {@code host address:port}. */
        public String title() {
            return host + " " + Ipv4.format(address) + ":" + port;
        }
    }

    /** What the diagram shows, in time order. */
    public sealed interface Item permits Arrow, StateMark {
        /** When it happens (an arrow: its send time). */
        long time();

        /** Its position among the things at its time (in trace order, but see {@link #fromTrace}). */
        int order();
    }

    /**
     * One segment.
     *
     * @param arriveTime arrival time, or -1 when the segment never arrived
     * @param arriveOrder the trace position of the arrival, or -1
     * @param dropTime when the network dropped it, or -1 (arrived, or still in flight when the run ended)
     */
    public record Arrow(long time, int order, boolean fromClient, long arriveTime, int arriveOrder, long dropTime,
            Segment segment) implements Item {
        public boolean lost() {
            return arriveTime < 0;
        }

        /** The segment's label, e.g. {@code SYN,ACK seq=0 ack=1}. */
        public String label() {
            return segment.label();
        }
    }

    /**
     * What an arrow carries, with seq and ack as the diagram numbers them ({@link Numbering}).
     *
     * @param flags TCP flags in Wireshark's order joined by {@code ,}
     * @param ack the acknowledgment number, or -1 when the ACK flag is not set
     */
    public record Segment(String flags, long seq, long ack, long length) {
        /** Flags, seq, ack and payload length, e.g. {@code SYN,ACK seq=0 ack=1} or {@code ACK seq=1 ack=1 len=100}. */
        public String label() {
            StringBuilder sb = new StringBuilder(flags);
            sb.append(" seq=").append(seq);
            if (ack >= 0) {
                sb.append(" ack=").append(ack);
            }
            if (length > 0) {
                sb.append(" len=").append(length);
            }
            return sb.toString();
        }

        /** A pure acknowledgment: no payload, only the ACK flag. */
        public boolean pureAck() {
            return length == 0 && flags.equals("ACK");
        }
    }

    /** How seq and ack numbers are shown. */
    public enum Numbering {
        /**
         * Relative to each side's initial sequence number, as Wireshark shows them: the SYN is seq=0 and the first
         * data byte seq=1 (the base is a side's first segment when the trace does not hold its SYN).
         */
        RELATIVE,
        /** As on the wire (unsigned 32 bit). */
        ABSOLUTE
    }

    /** {@code state} entered at {@code time} by the client ({@code client}) or the server. */
    public record StateMark(long time, int order, boolean client, String state) implements Item {
    }

    /** The arrows, in send order. */
    public List<Arrow> arrows() {
        List<Arrow> out = new ArrayList<>();
        for (Item i : items) {
            if (i instanceof Arrow a) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * The typical one-way delay of the arrows (the median over arrived ones; 1 ms when none arrived): the unit
     * that scales the time axis and decides which idle gaps are compressed.
     */
    public long oneWayDelay() {
        long[] d = arrows().stream().filter(a -> !a.lost()).mapToLong(a -> a.arriveTime() - a.time()).sorted()
                .toArray();
        if (d.length == 0 || d[d.length / 2] <= 0) {
            return 1_000_000L;
        }
        return d[(d.length - 1) / 2];
    }

    /** Gaps longer than this are drawn compressed, with a break marker. */
    public long breakThreshold() {
        return 8 * oneWayDelay();
    }

    /** Where a lost arrow is drawn to end (half-way across): its send time plus half the one-way delay. */
    public long lostEndTime(Arrow a) {
        return a.time() + oneWayDelay() / 2;
    }

    /**
     * Every point the diagram places something at, as {time, order, nominal} triples sorted by time then trace
     * order: sends, arrivals, state marks and the ends of lost arrows (which reuse their send's order and are
     * nominal: 1, drawn but not a time anything happened at).
     */
    public long[][] points() {
        TreeSet<long[]> set = new TreeSet<>((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0])
                : Long.compare(x[1], y[1]));
        for (Item i : items) {
            set.add(new long[] {i.time(), i.order(), 0});
            if (i instanceof Arrow a) {
                set.add(a.lost() ? new long[] {lostEndTime(a), a.order(), 1} : new long[] {a.arriveTime(),
                        a.arriveOrder(), 0});
            }
        }
        return set.toArray(new long[0][]);
    }

    /**
     * The segment of row {@code r} with its numbers less {@code seqBase} (the sender's ISN) and {@code ackBase} (the
     * receiver's), modulo 2^32; bases of 0 keep the absolute numbers.
     */
    static Segment segment(TraceRow r, long seqBase, long ackBase) {
        long ack = r.ack() >= 0 ? (r.ack() - ackBase) & 0xFFFF_FFFFL : -1;
        return new Segment(tcpsim.tcp.Segment.flagNames(r.flags(), ','), (r.seq() - seqBase) & 0xFFFF_FFFFL, ack,
                r.length());
    }

    /** The TCB id of the first actively opened connection in {@code rows} (its first state row is SYN_SENT). */
    public static Optional<Long> firstClientConnection(List<TraceRow> rows) {
        for (TraceRow r : rows) {
            if (r.event() == TraceRow.Event.STATE && r.state().equals("SYN_SENT")) {
                return Optional.of(r.tcb());
            }
        }
        return Optional.empty();
    }

    /** The TCB ids in {@code rows}, ascending. */
    public static long[] connections(List<TraceRow> rows) {
        return rows.stream().filter(r -> r.event() == TraceRow.Event.STATE).mapToLong(TraceRow::tcb)
                .distinct().sorted().toArray();
    }

    /**
     * The diagram of the TCB {@code id} (trace.csv's {@code tcb}) and its peer, from the rows of one run (one point
     * and replication, in file order). Either side may be named; the actively opened one goes left.
     *
     * @throws IllegalArgumentException when {@code id} has no state rows in {@code rows}
     */
    public static LadderDiagram fromTrace(List<TraceRow> rows, long id) {
        return fromTrace(rows, id, Numbering.RELATIVE);
    }

    /** As {@link #fromTrace(List, long)}, with seq and ack numbered as {@code numbering} says. */
    public static LadderDiagram fromTrace(List<TraceRow> rows, long id, Numbering numbering) {
        TreeMap<Long, Span> spans = Span.all(rows);
        Span self = spans.get(id);
        if (self == null) {
            throw new IllegalArgumentException("TCB " + id + " is not in the trace (TCBs: "
                    + Arrays.toString(connections(rows)) + ")");
        }
        Span peer = self.active ? findServer(spans, self) : findClient(spans, self);
        Span client = self.active || peer == null ? self : peer;
        Span server = client == self ? peer : self;
        Lane left = client.lane();
        Lane right;
        if (server != null) {
            right = server.lane();
        } else {
            String host = "?";
            for (TraceRow r : rows) {
                if (r.event() != TraceRow.Event.STATE && r.localAddress() == client.remoteAddress
                        && r.localPort() == client.remotePort && r.remoteAddress() == client.localAddress
                        && r.remotePort() == client.localPort) {
                    host = r.host();
                    break;
                }
            }
            right = new Lane(host, client.remoteAddress, client.remotePort, 0);
        }
        long start = client.start;
        long end = client.end;
        if (server != null) {
            start = Math.min(start, server.start);
            end = Math.max(end, server.end);
        }
        return build(rows, left, right, start, end, numbering);
    }

    private static LadderDiagram build(List<TraceRow> rows, Lane left, Lane right, long start, long end,
            Numbering numbering) {
        List<TraceRow> selected = new ArrayList<>();
        for (TraceRow r : rows) {
            if (r.event() == TraceRow.Event.STATE) {
                if (r.tcb() != 0 && (r.tcb() == left.connection()
                        || r.tcb() == right.connection())) {
                    selected.add(r);
                }
                continue;
            }
            boolean leftToRight = matches(r, left, right);
            boolean rightToLeft = matches(r, right, left);
            if (!leftToRight && !rightToLeft) {
                continue;
            }
            long owner = r.tcb();
            boolean ours = owner == left.connection() || owner == right.connection();
            if (owner != 0 && !ours || owner == 0 && (r.timeNs() < start || r.timeNs() > end)) {
                continue;
            }
            if (r.event() == TraceRow.Event.SEND && !r.host().equals((leftToRight ? left : right).host())) {
                continue;
            }
            if (r.event() == TraceRow.Event.RECEIVE && !r.host().equals((leftToRight ? right : left).host())) {
                continue;
            }
            selected.add(r);
        }
        long[] isn = initialSequenceNumbers(selected, left, numbering);
        boolean[] used = new boolean[selected.size()];
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < selected.size(); i++) {
            TraceRow r = selected.get(i);
            if (r.event() == TraceRow.Event.STATE) {
                items.add(new StateMark(r.timeNs(), stateOrder(selected, i), r.tcb() == left.connection(),
                        r.state()));
            } else if (r.event() == TraceRow.Event.SEND) {
                boolean fromLeft = r.host().equals(left.host()) && r.localAddress() == left.address()
                        && r.localPort() == left.port();
                long arrive = -1;
                int arriveOrder = -1;
                long drop = -1;
                int match = find(selected, used, i);
                if (match >= 0) {
                    used[match] = true;
                    TraceRow m = selected.get(match);
                    if (m.event() == TraceRow.Event.RECEIVE) {
                        arrive = m.timeNs();
                        arriveOrder = 2 * match;
                    } else {
                        drop = m.timeNs();
                    }
                }
                Segment seg = fromLeft ? segment(r, isn[0], isn[1]) : segment(r, isn[1], isn[0]);
                items.add(new Arrow(r.timeNs(), 2 * i, fromLeft, arrive, arriveOrder, drop, seg));
            }
        }
        items.sort(java.util.Comparator.comparingLong(Item::time).thenComparingInt(Item::order));
        return new LadderDiagram(left, right, items);
    }

    /**
     * The bases of the numbers, {left, right}: each side's first sent sequence number (its SYN's, the ISN) for
     * {@link Numbering#RELATIVE}, zeros for {@link Numbering#ABSOLUTE}.
     */
    private static long[] initialSequenceNumbers(List<TraceRow> segments, Lane left, Numbering numbering) {
        long[] isn = new long[2];
        switch (numbering) {
            case ABSOLUTE -> {
                return isn;
            }
            case RELATIVE -> {
                boolean[] seen = new boolean[2];
                for (TraceRow r : segments) {
                    if (r.event() == TraceRow.Event.SEND) {
                        int side = r.host().equals(left.host()) && r.localAddress() == left.address()
                                && r.localPort() == left.port() ? 0 : 1;
                        if (!seen[side]) {
                            seen[side] = true;
                            isn[side] = r.seq();
                        }
                    }
                }
                return isn;
            }
        }
        throw new AssertionError(numbering);
    }

    /**
     * Where a state mark goes among the things at its time (orders are twice the row index for segments). A state
     * entered on a segment's arrival is shown right after that arrival, before the segments sent in reply, even
     * when the model reported the sends first: the row's own slot otherwise.
     */
    private static int stateOrder(List<TraceRow> rows, int i) {
        TraceRow state = rows.get(i);
        for (int j = i - 1; j >= 0; j--) {
            TraceRow r = rows.get(j);
            if (r.timeNs() != state.timeNs() || !r.host().equals(state.host())) {
                break;
            }
            if (r.event() == TraceRow.Event.RECEIVE) {
                return 2 * j + 1;
            }
            if (r.event() == TraceRow.Event.STATE) {
                break;
            }
        }
        return 2 * i + 1;
    }

    /**
     * What became of the segment sent in row {@code from}: the first unused later receive (at the other end) or
     * drop row of the same segment, or -1.
     */
    private static int find(List<TraceRow> rows, boolean[] used, int from) {
        TraceRow s = rows.get(from);
        for (int j = from + 1; j < rows.size(); j++) {
            TraceRow r = rows.get(j);
            TraceRow.Event event = r.event();
            if (used[j] || event == TraceRow.Event.SEND || event == TraceRow.Event.STATE || r.flags() != s.flags() || r.seq() != s.seq() || r.ack() != s.ack()
                    || r.length() != s.length()) {
                continue;
            }
            boolean sameDirection = event == TraceRow.Event.DROP
                    ? r.localAddress() == s.localAddress() && r.localPort() == s.localPort()
                    : r.localAddress() == s.remoteAddress() && r.localPort() == s.remotePort();
            if (sameDirection) {
                return j;
            }
        }
        return -1;
    }

    /** Whether segment row {@code r} travels from {@code a} to {@code b}. */
    private static boolean matches(TraceRow r, Lane a, Lane b) {
        boolean outgoing = r.event() != TraceRow.Event.RECEIVE;
        int srcAddr = outgoing ? r.localAddress() : r.remoteAddress();
        int srcPort = outgoing ? r.localPort() : r.remotePort();
        int dstAddr = outgoing ? r.remoteAddress() : r.localAddress();
        int dstPort = outgoing ? r.remotePort() : r.localPort();
        return srcAddr == a.address() && srcPort == a.port() && dstAddr == b.address() && dstPort == b.port();
    }

    private static Span findServer(TreeMap<Long, Span> spans, Span client) {
        for (Span s : spans.values()) {
            if (s != client && s.isReverseOf(client) && s.start >= client.start && s.start <= client.end) {
                return s;
            }
        }
        return null;
    }

    private static Span findClient(TreeMap<Long, Span> spans, Span server) {
        Span best = null;
        for (Span s : spans.values()) {
            if (s != server && s.isReverseOf(server) && s.start <= server.start && s.end >= server.start) {
                best = s;
            }
        }
        return best;
    }

    /** One connection's identity and lifetime as the trace shows it. */
    private static final class Span {
        long id;
        String host;
        int localAddress;
        int localPort;
        int remoteAddress;
        int remotePort;
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        boolean active;

        /** Every TCB with state rows, by id. */
        static TreeMap<Long, Span> all(List<TraceRow> rows) {
            TreeMap<Long, Span> spans = new TreeMap<>();
            for (TraceRow r : rows) {
                if (r.tcb() == 0) {
                    continue;
                }
                Span s = spans.get(r.tcb());
                if (s == null && r.event() == TraceRow.Event.STATE) {
                    s = new Span();
                    s.id = r.tcb();
                    s.host = r.host();
                    s.localAddress = r.localAddress();
                    s.localPort = r.localPort();
                    s.remoteAddress = r.remoteAddress();
                    s.remotePort = r.remotePort();
                    s.active = r.state().equals("SYN_SENT");
                    spans.put(s.id, s);
                }
                if (s != null && (r.event() == TraceRow.Event.STATE || r.host().equals(s.host))) {
                    s.start = Math.min(s.start, r.timeNs());
                    s.end = Math.max(s.end, r.timeNs());
                }
            }
            return spans;
        }

        boolean isReverseOf(Span o) {
            return localAddress == o.remoteAddress && localPort == o.remotePort && remoteAddress == o.localAddress
                    && remotePort == o.localPort;
        }

        Lane lane() {
            return new Lane(host, localAddress, localPort, id);
        }
    }
}
