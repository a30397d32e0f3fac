package tcpsim.experiments.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import tcpsim.kernel.net.Host;
import tcpsim.tcp.CloseReason;
import tcpsim.tcp.Connection;
import tcpsim.tcp.FourTuple;
import tcpsim.tcp.Segment;
import tcpsim.tcp.TcpObserver;
import tcpsim.tcp.TcpStack;
import tcpsim.tcp.TcpState;

/**
 * The metrics of one run, computed from what the TCP model emits: per-connection records (both ends matched by
 * the reversed 4-tuple) and the state occupancy of every host. The model never computes metrics; this does.
 * A connection's record leaves memory once nothing can change it any more: it goes to the run's
 * {@link RunOutput} in workload order (a record that is final before an earlier one waits, as a record).
 */
final class Recorder implements TcpObserver {
    private static final TcpState[] ALL_STATES = TcpState.values();
    /** Column of {@link ConnectionRecord#TIMED_STATES} by state ordinal; -1 for states whose time is not kept. */
    private static final int[] TIMED = new int[ALL_STATES.length];

    static {
        java.util.Arrays.fill(TIMED, -1);
        for (int i = 0; i < ConnectionRecord.TIMED_STATES.length; i++) {
            TIMED[ConnectionRecord.TIMED_STATES[i].ordinal()] = i;
        }
        if (TIMED[TcpState.TIME_WAIT.ordinal()] != ConnectionRecord.TIMED_STATES.length - 1) {
            throw new AssertionError("Conn keeps the stays before TIME_WAIT's in ints 0 .. 4, TIME_WAIT's last");
        }
    }

    private static final CloseReason[] ALL_REASONS = CloseReason.values();
    /** The column of TIME_WAIT in {@link ConnectionRecord#TIMED_STATES}: its stays are kept apart (see Conn). */
    private static final int TIME_WAIT_COLUMN = TIMED[TcpState.TIME_WAIT.ordinal()];
    /** A stay too long for {@link Conn}'s int fields: its value is in the recorder's {@code longStays}. */
    private static final int LONG_STAY = Integer.MAX_VALUE;
    /** No stay, in {@link Conn}'s int fields. */
    private static final int NO_STAY = Integer.MIN_VALUE;

    /**
     * Everything known about one connection while it lasts, from both ends, in primitive fields of one object of
     * 120 bytes (64-bit JVM with compressed oops, the default below 32 GB of heap): the client end waits a minute in TIME_WAIT, and so does its record, so this object is most of the
     * recorder's memory per TIME_WAIT connection. Small values are packed: states and close reason as enum
     * ordinals in bytes, flags in an int, the two ports in one int, host numbers (positions in the run's host
     * list) instead of names, TCB ids in ints, the 4-tuple rebuilt from the hosts' addresses when needed.
     *
     * <p>Each end's stays in the {@link ConnectionRecord#TIMED_STATES timed states} are folded into one value per
     * state as they end, the longer of the two ends' stays, which is all the record keeps. That is exact because a
     * TCB passes each of those states at most once: the model's transitions among them only go forward (FIN_WAIT_1
     * to FIN_WAIT_2, CLOSING or TIME_WAIT; FIN_WAIT_2 and CLOSING to TIME_WAIT; CLOSE_WAIT to LAST_ACK), each of them
     * may end in CLOSED, and a CLOSED TCB never opens again. A stay other than TIME_WAIT's is kept in an int of ns
     * (up to 2.1 s); a longer one (rare) goes to the recorder's side map. TIME_WAIT's (a minute) is kept per end in
     * the end's {@code enteredAt}, of no more use once it has left TIME_WAIT for CLOSED, the only way out.
     */
    static final class Conn {
        private static final int CLIENT_INITIATED_CLOSE = 1;
        private static final int SERVER_INITIATED_CLOSE = 1 << 1;
        private static final int CLIENT_CLOSED = 1 << 2;
        private static final int SERVER_CLOSED = 1 << 3;
        private static final int FIRST_SYN_SEEN = 1 << 4; // the first SYN of its tuple reached the server
        private static final int SERVER_ESTABLISHED = 1 << 5;
        private static final int KEYED = 1 << 6; // byTuple maps its tuple to it: a server connection may still join
        private static final int QUEUED = 1 << 7; // in the list of connections that may have become final
        /** Bit (column) from here on: the client end completed its stay in TIMED_STATES[column]. */
        private static final int CLIENT_STAYED = 1 << 8;
        /** Bit (column) from here on: the server end completed its stay in TIMED_STATES[column]. */
        private static final int SERVER_STAYED = CLIENT_STAYED << ConnectionRecord.TIMED_STATES.length;

