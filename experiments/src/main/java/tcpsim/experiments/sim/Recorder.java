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
            throw new AssertionError("LiveRecord keeps the stays before TIME_WAIT's in ints 0 .. 4, TIME_WAIT's last");
        }
    }

    private static final int TIME_WAIT_COLUMN = LiveRecord.TIME_WAIT_COLUMN;
    private static final int LONG_STAY = LiveRecord.LONG_STAY;
    private static final int NO_STAY = LiveRecord.NO_STAY;

    private final OccupancyRecorder occupancy;
    private final int[] hostIndex; // by node index: the host's number (position in hosts), -1 for none
    private final List<String> hostNames; // by host number
    private final int[] hostAddress; // by host number
    private final RunOutput output;
    private final LongSupplier clock;
    private final ConnectionTotals totals = new ConnectionTotals();
    private final ConnsByTuple byTuple;
    /** The stays too long for a {@link LiveRecord}'s ints, by TIMED_STATES column (rare). Looked up, never iterated. */
    private final Map<LiveRecord, long[]> longStays = new HashMap<>();
    /**
     * Workload number -> the connection (a LiveRecord, still going) or its final record (a ConnectionRecord waiting for
     * an earlier connection to finish): records leave in workload order.
     */
    private final IdWindow<Object> pending = new IdWindow<>();
    /** In {@link #pending}: the connection's record is parked. */
    private static final Object PARKED = new Object();
    /**
     * Records kept in the heap before any is parked (2 MB; the default of {@link RunOutput#recordsHeld()}): parking
     * costs a write and a read of the record and a new object, and in a short run the JIT's warm-up of that code,
     * which pays off only when many wait at once. Runs with a short TIME_WAIT never park, nor p1 (12,800 in
     * TIME_WAIT: 3-5% faster than with 4096 held first).
     */
    static final int PARK_ABOVE = 16 * ParkedRecords.BLOCK;
    private final ParkedRecords parked;
    private final int parkAbove; // the output's recordsHeld
    private long nextOut = 1; // the workload number of the next record to hand to the output
    private final List<LiveRecord> maybeFinal = new ArrayList<>();
    private long maybeFinalAt; // the instant the connections in maybeFinal were queued
    private LiveRecord opening; // the connection whose connect() is running right now
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
        this.parked = new ParkedRecords(output);
        this.parkAbove = output.recordsHeld();
    }

    /** The record of the workload's connection {@code id} from {@code client} to {@code server}, opened now. */
    LiveRecord connection(long id, Host client, Host server, int serverPort, long start) {
        return new LiveRecord(id, hostIndex[client.index()], hostIndex[server.index()], serverPort, start);
    }

    /** Call before the client application calls connect for {@code c}. */
    void opening(LiveRecord c) {
        going++;
        pending.put(c.id, c);
        opening = c;
    }

    /** Call when connect has returned with the socket's tuple. */
    void opened(LiveRecord c, Connection socket) {
        opening = null;
        FourTuple t = socket.tuple();
        socket.attach(c);
        c.clientTcb = tcbNumber(socket.id());
        c.clientPort(t.localPort());
        if (t.localPort() != 0) {
            if (t.localAddress() != hostAddress[c.clientHost] || t.remoteAddress() != hostAddress[c.serverHost]) {
                throw new IllegalStateException("connection " + c.id + " has tuple " + t + ", not the addresses of "
                        + hostNames.get(c.clientHost) + " and " + hostNames.get(c.serverHost));
            }
            c.set(LiveRecord.KEYED, true);
            LiveRecord before = byTuple.put(c);
            if (before != null) {
                before.set(LiveRecord.KEYED, false); // no server connection can find it any more
                queue(before);
            }
        } else {
            queue(c); // no port: it never reaches a server
        }
    }

    /** Takes {@code c}'s tuple out of byTuple: no server connection can join it any more. */
    private void unkey(LiveRecord c) {
        if (c.is(LiveRecord.KEYED)) {
            byTuple.remove(c);
            c.set(LiveRecord.KEYED, false);
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
    LiveRecord forServer(Connection server) {
        LiveRecord r = attached(server);
        if (r != null) {
            return r;
        }
        return namedByTuple(server);
    }

    /** The record the tuple of a passively opened connection names, null when none. */
    private LiveRecord namedByTuple(Connection server) {
        FourTuple t = server.tuple();
        return byTuple.get(t.remoteAddress(), t.remotePort(), t.localAddress(), t.localPort());
    }

    /**
     * The record attached to {@code c} (either end; each end's TCB carries its connection's record from the first
     * callback that names it), null when none or once the record has been handed on. A parked record comes back
     * into memory: something is about to change it.
     */
    private LiveRecord attached(Connection c) {
        Object a = c.attachment();
        if (a instanceof LiveRecord r) {
            return r.is(LiveRecord.HANDED_ON | LiveRecord.PARKED) ? null : r;
        }
        return a instanceof ParkedRecords.Block b ? unpark(c, b) : null;
    }

    private LiveRecord clientConn(Connection c) {
        LiveRecord r = attached(c);
        if (r == null && opening != null && c.attachment() == null) {
            // events emitted from inside connect(), before it returned the socket it creates (not those of a
            // TIME_WAIT socket whose tuple connect reuses: that one carries its own connection's record)
            r = opening;
            c.attach(r);
            r.clientTcb = tcbNumber(c.id());
        }
        return r;
    }

    /** The record {@code c} is an end of (its client end when {@code c.activeOpen()}), null when not tracked. */
    private LiveRecord tracked(Connection c) {
        if (c.activeOpen()) {
            return clientConn(c);
        }
        LiveRecord r = attached(c);
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
            c.attach(r);
            releaseTuple(r);
        }
        return r;
    }

    /**
     * Once the server end has joined and the first SYN's arrival is known, the tuple has nothing left to find (a
     * second server connection for the same client connection is not tracked), so it leaves the map: otherwise
     * its key and map node stayed for the whole of the client's TIME_WAIT.
     */
    private void releaseTuple(LiveRecord r) {
        if (r.hasServer() && r.firstSynSeen()) {
            unkey(r);
        }
    }

    /**
     * The workload's number of the connection {@code c} is an end of, 0 when none: see {@link ConnectionNumbers}.
     * An observer added after this one asks it once this one has seen the TCB's first state change.
     */
    long numberOf(Connection c) {
        if (c.attachment() instanceof ParkedRecords.Block b) {
            return parked.id(b, c.id()); // it stays parked
        }
        LiveRecord r = attached(c);
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
        LiveRecord r = tracked(c);
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
            case FIN_WAIT_1 ->
                    r.set(client ? LiveRecord.CLIENT_INITIATED_CLOSE : LiveRecord.SERVER_INITIATED_CLOSE, true);
            case TIME_WAIT -> {
                r.waiting = c;
                queue(r); // the next instant may find that only this wait is left: see park
            }
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
    private void foldStay(LiveRecord r, boolean client, int column, long ns) {
        int stayed = (client ? LiveRecord.CLIENT_STAYED : LiveRecord.SERVER_STAYED) << column;
        if (r.is(stayed)) {
            // the fold keeps one stay per end and state (see LiveRecord): a second one would need a sum per end
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
    private long stayTime(LiveRecord r, int column) {
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
        LiveRecord r = tracked(c);
        if (r != null) {
            r.sentSyn(c.activeOpen());
        }
    }

    @Override
    public void onSegmentReceived(long time, Host host, Connection c, Segment s) {
        settle(time);
        if (s.isSyn() && !s.isAck()) {
            LiveRecord r = byTuple.get(s.source(), s.sourcePort(), s.destination(), s.destinationPort());
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
            LiveRecord r = clientConn(c);
            if (r != null) {
                r.clientReason(reason); // what the client application learnt
                if (!r.clientClosed()) {
                    r.closed(true, time); // e.g. no free port: the socket never left CLOSED
                }
                queue(r);
            }
        }
    }

    // ------------------------------------------------------------------ streaming the records

    /**
     * Notes that {@code c} may have become final. It is checked at the next later instant, once every callback of
     * this instant (the application's close reason among them) has run.
     */
    private void queue(LiveRecord c) {
        if (c != null && !c.is(LiveRecord.QUEUED)) {
            long now = clock.getAsLong();
            settle(now);
            c.set(LiveRecord.QUEUED, true);
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
            LiveRecord c = maybeFinal.get(i);
            c.set(LiveRecord.QUEUED, false);
            if (isFinal(c)) {
                finalise(c);
            } else if (going - parked.parked() > parkAbove && parkable(c)) {
                park(c);
            }
        }
        maybeFinal.clear();
    }

    /**
     * True when nothing can change the connection's record any more: the client end is closed, and the server end
     * is closed or, when there is none, no server connection can join it (its tuple now names a newer connection,
     * or it never had one). While its tuple is registered a connection without a first SYN arrival also waits.
     */
    private static boolean isFinal(LiveRecord c) {
        if (!c.clientClosed()) {
            return false;
        }
        if (c.is(LiveRecord.KEYED)) {
            return c.hasServer() && c.serverClosed() && c.firstSynSeen();
        }
        return !c.hasServer() || c.serverClosed();
    }

    /**
     * True when only one end's TIME_WAIT stands between the record and its end: that end is in TIME_WAIT, the
     * other is closed (or there is none, and none can join), and nothing of the record is in the side map.
     */
    private static boolean parkable(LiveRecord c) {
        Connection w = c.waiting;
        if (w == null || c.is(LiveRecord.KEYED) || c.hasLongStay()) {
            return false;
        }
        boolean client = w.activeOpen();
        if (c.state(client) != TcpState.TIME_WAIT) {
            return false;
        }
        return client ? !c.hasServer() || c.serverClosed() : c.clientClosed();
    }

    /**
     * Moves {@code c} out of the heap until its waiting end leaves TIME_WAIT (or the run ends): that end's TCB
     * carries the block it is parked in, and any callback naming that TCB brings it back ({@link #attached}).
     */
    private void park(LiveRecord c) {
        Connection w = c.waiting;
        c.waiting = null;
        w.attach(parked.park(c, tcbNumber(w.id())));
        c.set(LiveRecord.PARKED, true); // other references to this object (the other end's TCB) find nothing
        pending.put(c.id, PARKED);
    }

    private LiveRecord unpark(Connection c, ParkedRecords.Block b) {
        LiveRecord r = parked.unpark(b, c.id());
        r.waiting = c;
        c.attach(r);
        pending.put(r.id, r);
        return r;
    }

    /** Forgets {@code c} and queues its record for the output. */
    private void finalise(LiveRecord c) {
        unkey(c);
        c.set(LiveRecord.HANDED_ON, true); // its TCBs, which carry it, no longer find it
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
        for (LiveRecord c : parked.unparkAll()) {
            pending.put(c.id, c);
        }
        for (long id = nextOut; id < pending.limit(); id++) {
            Object o = pending.get(id);
            emit(o instanceof LiveRecord c ? record(c, cut) : (ConnectionRecord) o);
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

    private ConnectionRecord record(LiveRecord c, boolean cut) {
        boolean server = c.hasServer();
        long clientSetup = c.clientEstablished() ? c.clientEstablished - c.start : ConnectionRecord.NONE;
        boolean ci = c.is(LiveRecord.CLIENT_INITIATED_CLOSE);
        boolean si = server && c.is(LiveRecord.SERVER_INITIATED_CLOSE);
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
    static Outcome outcome(LiveRecord c) {
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
