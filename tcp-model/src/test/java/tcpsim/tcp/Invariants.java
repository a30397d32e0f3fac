package tcpsim.tcp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tcpsim.kernel.net.Channel;
import tcpsim.kernel.net.Host;
import tcpsim.kernel.net.Packet;
import tcpsim.kernel.net.NetworkObserver;

/**
 * Checks, after every TCP or network event of a simulation, that every live connection obeys the sequence-space
 * invariants and that states move only along the edges of the RFC 9293 diagram (3.3.2), and that every
 * connection ends with one CLOSED transition and one onClosed. Throws {@link AssertionError} at the first
 * violation (and keeps it in {@link #violations} in case something swallowed the throw).
 *
 * <p>The sequence variables are read from the package-private TCB (see {@link #tcb}); this is the only place the
 * tests look inside the model.
 */
final class Invariants implements TcpObserver, NetworkObserver {
    /** The profile of a connection's host, to check causes against {@link Transitions}; null: edges only. */
    private final Function<Connection, TcpProfile> profiles;
    /**
     * Whether every segment comes from a real endpoint: then a peer cannot have received more than we sent. Off
     * when a test injects segments (injected in-window data is accepted, as by any TCP without authentication).
     */
    boolean trustPeers = true;

    Invariants() {
        this(null);
    }

    Invariants(Function<Connection, TcpProfile> profiles) {
        this.profiles = profiles;
    }

    /** What we remember of one connection between events. */
    static final class Track {
        final Connection conn;
        TcpState state;
        boolean closedReported;
        CloseReason reason;
        boolean haveRcv;
        int rcvNxt;
        boolean haveSnd;
        int sndUna;
        int sndMax;
        int iss;

        Track(Connection conn, TcpState initial) {
            this.conn = conn;
            this.state = initial;
        }
    }

    final Map<Long, Track> tracks = new LinkedHashMap<>();
    final List<String> violations = new ArrayList<>();
    private final Map<Long, Track> live = new LinkedHashMap<>();
    /** Live connections by their own 4-tuple (the newest incarnation wins), to find a peer in O(1). */
    private final Map<FourTuple, Track> liveByTuple = new HashMap<>();
    private long checks;

    private void fail(long time, String what) {
        String msg = "invariant violated at " + TestNet.fmt(time) + " ms: " + what;
        violations.add(msg);
        throw new AssertionError(msg);
    }

    static Tcb tcb(Connection c) {
        return c instanceof TcpConnection tc ? tc.tcb : null;
    }

    static TimeWait timeWait(Connection c) {
        return c instanceof TcpConnection tc ? tc.timeWait : null;
    }

    private Track track(long time, Connection c, TcpState firstFrom) {
        Track t = tracks.get(c.id());
        if (t == null) {
            t = new Track(c, firstFrom);
            tracks.put(c.id(), t);
            live.put(c.id(), t);
            liveByTuple.put(c.tuple(), t);
        }
        return t;
    }

    @Override
    public void onStateChange(long time, Connection c, TcpState from, TcpState to, String cause) {
        boolean fresh = !tracks.containsKey(c.id());
        Track t = track(time, c, from);
        if (fresh && from != TcpState.CLOSED && from != TcpState.LISTEN) {
            fail(time, "#" + c.id() + " first transition from " + from + " (must be CLOSED or LISTEN)");
        }
        if (t.state != from) {
            fail(time, "#" + c.id() + " reported " + from + " -> " + to + " but was " + t.state);
        }
        if (t.closedReported) {
            fail(time, "#" + c.id() + " changes state after onClosed: " + from + " -> " + to);
        }
        if (!Transitions.isEdge(from, to)) {
            fail(time, "#" + c.id() + " " + from + " -> " + to + " is not an edge of the RFC 9293 state diagram");
        }
        if (profiles != null && !Transitions.allowed(from, to, cause, profiles.apply(c))) {
            fail(time, "#" + c.id() + " " + from + " -> " + to + " (" + cause + ") is not allowed under "
                    + profiles.apply(c).name() + " (see Transitions)");
        }
        if (c.state() != to) {
            fail(time, "#" + c.id() + " reported " + to + " but state() is " + c.state());
        }
        t.state = to;
        checkAll(time);
    }