        final long id;
        final long start;
        // when the end entered its current state; once it has left TIME_WAIT (for CLOSED), the stay there
        private long clientEnteredAt;
        private long serverEnteredAt;
        private long clientEstablished = ConnectionRecord.NONE;
        /**
         * The server's setup time as far as it is known: the first SYN's arrival (FIRST_SYN_SEEN alone), the server
         * end's first ESTABLISHED (SERVER_ESTABLISHED alone), their difference (both), NONE (neither).
         */
        private long serverSetup = ConnectionRecord.NONE;
        private long closedAt = ConnectionRecord.NONE; // when the last end that has closed so far reached CLOSED
        final int clientHost;
        final int serverHost;
        private int ports; // client port << 16 | server port
        private int clientTcb; // the model's id of the client's TCB, 0 before connect made one
        private int serverTcb; // the model's id of the server's TCB matched to it, 0 when none (yet)
        // the longer of the two ends' stays in TIMED_STATES[i] but TIME_WAIT, ns; NO_STAY when neither completed one
        private int stay0 = NO_STAY;
        private int stay1 = NO_STAY;
        private int stay2 = NO_STAY;
        private int stay3 = NO_STAY;
        private int stay4 = NO_STAY;
        private int flags;
        private short clientSyns; // SYNs the client end sent
        private short serverSyns; // SYN-ACKs the server end sent
        private byte clientState = (byte) TcpState.CLOSED.ordinal();
        private byte serverState = (byte) TcpState.CLOSED.ordinal();
        private byte clientStateBeforeClosed = -1; // ordinal of the client's state before CLOSED; -1 before
        private byte clientReason = -1; // ordinal of how the client application learnt it ended; -1 before

        Conn(long id, int clientHost, int serverHost, int serverPort, long start) {
            this.id = id;
            this.clientHost = clientHost;
            this.serverHost = serverHost;
            this.ports = serverPort & 0xffff;
            this.start = start;
        }

        private boolean is(int flag) {
            return (flags & flag) != 0;
        }

        private void set(int flag, boolean on) {
            flags = on ? flags | flag : flags & ~flag;
        }

        int clientPort() {
            return ports >>> 16;
        }

        int serverPort() {
            return ports & 0xffff;
        }

        void clientPort(int port) {
            ports = (port & 0xffff) << 16 | (ports & 0xffff);
        }

        private boolean hasServer() {
            return serverTcb != 0;
        }

        boolean clientClosed() {
            return is(CLIENT_CLOSED);
        }

        private boolean serverClosed() {
            return is(SERVER_CLOSED);
        }

        /** The end named by {@code client} reached CLOSED at {@code time}. */
        private void closed(boolean client, long time) {
            set(client ? CLIENT_CLOSED : SERVER_CLOSED, true);
            closedAt = closedAt == ConnectionRecord.NONE ? time : Math.max(closedAt, time);
        }

        /** When the last of the two ends reached CLOSED; NONE when one never did. */
        private long end() {
            return clientClosed() && (!hasServer() || serverClosed()) ? closedAt : ConnectionRecord.NONE;
        }

        private boolean firstSynSeen() {
            return is(FIRST_SYN_SEEN);
        }

        /** The first SYN of the connection's tuple reached the server at {@code time}. */
        private void firstSynArrived(long time) {
            set(FIRST_SYN_SEEN, true);
            serverSetup = is(SERVER_ESTABLISHED) ? serverSetup - time : time;
        }

