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

    /** One end of a connection. */
    static final class End {
        long id;
        TcpState state = TcpState.CLOSED;
        long enteredAt;
        final long[] total = new long[ConnectionRecord.TIMED_STATES.length];
        int completed; // bit i: a stay in TIMED_STATES[i] ended
        long established = ConnectionRecord.NONE;
        long closedAt = ConnectionRecord.NONE;
        TcpState stateBeforeClosed;
        boolean initiatedClose;
        int synsSent;
    }

    /** Everything known about one connection, from both ends, while it lasts. */
    static final class Conn {
        final long id;
        final String client;
        final String server;
        final int serverPort;
        final long start;
        int clientPort;
        final End clientEnd = new End();
        End serverEnd;
        long firstSynArrival = ConnectionRecord.NONE;
        CloseReason clientReason;
        Key key; // while byTuple maps it to this connection: a server connection may still join it
        boolean queued; // in the list of connections that may have become final

        Conn(long id, String client, String server, int serverPort, long start) {
            this.id = id;
            this.client = client;
            this.server = server;
            this.serverPort = serverPort;
            this.start = start;
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
    private final int[] hostIndex; // by node index: the host's occupancy number, -1 for none
    private final RunOutput output;
    private final LongSupplier clock;
    private final ConnectionTotals totals = new ConnectionTotals();
    /** Connection id (either end; the model numbers connections 1, 2, ... per run) -> record, while it lasts. */
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

    Recorder(OccupancyRecorder occupancy, int[] hostIndex, RunOutput output, LongSupplier clock) {
        this.clock = clock;
        this.occupancy = occupancy;
        this.hostIndex = hostIndex;
        this.output = output;
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
        c.clientEnd.id = socket.id();
        c.clientPort = t.localPort();
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
            r.clientEnd.id = c.id();
        }
        return r;
    }

    private End end(Connection c) {
        if (c.activeOpen()) {
            Conn r = clientConn(c);
            return r == null ? null : r.clientEnd;
        }
        Conn r = byId.get(c.id());
        if (r == null) {
            r = forServer(c);
            if (r == null || (r.serverEnd != null && r.serverEnd.id != c.id() && r.serverEnd.closedAt
                    == ConnectionRecord.NONE)) {
                return null;
            }
            if (r.serverEnd == null) {
                r.serverEnd = new End();
                r.serverEnd.id = c.id();
            } else if (r.serverEnd.id != c.id()) {
                return null; // a second server connection for the same client connection: not tracked
            }
            byId.put(c.id(), r);
            releaseTuple(r);
        }
        return r.serverEnd;
    }

    /**
     * Once the server end has joined and the first SYN's arrival is known, the tuple has nothing left to find (a
     * second server connection for the same client connection is not tracked), so it leaves the map: otherwise
     * its key and map node stayed for the whole of the client's TIME_WAIT.
     */
    private void releaseTuple(Conn r) {
        if (r.key != null && r.serverEnd != null && r.firstSynArrival != ConnectionRecord.NONE) {
            byTuple.remove(r.key, r);
            r.key = null;
        }
    }

    private Conn conn(Connection c) {
        return byId.get(c.id());
    }

    /**
     * The workload's number of the connection {@code c} is an end of, 0 when none: see {@link ConnectionNumbers}.
     * An observer added after this one asks it once this one has seen the TCB's first state change.
     */
    long numberOf(Connection c) {
        Conn r = conn(c);
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
        End e = end(c);
        if (e == null) {
            return;
        }
        if (e.state != TcpState.CLOSED && e.state != TcpState.LISTEN) {
            int i = TIMED[e.state.ordinal()];
            if (i >= 0) {
                e.total[i] += time - e.enteredAt;
                e.completed |= 1 << i;
            }
        }
        e.state = to;
        e.enteredAt = time;
        switch (to) {
            case ESTABLISHED -> {
                if (e.established == ConnectionRecord.NONE) {
                    e.established = time;
                }
            }
            case FIN_WAIT_1 -> e.initiatedClose = true;
            case CLOSED -> {
                if (cause.equals(TcpStack.TIME_WAIT_OVERFLOW)) {
                    totals.timeWaitOverflow();
                }
                e.closedAt = time;
                e.stateBeforeClosed = from;
                queue(conn(c));
            }
            default -> {
            }
        }
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
        End e = end(c);
        if (e != null) {
            e.synsSent++;
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
                if (r.clientEnd.closedAt == ConnectionRecord.NONE) {
                    r.clientEnd.closedAt = time; // e.g. no free port: the socket never left CLOSED
                }
                queue(r);
            }
        }
    }

    /** The client application learnt how its connection ended. */
    void clientClosed(Conn c, CloseReason reason) {
        if (c.clientReason == null) {
            c.clientReason = reason;
        }
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
        if (c.clientEnd.closedAt == ConnectionRecord.NONE) {
            return false;
        }
        if (c.key != null) {
            return c.serverEnd != null && c.serverEnd.closedAt != ConnectionRecord.NONE
                    && c.firstSynArrival != ConnectionRecord.NONE;
        }
        return c.serverEnd == null || c.serverEnd.closedAt != ConnectionRecord.NONE;
    }

    /** Forgets {@code c} and queues its record for the output. */
    private void finalise(Conn c) {
        if (c.key != null) {
            byTuple.remove(c.key, c);
            c.key = null;
        }
        if (byId.get(c.clientEnd.id) == c) {
            byId.remove(c.clientEnd.id);
        }
        if (c.serverEnd != null && byId.get(c.serverEnd.id) == c) {
            byId.remove(c.serverEnd.id);
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

    private static ConnectionRecord record(Conn c, boolean cut) {
        End ce = c.clientEnd;
        End se = c.serverEnd;
        long clientSetup = ce.established == ConnectionRecord.NONE ? ConnectionRecord.NONE
                : ce.established - c.start;
        long serverSetup = se == null || se.established == ConnectionRecord.NONE
                || c.firstSynArrival == ConnectionRecord.NONE ? ConnectionRecord.NONE
                : se.established - c.firstSynArrival;
        String initiator;
        boolean ci = ce.initiatedClose;
        boolean si = se != null && se.initiatedClose;
        initiator = ci && si ? "both" : ci ? "client" : si ? "server" : "";
        long[] times = new long[ConnectionRecord.TIMED_STATES.length];
        for (int i = 0; i < times.length; i++) {
            long v = ConnectionRecord.NONE;
            if ((ce.completed & 1 << i) != 0) {
                v = ce.total[i];
            }
            if (se != null && (se.completed & 1 << i) != 0) {
                v = Math.max(v, se.total[i]);
            }
            times[i] = v;
        }
        long end;
        if (ce.closedAt == ConnectionRecord.NONE) {
            end = ConnectionRecord.NONE;
        } else if (se == null) {
            end = ce.closedAt;
        } else {
            end = se.closedAt == ConnectionRecord.NONE ? ConnectionRecord.NONE : Math.max(ce.closedAt, se.closedAt);
        }
        Outcome outcome = cut && c.clientReason == null ? Outcome.INCOMPLETE : outcome(c);
        return new ConnectionRecord(c.id, ce.id, se == null ? 0 : se.id, c.client, c.server, c.clientPort,
                c.serverPort, c.start, outcome,
                clientSetup, serverSetup, Math.max(0, ce.synsSent - 1), se == null ? 0 : Math.max(0, se.synsSent - 1),
                initiator, times, end);
    }

    /**
     * The outcome from the client's point of view: ok when the connection was established and ended in order
     * (a FIN_WAIT_2 timeout after the client's own close counts as in order), else what made it fail.
     */
    static Outcome outcome(Conn c) {
        CloseReason r = c.clientReason;
        boolean established = c.clientEnd.established != ConnectionRecord.NONE;
        if (r == null) {
            return established ? Outcome.OK : Outcome.TIMEOUT;
        }
        return switch (r) {
            case NORMAL -> Outcome.OK;
            case REFUSED -> Outcome.REFUSED;
            case RESET, ABORTED -> Outcome.RESET;
            case PORT_EXHAUSTED -> Outcome.PORT_EXHAUSTED;
            case TIMEOUT -> established && c.clientEnd.stateBeforeClosed == TcpState.FIN_WAIT_2 ? Outcome.OK
                    : Outcome.TIMEOUT;
        };
    }
}