    @Override
    public void onClosed(long time, Connection c, CloseReason reason) {
        Track t = tracks.get(c.id());
        if (t == null) {
            // e.g. PORT_EXHAUSTED: never left CLOSED
            t = track(time, c, TcpState.CLOSED);
        }
        if (reason == null) {
            fail(time, "#" + c.id() + " closed without a reason");
        }
        if (t.closedReported) {
            fail(time, "#" + c.id() + " onClosed twice (" + t.reason + ", then " + reason + ")");
        }
        if (t.state != TcpState.CLOSED || c.state() != TcpState.CLOSED) {
            fail(time, "#" + c.id() + " onClosed(" + reason + ") in state " + t.state);
        }
        t.closedReported = true;
        t.reason = reason;
        live.remove(c.id());
        liveByTuple.remove(c.tuple(), t);
        checkAll(time);
    }

    @Override
    public void onSegmentSent(long time, Host host, Connection c, Segment s) {
        if (c != null) {
            Track t = tracks.get(c.id());
            if (t != null && t.closedReported) {
                fail(time, "#" + c.id() + " sent " + s + " after onClosed");
            }
            Tcb b = tcb(c);
            if (b != null && (s.flags() & ~Segment.PSH) == Segment.ACK && s.payloadLength() == 0
                    && s.seq() != b.sndMax) {
                // an ACK-only segment carries the highest sequence number sent (BSD: snd_max for ACK-only packets)
                fail(time, "#" + c.id() + " ACK-only segment " + s + " with SEQ != SND.MAX " + u(b.sndMax));
            }
            if (b != null && !s.isRst()) {
                sentWithinSendSpace(time, c, b, s);
            }
        }
        checkAll(time);
    }

    @Override
    public void onSegmentReceived(long time, Host host, Connection c, Segment s) {
        checkAll(time);
    }

    @Override
    public void onSegmentDiscarded(long time, Host host, Connection c, Segment s, String why) {
        checkAll(time);
    }

    @Override
    public void onDeliver(long time, Channel channel, Packet packet) {
        checkAll(time);
    }

    @Override
    public void onSend(long time, Channel channel, Packet packet) {
        checkAll(time);
    }

    /**
     * A segment of a connection with a TCB lies inside what it has sent and not had acknowledged ([SND.UNA,
     * SND.MAX]: no new sequence space without SND.MAX moving, nothing below SND.UNA) and acknowledges exactly RCV.NXT (never data it has not received). RSTs are exempt:
     * some answer a segment with its own ACK field (RFC 9293 3.10.7.3).
     */
    private void sentWithinSendSpace(long time, Connection c, Tcb b, Segment s) {
        String id = "#" + c.id() + " " + c.state() + " sent " + s + ": ";
        int end = s.seq() + s.segmentLength();
        if (!(Seq.le(b.sndUna, s.seq()) && Seq.le(end, b.sndMax))) {
            fail(time, id + "outside [SND.UNA " + u(b.sndUna) + ", SND.MAX " + u(b.sndMax) + "]");
        }
        if (s.isAck() && s.ack() != b.rcvNxt) {
            fail(time, id + "SEG.ACK != RCV.NXT " + u(b.rcvNxt));
        }
    }

    long checks() {
        return checks;
    }