        /** The server end is ESTABLISHED at {@code time} (the first time counts). */
        private void serverEstablished(long time) {
            if (!is(SERVER_ESTABLISHED)) {
                set(SERVER_ESTABLISHED, true);
                serverSetup = firstSynSeen() ? time - serverSetup : time;
            }
        }

        /** First SYN arrival to server ESTABLISHED; NONE when either is unknown. */
        private long serverSetup() {
            return hasServer() && firstSynSeen() && is(SERVER_ESTABLISHED) ? serverSetup : ConnectionRecord.NONE;
        }

        private TcpState state(boolean client) {
            return ALL_STATES[client ? clientState : serverState];
        }

        /**
         * The end named by {@code client} moves to {@code to} at {@code time}; returns when it had entered the state
         * it leaves.
         */
        private long enter(boolean client, TcpState to, long time) {
            long enteredAt;
            if (client) {
                enteredAt = clientEnteredAt;
                clientState = (byte) to.ordinal();
                clientEnteredAt = time;
            } else {
                enteredAt = serverEnteredAt;
                serverState = (byte) to.ordinal();
                serverEnteredAt = time;
            }
            return enteredAt;
        }

        /**
         * The end named by {@code client} left TIME_WAIT after {@code ns}: its enteredAt keeps the stay from now on
         * (the end is CLOSED for good).
         */
        private void leftTimeWait(boolean client, long ns) {
            if (state(client) != TcpState.CLOSED) {
                throw new IllegalStateException("connection " + id + ": the " + (client ? "client" : "server")
                        + " end left TIME_WAIT for " + state(client) + ", not CLOSED");
            }
            if (client) {
                clientEnteredAt = ns;
            } else {
                serverEnteredAt = ns;
            }
            set((client ? CLIENT_STAYED : SERVER_STAYED) << TIME_WAIT_COLUMN, true);
        }

        /** The longer of the two ends' complete TIME_WAIT stays; NONE when neither end completed one. */
        private long timeWaitStay() {
            long v = ConnectionRecord.NONE;
            if (is(CLIENT_STAYED << TIME_WAIT_COLUMN)) {
                v = clientEnteredAt;
            }
            if (is(SERVER_STAYED << TIME_WAIT_COLUMN)) {
                v = Math.max(v, serverEnteredAt);
            }
            return v;
        }

        /** The int kept for TIMED_STATES[i] (not TIME_WAIT). */
        private int stay(int i) {
            return switch (i) {
                case 0 -> stay0;
                case 1 -> stay1;
                case 2 -> stay2;
                case 3 -> stay3;
                default -> stay4;
            };
        }

        private void stay(int i, int s) {
            switch (i) {
                case 0 -> stay0 = s;
                case 1 -> stay1 = s;
                case 2 -> stay2 = s;
                case 3 -> stay3 = s;
                default -> stay4 = s;
            }
        }

        private boolean hasLongStay() {
            return stay0 == LONG_STAY || stay1 == LONG_STAY || stay2 == LONG_STAY || stay3 == LONG_STAY
                    || stay4 == LONG_STAY;
        }

        private void sentSyn(boolean client) {
            if (client) {
                clientSyns = countUp(clientSyns);
            } else {
                serverSyns = countUp(serverSyns);
            }
        }

        private static short countUp(short n) {
            if (n == Short.MAX_VALUE) {
                throw new IllegalStateException("more than " + Short.MAX_VALUE + " SYNs sent by one connection end");
            }
            return (short) (n + 1);
        }

        TcpState clientStateBeforeClosed() {
            return clientStateBeforeClosed < 0 ? null : ALL_STATES[clientStateBeforeClosed];
        }

        void clientStateBeforeClosed(TcpState s) {
            clientStateBeforeClosed = (byte) s.ordinal();
        }

        boolean clientEstablished() {
            return clientEstablished != ConnectionRecord.NONE;
        }

        void clientEstablished(long time) {
            if (clientEstablished == ConnectionRecord.NONE) {
                clientEstablished = time;
            }
        }

