package tcpsim.experiments.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tcpsim.kernel.net.Host;
import tcpsim.tcp.CloseReason;
import tcpsim.tcp.Connection;
import tcpsim.tcp.FourTuple;
import tcpsim.tcp.Segment;
import tcpsim.tcp.TcpObserver;
import tcpsim.tcp.TcpState;

/**
 * The metrics of one run, computed from what the TCP model emits: per-connection records (both ends matched by
 * the reversed 4-tuple) and the state occupancy of every host. The model never computes metrics; this does.
 */
final class Recorder implements TcpObserver {
    private static final int STATES = TcpState.values().length;

    /** One end of a connection. */
    static final class End {
        long id;
        TcpState state = TcpState.CLOSED;
        long enteredAt;
        final long[] total = new long[STATES];
        final boolean[] completed = new boolean[STATES];
        long established = ConnectionRecord.NONE;
        long closedAt = ConnectionRecord.NONE;
        TcpState stateBeforeClosed;
        boolean initiatedClose;
        int synsSent;
    }

    /** Everything known about one connection, from both ends. */
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
    private final Map<Host, Integer> hostIndex;
    private final List<Conn> conns = new ArrayList<>();
    /**
     * Connection id (either end; the model numbers connections 1, 2, ... per run) -> record: an array, not a map of
     * boxed longs, which showed in profiles of big runs.
     */
    private Conn[] byId = new Conn[1024];
    private final Map<Key, Conn> byTuple = new HashMap<>();
    private Conn opening; // the connection whose connect() is running right now

    Recorder(OccupancyRecorder occupancy, Map<Host, Integer> hostIndex) {
        this.occupancy = occupancy;
        this.hostIndex = hostIndex;
    }

    /** Call before the client application calls connect for {@code c}. */
    void opening(Conn c) {
        conns.add(c);
        opening = c;
    }

    /** Call when connect has returned with the socket's tuple. */
    void opened(Conn c, Connection socket) {
        opening = null;
        FourTuple t = socket.tuple();
        putId(socket.id(), c);
        c.clientEnd.id = socket.id();
        c.clientPort = t.localPort();
        if (t.localPort() != 0) {
            byTuple.put(new Key(t.localAddress(), t.localPort(), t.remoteAddress(), t.remotePort()), c);
        }
    }

    /** The record of a passively opened connection, by its tuple (null when it matches no client). */
    Conn forServer(Connection server) {
        FourTuple t = server.tuple();
        return byTuple.get(new Key(t.remoteAddress(), t.remotePort(), t.localAddress(), t.localPort()));
    }

    private Conn byId(long id) {
        return id < byId.length ? byId[(int) id] : null;
    }

    private void putId(long id, Conn c) {
        if (id >= byId.length) {
            if (id >= Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("connection id " + id + " is beyond what the recorder indexes");
            }
            byId = Arrays.copyOf(byId, (int) Math.max(id + 1, Math.min(2L * byId.length, Integer.MAX_VALUE - 8)));
        }
        byId[(int) id] = c;
    }

    private Conn clientConn(Connection c) {
        Conn r = byId(c.id());
        if (r == null && opening != null) {
            // events emitted from inside connect(), before it returned the socket
            r = opening;
            putId(c.id(), r);
            r.clientEnd.id = c.id();
        }
        return r;
    }

    private End end(Connection c) {
        if (c.activeOpen()) {
            Conn r = clientConn(c);
            return r == null ? null : r.clientEnd;
        }
        Conn r = byId(c.id());
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
            putId(c.id(), r);
        }
        return r.serverEnd;
    }

    @Override
    public void onStateChange(long time, Connection c, TcpState from, TcpState to, String cause) {
        Integer h = hostIndex.get(c.host());
        if (h != null) {
            occupancy.transition(time, h, from, to);
        }
        End e = end(c);
        if (e == null) {
            return;
        }
        if (e.state != TcpState.CLOSED && e.state != TcpState.LISTEN) {
            e.total[e.state.ordinal()] += time - e.enteredAt;
            e.completed[e.state.ordinal()] = true;
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
                e.closedAt = time;
                e.stateBeforeClosed = from;
            }
            default -> {
            }
        }
    }

    @Override
    public void onSegmentSent(long time, Host host, Connection c, Segment s) {
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
        if (s.isSyn() && !s.isAck()) {
            Conn r = byTuple.get(new Key(s.source(), s.sourcePort(), s.destination(), s.destinationPort()));
            if (r != null && r.firstSynArrival == ConnectionRecord.NONE) {
                r.firstSynArrival = time;
            }
        }
    }

    @Override
    public void onClosed(long time, Connection c, CloseReason reason) {
        if (c.activeOpen()) {
            Conn r = clientConn(c);
            if (r != null) {
                clientClosed(r, reason);
                if (r.clientEnd.closedAt == ConnectionRecord.NONE) {
                    r.clientEnd.closedAt = time; // e.g. no free port: the socket never left CLOSED
                }
            }
        }
    }

    /** The client application learnt how its connection ended. */
    void clientClosed(Conn c, CloseReason reason) {
        if (c.clientReason == null) {
            c.clientReason = reason;
        }
    }

    /** The per-connection records, by id; {@code cut}: a limit stopped the run, so unfinished ones are incomplete. */
    List<ConnectionRecord> records(boolean cut) {
        List<ConnectionRecord> out = new ArrayList<>(conns.size());
        for (Conn c : conns) {
            out.add(record(c, cut));
        }
        return out;
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
            int s = ConnectionRecord.TIMED_STATES[i].ordinal();
            long v = ConnectionRecord.NONE;
            if (ce.completed[s]) {
                v = ce.total[s];
            }
            if (se != null && se.completed[s]) {
                v = Math.max(v, se.total[s]);
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
        return new ConnectionRecord(c.id, c.client, c.server, c.clientPort, c.serverPort, c.start, outcome,
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