    /** Every live connection: SND.UNA <= SND.NXT <= SND.MAX, monotone SND.UNA, SND.MAX and RCV.NXT, bounds. */
    void checkAll(long time) {
        checks++;
        for (Track t : live.values()) {
            Connection c = t.conn;
            TcpState st = c.state();
            Tcb b = tcb(c);
            if (b != null) {
                String id = "#" + c.id() + " " + st + " ";
                if (!Seq.le(b.sndUna, b.sndNxt)) {
                    fail(time, id + "SND.UNA " + u(b.sndUna) + " > SND.NXT " + u(b.sndNxt));
                }
                if (!Seq.le(b.sndNxt, b.sndMax)) {
                    fail(time, id + "SND.NXT " + u(b.sndNxt) + " > SND.MAX " + u(b.sndMax));
                }
                long maxSeqSpace = 1 + b.sndQueued + (b.finQueued ? 1 : 0);
                if (Integer.toUnsignedLong(Seq.distance(b.iss, b.sndMax)) > maxSeqSpace) {
                    fail(time, id + "sent beyond what the application queued: SND.MAX - ISS = "
                            + Integer.toUnsignedLong(Seq.distance(b.iss, b.sndMax)) + " > " + maxSeqSpace);
                }
                if (t.haveSnd && t.iss == b.iss) {
                    if (Seq.lt(b.sndUna, t.sndUna)) {
                        fail(time, id + "SND.UNA went back from " + u(t.sndUna) + " to " + u(b.sndUna));
                    }
                    if (Seq.lt(b.sndMax, t.sndMax)) {
                        fail(time, id + "SND.MAX went back from " + u(t.sndMax) + " to " + u(b.sndMax));
                    }
                }
                t.haveSnd = true;
                t.iss = b.iss;
                t.sndUna = b.sndUna;
                t.sndMax = b.sndMax;
                if (st != TcpState.SYN_SENT && st != TcpState.LISTEN && st != TcpState.CLOSED) {
                    rcv(time, t, id, b.rcvNxt);
                    if (b.rcvNxt == b.irs) {
                        fail(time, id + "RCV.NXT " + u(b.rcvNxt) + " still at IRS (the SYN was not counted)");
                    }
                    if (trustPeers) {
                        crossCheck(time, c, b, id);
                    }
                }
            } else {
                TimeWait tw = timeWait(c);
                if (tw != null) {
                    rcv(time, t, "#" + c.id() + " TIME_WAIT ", tw.rcvNxt);
                }
            }
        }
    }

    /** The peer (real endpoint of the same incarnation) cannot have received more than we sent. */
    private void crossCheck(long time, Connection c, Tcb b, String id) {
        FourTuple tu = c.tuple();
        Track other = liveByTuple.get(new FourTuple(tu.remoteAddress(), tu.remotePort(), tu.localAddress(),
                tu.localPort()));
        if (other == null) {
            return;
        }
        Connection o = other.conn;
        Tcb ob = tcb(o);
        TcpState os = o.state();
        if (ob != null && os != TcpState.SYN_SENT && os != TcpState.LISTEN && ob.irs == b.iss
                && Seq.gt(ob.rcvNxt, b.sndMax)) {
            fail(time, id + "peer #" + o.id() + " RCV.NXT " + u(ob.rcvNxt) + " beyond our SND.MAX " + u(b.sndMax));
        }
    }

    private void rcv(long time, Track t, String id, int rcvNxt) {
        if (t.haveRcv && Seq.lt(rcvNxt, t.rcvNxt)) {
            fail(time, id + "RCV.NXT went back from " + u(t.rcvNxt) + " to " + u(rcvNxt));
        }
        t.haveRcv = true;
        t.rcvNxt = rcvNxt;
    }

    private static String u(int seq) {
        return Integer.toUnsignedString(seq);
    }

    /** Connections not CLOSED (or CLOSED without onClosed yet). */
    List<Connection> unfinished() {
        List<Connection> out = new ArrayList<>();
        for (Track t : tracks.values()) {
            if (!t.closedReported || t.conn.state() != TcpState.CLOSED) {
                out.add(t.conn);
            }
        }
        return out;
    }
}