        CloseReason clientReason() {
            return clientReason < 0 ? null : ALL_REASONS[clientReason];
        }

        /** The first reason the client learns is the one kept. */
        void clientReason(CloseReason r) {
            if (clientReason < 0) {
                clientReason = (byte) r.ordinal();
            }
        }
    }

    private final OccupancyRecorder occupancy;
    private final int[] hostIndex; // by node index: the host's number (position in hosts), -1 for none
    private final List<String> hostNames; // by host number
    private final int[] hostAddress; // by host number
    private final RunOutput output;
    private final LongSupplier clock;
    private final ConnectionTotals totals = new ConnectionTotals();
    /** TCB id (either end; the model numbers TCBs 1, 2, ... per run) -> record, while it lasts. */
    private final IdWindow<Conn> byId = new IdWindow<>();
    private final ConnsByTuple byTuple;
    /** The stays too long for a {@link Conn}'s ints, by TIMED_STATES column (rare). Looked up, never iterated. */
    private final Map<Conn, long[]> longStays = new HashMap<>();
    /**
     * Workload number -> the connection (a Conn, still going) or its final record (a ConnectionRecord waiting for
     * an earlier connection to finish): records leave in workload order.
     */
    private final IdWindow<Object> pending = new IdWindow<>();
    private long nextOut = 1; // the workload number of the next record to hand to the output
    private final List<Conn> maybeFinal = new ArrayList<>();
    private long maybeFinalAt; // the instant the connections in maybeFinal were queued
    private Conn opening; // the connection whose connect() is running right now
    private long going; // opened, not yet final

    /**
     * @param hostIndex by node index: the host's number, its position in {@code hosts}; -1 for a node that is no
     *        host
     */
    Recorder(OccupancyRecorder occupancy, int[] hostIndex, List<Host> hosts, RunOutput output, LongSupplier clock) {
        this.clock = clock;
        this.occupancy = occupancy;
        this.hostIndex = hostIndex;
        this.hostNames = hosts.stream().map(Host::name).toList();
        this.hostAddress = hosts.stream().mapToInt(Host::address).toArray();
        this.byTuple = new ConnsByTuple(hostAddress);
        this.output = output;
    }

    /** The record of the workload's connection {@code id} from {@code client} to {@code server}, opened now. */
    Conn connection(long id, Host client, Host server, int serverPort, long start) {
        return new Conn(id, hostIndex[client.index()], hostIndex[server.index()], serverPort, start);
    }

    /** Call before the client application calls connect for {@code c}. */
    void opening(Conn c) {
        going++;
        pending.put(c.id, c);
        opening = c;
    }

    /** Call when connect has returned with the socket's tuple. */
    void opened(Conn c, Connection socket) {
        opening = null;
        FourTuple t = socket.tuple();
        byId.put(socket.id(), c);
        c.clientTcb = tcbNumber(socket.id());
        c.clientPort(t.localPort());
        if (t.localPort() != 0) {
            if (t.localAddress() != hostAddress[c.clientHost] || t.remoteAddress() != hostAddress[c.serverHost]) {
                throw new IllegalStateException("connection " + c.id + " has tuple " + t + ", not the addresses of "
                        + hostNames.get(c.clientHost) + " and " + hostNames.get(c.serverHost));
            }
            c.set(Conn.KEYED, true);
            Conn before = byTuple.put(c);
            if (before != null) {
                before.set(Conn.KEYED, false); // no server connection can find it any more
                queue(before);
            }
        } else {
            queue(c); // no port: it never reaches a server
        }
    }

    /** Takes {@code c}'s tuple out of byTuple: no server connection can join it any more. */
    private void unkey(Conn c) {
        if (c.is(Conn.KEYED)) {
            byTuple.remove(c);
            c.set(Conn.KEYED, false);
        }
    }

    /** The model's TCB id, kept in an int by the record. */
    private static int tcbNumber(long id) {
        if (id <= 0 || id > Integer.MAX_VALUE) {
            throw new IllegalStateException("TCB id " + id + " out of the recorder's range 1.." + Integer.MAX_VALUE);
        }
        return (int) id;
    }

