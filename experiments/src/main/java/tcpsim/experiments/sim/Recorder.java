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
    private static final int STATES = TcpState.values().length;
    /** Column of {@link ConnectionRecord#TIMED_STATES} by state ordinal; -1 for states whose time is not kept. */
    private static final int[] TIMED = new int[STATES];

    static {
        java.util.Arrays.fill(TIMED, -1);
        for (int i = 0; i < ConnectionRecord.TIMED_STATES.length; i++) {
            TIMED[ConnectionRecord.TIMED_STATES[i].ordinal()] = i;
        }
    }

    private static final TcpState[] ALL_STATES = TcpState.values();
    private static final CloseReason[] ALL_REASONS = CloseReason.values();
    /** A stay in {@link Conn}'s int fields that is too long for an int: its value is in {@link Conn#longStays}. */
    private static final int LONG_STAY = Integer.MAX_VALUE;
    /** No stay, in {@link Conn}'s int fields. */
    private static final int NO_STAY = Integer.MIN_VALUE;

    /**
     * Everything known about one connection while it lasts, from both ends, in primitive fields of one object: the
     * client end waits a minute in TIME_WAIT, and so does its record, so this object is the recorder's memory per
     * TIME_WAIT connection. Small values are packed: states and close reason as enum ordinals in bytes, the two
     * ports in one int, host numbers (positions in the run's host list) instead of names, TCB ids in ints.
     *
     * <p>Each end's stays in the {@link ConnectionRecord#TIMED_STATES timed states} are folded into one value per
     * state as they end, the longer of the two ends' stays, which is all the record keeps. That is exact because a
     * TCB passes each of those states at most once: the model's transitions among them only go forward (FIN_WAIT_1
     * to FIN_WAIT_2, CLOSING or TIME_WAIT; FIN_WAIT_2 and CLOSING to TIME_WAIT; CLOSE_WAIT to LAST_ACK), each of them
     * may end in CLOSED, and a CLOSED TCB never opens again. A stay is kept in an int of ns (2.1 s) unless it is
     * longer; the rare longer one goes to {@link #longStays}, made when first needed.
     */
    static final class Conn {
        final long id;
        final long start;
        final int clientHost;
        final int serverHost;
        private int ports; // client port << 16 | server port
        int clientTcb; // the model's id of the client's TCB, 0 before connect made one
        int serverTcb; // the model's id of the server's TCB matched to it, 0 when none (yet)

        long clientEnteredAt; // when the client end entered its current state
        long clientEstablished = ConnectionRecord.NONE;
        long clientClosedAt = ConnectionRecord.NONE;
        long serverEnteredAt;
        long serverEstablished = ConnectionRecord.NONE;
        long serverClosedAt = ConnectionRecord.NONE;
        long firstSynArrival = ConnectionRecord.NONE;

        // the longer of the two ends' stays in TIMED_STATES[i], ns; NO_STAY when neither end completed one
        private int stay0 = NO_STAY;
        private int stay1 = NO_STAY;
        private int stay2 = NO_STAY;
        private int stay3 = NO_STAY;
        private int stay4 = NO_STAY;
        private int stay5 = NO_STAY;
        private long[] longStays; // by TIMED_STATES index, where the int says LONG_STAY

        private short clientSyns; // SYNs the client end sent
        private short serverSyns; // SYN-ACKs the server end sent
        private byte clientState = (byte) TcpState.CLOSED.ordinal();
        private byte serverState = (byte) TcpState.CLOSED.ordinal();
        private byte clientStateBeforeClosed = -1; // ordinal of the client's state before CLOSED; -1 before
        private byte clientReason = -1; // ordinal of how the client application learnt it ended; -1 before
        boolean clientInitiatedClose;
        boolean serverInitiatedClose;
        boolean queued; // in the list of connections that may have become final
        Key key; // while byTuple maps it to this connection: a server connection may still join it

        Conn(long id, int clientHost, int serverHost, int serverPort, long start) {
            this.id = id;
            this.clientHost = clientHost;
            this.serverHost = serverHost;
            this.ports = serverPort & 0xffff;
            this.start = start;
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

        TcpState state(boolean client) {
            return ALL_STATES[client ? clientState : serverState];
        }

        /** The end named by {@code client} moves to {@code to} at {@code time}: its stay in its state ends. */
        void enter(boolean client, TcpState to, long time) {
            TcpState from = state(client);
            if (from != TcpState.CLOSED && from != TcpState.LISTEN) {
                int i = TIMED[from.ordinal()];
                if (i >= 0) {
                    foldStay(i, time - (client ? clientEnteredAt : serverEnteredAt));
                }
            }
            if (client) {
                clientState = (byte) to.ordinal();
                clientEnteredAt = time;
            } else {
                serverState = (byte) to.ordinal();
                serverEnteredAt = time;
            }
        }

        /** One end's (only) stay in TIMED_STATES[i] lasted {@code ns}: the longer of the two ends' stays is kept. */
        private void foldStay(int i, long ns) {
            long v = Math.max(stayTime(i), ns);
            if (v < LONG_STAY && v > NO_STAY) {
                setStay(i, (int) v);
            } else {
                if (longStays == null) {
                    longStays = new long[ConnectionRecord.TIMED_STATES.length];
                }
                longStays[i] = v;
                setStay(i, LONG_STAY);
            }
        }

        /** The longer of the two ends' complete stays in TIMED_STATES[i]; NONE when neither end completed one. */
        long stayTime(int i) {
            int s = switch (i) {
                case 0 -> stay0;
                case 1 -> stay1;
                case 2 -> stay2;
                case 3 -> stay3;
                case 4 -> stay4;
                default -> stay5;
            };
            return s == NO_STAY ? ConnectionRecord.NONE : s == LONG_STAY ? longStays[i] : s;
        }

        private void setStay(int i, int s) {
            switch (i) {
                case 0 -> stay0 = s;
                case 1 -> stay1 = s;
                case 2 -> stay2 = s;
                case 3 -> stay3 = s;
                case 4 -> stay4 = s;
                default -> stay5 = s;
            }
        }

        void sentSyn(boolean client) {
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

        int clientSyns() {
            return clientSyns;
        }

        int serverSyns() {
            return serverSyns;
        }

        TcpState clientStateBeforeClosed() {
            return clientStateBeforeClosed < 0 ? null : ALL_STATES[clientStateBeforeClosed];
        }

        void clientStateBeforeClosed(TcpState s) {
            clientStateBeforeClosed = (byte) s.ordinal();
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

    /** The 4-tuple as seen from the client: (client address, client port, server address, server port). */
    record Key(int clientAddress, int clientPort, int serverAddress, int serverPort) {
        /**
         * Mixed, unlike a record's default 31-polynomial: with consecutive addresses and ports that one collides so
         * often that HashMap bins turned into trees and lookups showed in profiles.
         */
        @Override
        public int hashCode() {
            long h = ((long) clientAddress << 32 | (clientPort & 0xffffL) << 16 | (serverPort & 0xffffL))
                    * 0x9E3779B97F4A7C15L + serverAddress;
            h *= 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }

    private final OccupancyRecorder occupancy;
    private final int[] hostIndex; // by node index: the host's number (position in hostNames), -1 for none
    private final List<String> hostNames;
    private final RunOutput output;
    private final LongSupplier clock;
    private final ConnectionTotals totals = new ConnectionTotals();
    /** TCB id (either end; the model numbers TCBs 1, 2, ... per run) -> record, while it lasts. */
    private final IdWindow<Conn> byId = new IdWindow<>();
    private final Map<Key, Conn> byTuple = new HashMap<>(); // looked up, never iterated
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
     * @param hostIndex by node index: the host's number, its position in {@code hostNames}; -1 for a node that is
     *        no host
     */
    Recorder(OccupancyRecorder occupancy, int[] hostIndex, List<String> hostNames, RunOutput output,
            LongSupplier clock) {
        this.clock = clock;
        this.occupancy = occupancy;
        this.hostIndex = hostIndex;
        this.hostNames = List.copyOf(hostNames);
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
            Key k = new Key(t.localAddress(), t.localPort(), t.remoteAddress(), t.remotePort());
            c.key = k;
            Conn before = byTuple.put(k, c);
            if (before != null) {
                before.key = null; // no server connection can find it any more
                queue(before);
            }
        } else {
            queue(c); // no port: it never reaches a server
        }
    }

    /** The model's TCB id, kept in an int by the record. */
    private static int tcbNumber(long id) {
        if (id <= 0 || id > Integer.MAX_VALUE) {
            throw new IllegalStateException("TCB id " + id + " out of the recorder's range 1.." + Integer.MAX_VALUE);
        }
        return (int) id;
    }

    /** The record of a passively opened connection, by its tuple (null when it matches no client). */
    Conn forServer(Connection server) {
        FourTuple t = server.tuple();
        return byTuple.get(new Key(t.remoteAddress(), t.remotePort(), t.localAddress(), t.localPort()));
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
            r = forServer(c);
            if (r == null) {
                return null;
            }
            if (r.serverTcb == 0) {
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
        if (r.key != null && r.serverTcb != 0 && r.firstSynArrival != ConnectionRecord.NONE) {
            byTuple.remove(r.key, r);
            r.key = null;
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
        }
        Conn r = tracked(c);
        if (r == null) {
            return;
        }
        boolean client = c.activeOpen();
        r.enter(client, to, time);
        switch (to) {
            case ESTABLISHED -> {
                if (client && r.clientEstablished == ConnectionRecord.NONE) {
                    r.clientEstablished = time;
                } else if (!client && r.serverEstablished == ConnectionRecord.NONE) {
                    r.serverEstablished = time;
                }
            }
            case FIN_WAIT_1 -> {
                if (client) {
                    r.clientInitiatedClose = true;
                } else {
                    r.serverInitiatedClose = true;
                }
            }
            case CLOSED -> {
                if (cause.equals(TcpStack.TIME_WAIT_OVERFLOW)) {
                    totals.timeWaitOverflow();
                }
                if (client) {
                    r.clientClosedAt = time;
                    r.clientStateBeforeClosed(from);
                } else {
                    r.serverClosedAt = time;
                }
                queue(r);
            }
            default -> {
            }
        }
    }

    @Override
    public void onSegmentSent(long time, Host host, Connection c, Segment s) {
        settle(time);
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
            Conn r = byTuple.get(new Key(s.source(), s.sourcePort(), s.destination(), s.destinationPort()));
            if (r != null && r.firstSynArrival == ConnectionRecord.NONE) {
                r.firstSynArrival = time;
                releaseTuple(r);
            }
        }
    }

    @Override
    public void onClosed(long time, Connection c, CloseReason reason) {
        settle(time);
        if (c.activeOpen()) {
            Conn r = clientConn(c);
            if (r != null) {
                clientClosed(r, reason);
                if (r.clientClosedAt == ConnectionRecord.NONE) {
                    r.clientClosedAt = time; // e.g. no free port: the socket never left CLOSED
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
        if (c != null && !c.queued) {
            long now = clock.getAsLong();
            settle(now);
            c.queued = true;
            maybeFinal.add(c);
            maybeFinalAt = now;
        }
    }

    /** At a later instant than the queued connections: hands on those that can no longer change. */
    private void settle(long now) {
        if (maybeFinal.isEmpty() || now <= maybeFinalAt) {
            return;
        }
        for (Conn c : maybeFinal) {
            c.queued = false;
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
        if (c.clientClosedAt == ConnectionRecord.NONE) {
            return false;
        }
        if (c.key != null) {
            return c.serverTcb != 0 && c.serverClosedAt != ConnectionRecord.NONE
                    && c.firstSynArrival != ConnectionRecord.NONE;
        }
        return c.serverTcb == 0 || c.serverClosedAt != ConnectionRecord.NONE;
    }

    /** Forgets {@code c} and queues its record for the output. */
    private void finalise(Conn c) {
        if (c.key != null) {
            byTuple.remove(c.key, c);
            c.key = null;
        }
        if (c.clientTcb != 0 && byId.get(c.clientTcb) == c) {
            byId.remove(c.clientTcb);
        }
        if (c.serverTcb != 0 && byId.get(c.serverTcb) == c) {
            byId.remove(c.serverTcb);
        }
        going--;
        pending.put(c.id, record(c, false));
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
        boolean server = c.serverTcb != 0;
        long clientSetup = c.clientEstablished == ConnectionRecord.NONE ? ConnectionRecord.NONE
                : c.clientEstablished - c.start;
        long serverSetup = !server || c.serverEstablished == ConnectionRecord.NONE
                || c.firstSynArrival == ConnectionRecord.NONE ? ConnectionRecord.NONE
                : c.serverEstablished - c.firstSynArrival;
        boolean ci = c.clientInitiatedClose;
        boolean si = server && c.serverInitiatedClose;
        String initiator = ci && si ? "both" : ci ? "client" : si ? "server" : "";
        long[] times = new long[ConnectionRecord.TIMED_STATES.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = c.stayTime(i);
        }
        long end;
        if (c.clientClosedAt == ConnectionRecord.NONE) {
            end = ConnectionRecord.NONE;
        } else if (!server) {
            end = c.clientClosedAt;
        } else {
            end = c.serverClosedAt == ConnectionRecord.NONE ? ConnectionRecord.NONE
                    : Math.max(c.clientClosedAt, c.serverClosedAt);
        }
        Outcome outcome = cut && c.clientReason() == null ? Outcome.INCOMPLETE : outcome(c);
        return new ConnectionRecord(c.id, c.clientTcb, c.serverTcb, hostNames.get(c.clientHost),
                hostNames.get(c.serverHost), c.clientPort(), c.serverPort(), c.start, outcome, clientSetup,
                serverSetup, Math.max(0, c.clientSyns() - 1), server ? Math.max(0, c.serverSyns() - 1) : 0,
                initiator, times, end);
    }

    /**
     * The outcome from the client's point of view: ok when the connection was established and ended in order
     * (a FIN_WAIT_2 timeout after the client's own close counts as in order), else what made it fail.
     */
    static Outcome outcome(Conn c) {
        CloseReason r = c.clientReason();
        boolean established = c.clientEstablished != ConnectionRecord.NONE;
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