    /**
     * The record of a passively opened connection (null when it matches no client): the one its TCB has joined,
     * else the one its tuple names. (The application asks once the connection is established, when the tuple has
     * usually left byTuple already.)
     */
    Conn forServer(Connection server) {
        Conn r = byId.get(server.id());
        if (r != null) {
            return r;
        }
        return namedByTuple(server);
    }

    /** The record the tuple of a passively opened connection names, null when none. */
    private Conn namedByTuple(Connection server) {
        FourTuple t = server.tuple();
        return byTuple.get(t.remoteAddress(), t.remotePort(), t.localAddress(), t.localPort());
    }

    private Conn clientConn(Connection c) {
        Conn r = byId.get(c.id());
        if (r == null && opening != null) {
            // events emitted from inside connect(), before it returned the socket
            r = opening;
            byId.put(c.id(), r);
            r.clientTcb = tcbNumber(c.id());
        }
        return r;
    }

    /** The record {@code c} is an end of (its client end when {@code c.activeOpen()}), null when not tracked. */
    private Conn tracked(Connection c) {
        if (c.activeOpen()) {
            return clientConn(c);
        }
        Conn r = byId.get(c.id());
        if (r == null) {
            r = namedByTuple(c);
            if (r == null) {
                return null;
            }
            if (!r.hasServer()) {
                r.serverTcb = tcbNumber(c.id());
            } else if (r.serverTcb != c.id()) {
                return null; // a second server connection for the same client connection: not tracked
            }
            byId.put(c.id(), r);
            releaseTuple(r);
        }
        return r;
    }

    /**
     * Once the server end has joined and the first SYN's arrival is known, the tuple has nothing left to find (a
     * second server connection for the same client connection is not tracked), so it leaves the map: otherwise
     * its key and map node stayed for the whole of the client's TIME_WAIT.
     */
    private void releaseTuple(Conn r) {
        if (r.hasServer() && r.firstSynSeen()) {
            unkey(r);
        }
    }

    /**
     * The workload's number of the connection {@code c} is an end of, 0 when none: see {@link ConnectionNumbers}.
     * An observer added after this one asks it once this one has seen the TCB's first state change.
     */
    long numberOf(Connection c) {
        Conn r = byId.get(c.id());
        return r == null ? 0 : r.id;
    }

    @Override
    public void onStateChange(long time, Connection c, TcpState from, TcpState to, String cause) {
        settle(time);
        int node = c.host().index();
        int h = node < hostIndex.length ? hostIndex[node] : -1;
        if (h >= 0) {
            occupancy.transition(time, h, from, to);
            if (to == TcpState.CLOSED && cause.equals(TcpStack.TIME_WAIT_OVERFLOW)) {
                occupancy.timeWaitOverflow(time, h);
            }
        }
        Conn r = tracked(c);
        if (r == null) {
            return;
        }
        boolean client = c.activeOpen();
        int column = TIMED[r.state(client).ordinal()];
        long enteredAt = r.enter(client, to, time);
        if (column >= 0) {
            foldStay(r, client, column, time - enteredAt);
        }
        switch (to) {
            case ESTABLISHED -> {
                if (client) {
                    r.clientEstablished(time);
                } else {
                    r.serverEstablished(time);
                }
            }
            case FIN_WAIT_1 -> r.set(client ? Conn.CLIENT_INITIATED_CLOSE : Conn.SERVER_INITIATED_CLOSE, true);
            case CLOSED -> {
                if (cause.equals(TcpStack.TIME_WAIT_OVERFLOW)) {
                    totals.timeWaitOverflow();
                }
                r.closed(client, time);
                if (client) {
                    r.clientStateBeforeClosed(from);
                }
                queue(r);
            }
            default -> {
            }
        }
    }

    /** One end's (only) stay in TIMED_STATES[column] lasted {@code ns}: the longer of the two ends' is kept. */
    private void foldStay(Conn r, boolean client, int column, long ns) {
        int stayed = (client ? Conn.CLIENT_STAYED : Conn.SERVER_STAYED) << column;
        if (r.is(stayed)) {
            // the fold keeps one stay per end and state (see Conn): a second one would need a sum per end
            throw new IllegalStateException("connection " + r.id + ": the " + (client ? "client" : "server")
                    + " end passed " + ConnectionRecord.TIMED_STATES[column] + " twice");
        }
        if (column == TIME_WAIT_COLUMN) {
            r.leftTimeWait(client, ns);
            return;
        }
        r.set(stayed, true);
        long v = Math.max(stayTime(r, column), ns);
        if (v >= 0 && v < LONG_STAY) {
            r.stay(column, (int) v);
        } else {
            longStays.computeIfAbsent(r, k -> new long[TIME_WAIT_COLUMN])[column] = v;
            r.stay(column, LONG_STAY);
        }
    }

    /** The longer of the two ends' complete stays in TIMED_STATES[column]; NONE when neither end completed one. */
    private long stayTime(Conn r, int column) {
        if (column == TIME_WAIT_COLUMN) {
            return r.timeWaitStay();
        }
        int s = r.stay(column);
        return s == NO_STAY ? ConnectionRecord.NONE : s == LONG_STAY ? longStays.get(r)[column] : s;
    }

    @Override
    public void onSegmentSent(long time, Host host, Connection c, Segment s) {
        settle(time);
        if (c == null && s.isSyn() && s.isAck()) {
            totals.synCookieSent(); // a listener answers a SYN itself only with a cookie SYN-ACK
        }
        if (c == null || !s.isSyn()) {
            return;
        }
        Conn r = tracked(c);
        if (r != null) {
            r.sentSyn(c.activeOpen());
        }
    }

    @Override
    public void onSegmentReceived(long time, Host host, Connection c, Segment s) {
        settle(time);
        if (s.isSyn() && !s.isAck()) {
            Conn r = byTuple.get(s.source(), s.sourcePort(), s.destination(), s.destinationPort());
            if (r != null && !r.firstSynSeen()) {
                r.firstSynArrived(time);
                releaseTuple(r);
            }
        }
    }

    @Override
    public void onSegmentDiscarded(long time, Host host, Connection c, Segment s, String why) {
        settle(time);
        if (s.isSyn() && !s.isAck()
                && (why.equals(TcpStack.SYN_QUEUE_FULL) || why.equals(TcpStack.ACCEPT_QUEUE_FULL))) {
            totals.listenSynDrop();
        }
    }

    @Override
    public void onClosed(long time, Connection c, CloseReason reason) {
        settle(time);
        if (c.activeOpen()) {
            Conn r = clientConn(c);
            if (r != null) {
                clientClosed(r, reason);
                if (!r.clientClosed()) {
                    r.closed(true, time); // e.g. no free port: the socket never left CLOSED
                }
                queue(r);
            }
        }
    }

    /** The client application learnt how its connection ended. */
    void clientClosed(Conn c, CloseReason reason) {
        c.clientReason(reason);
    }

    // ------------------------------------------------------------------ streaming the records

    /**
     * Notes that {@code c} may have become final. It is checked at the next later instant, once every callback of
     * this instant (the application's close reason among them) has run.
     */
    private void queue(Conn c) {
        if (c != null && !c.is(Conn.QUEUED)) {
            long now = clock.getAsLong();
            settle(now);
            c.set(Conn.QUEUED, true);
            maybeFinal.add(c);
            maybeFinalAt = now;
        }
    }

    /** At a later instant than the queued connections: hands on those that can no longer change. */
    private void settle(long now) {
        if (maybeFinal.isEmpty() || now <= maybeFinalAt) {
            return;
        }
        for (int i = 0, n = maybeFinal.size(); i < n; i++) {
            Conn c = maybeFinal.get(i);
            c.set(Conn.QUEUED, false);
            if (isFinal(c)) {
                finalise(c);
            }
        }
        maybeFinal.clear();
    }

    /**
     * True when nothing can change the connection's record any more: the client end is closed, and the server end
     * is closed or, when there is none, no server connection can join it (its tuple now names a newer connection,
     * or it never had one). While its tuple is registered a connection without a first SYN arrival also waits.
     */
    private static boolean isFinal(Conn c) {
        if (!c.clientClosed()) {
            return false;
        }
        if (c.is(Conn.KEYED)) {
            return c.hasServer() && c.serverClosed() && c.firstSynSeen();
        }
        return !c.hasServer() || c.serverClosed();
    }

    /** Forgets {@code c} and queues its record for the output. */
    private void finalise(Conn c) {
        unkey(c);
        if (c.clientTcb != 0 && byId.get(c.clientTcb) == c) {
            byId.remove(c.clientTcb);
        }
        if (c.hasServer() && byId.get(c.serverTcb) == c) {
            byId.remove(c.serverTcb);
        }
        going--;
        pending.put(c.id, record(c, false));
        if (c.hasLongStay()) {
            longStays.remove(c);
        }
        flushInOrder();
    }

    private void flushInOrder() {
        Object next;
        while ((next = pending.get(nextOut)) instanceof ConnectionRecord r) {
            pending.remove(nextOut);
            nextOut++;
            emit(r);
        }
    }

    private void emit(ConnectionRecord r) {
        totals.add(r);
        try {
            output.connection(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * After the last event: hands on every record still held, in order, as it stands; {@code cut}: a limit stopped
     * the run, so the connections still going are incomplete.
     */
    void finish(boolean cut) {
        maybeFinal.clear(); // whatever they are, their records are taken as they stand
        for (long id = nextOut; id < pending.limit(); id++) {
            Object o = pending.get(id);
            emit(o instanceof Conn c ? record(c, cut) : (ConnectionRecord) o);
        }
        nextOut = pending.limit();
    }

    /** Connections the recorder still holds: opened and not yet handed on (going, or final and waiting). */
    long held() {
        return pending.limit() - nextOut;
    }

    /** Connections opened and not yet final. */
    long going() {
        return going;
    }

    /** The accumulators of the records handed on so far. */
    ConnectionTotals totals() {
        return totals;
    }

    private ConnectionRecord record(Conn c, boolean cut) {
        boolean server = c.hasServer();
        long clientSetup = c.clientEstablished() ? c.clientEstablished - c.start : ConnectionRecord.NONE;
        boolean ci = c.is(Conn.CLIENT_INITIATED_CLOSE);
        boolean si = server && c.is(Conn.SERVER_INITIATED_CLOSE);
        String initiator = ci && si ? "both" : ci ? "client" : si ? "server" : "";
        long[] times = new long[ConnectionRecord.TIMED_STATES.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = stayTime(c, i);
        }
        Outcome outcome = cut && c.clientReason() == null ? Outcome.INCOMPLETE : outcome(c);
        return new ConnectionRecord(c.id, c.clientTcb, c.serverTcb, hostNames.get(c.clientHost),
                hostNames.get(c.serverHost), c.clientPort(), c.serverPort(), c.start, outcome, clientSetup,
                c.serverSetup(), Math.max(0, c.clientSyns - 1), server ? Math.max(0, c.serverSyns - 1) : 0,
                initiator, times, c.end());
    }

    /**
     * The outcome from the client's point of view: ok when the connection was established and ended in order
     * (a FIN_WAIT_2 timeout after the client's own close counts as in order), else what made it fail.
     */
    static Outcome outcome(Conn c) {
        CloseReason r = c.clientReason();
        boolean established = c.clientEstablished();
        if (r == null) {
            return established ? Outcome.OK : Outcome.TIMEOUT;
        }
        return switch (r) {
            case NORMAL -> Outcome.OK;
            case REFUSED -> Outcome.REFUSED;
            case RESET, ABORTED -> Outcome.RESET;
            case PORT_EXHAUSTED -> Outcome.PORT_EXHAUSTED;
            case TIMEOUT -> established && c.clientStateBeforeClosed() == TcpState.FIN_WAIT_2 ? Outcome.OK
                    : Outcome.TIMEOUT;
        };
    }
}
