package tcpsim.tcp;

import com.carrotsearch.hppc.IntObjectHashMap;
import com.carrotsearch.hppc.LongIntHashMap;
import org.apache.commons.math3.random.RandomGenerator;
import tcpsim.kernel.Lane;
import tcpsim.kernel.Simulation;
import tcpsim.kernel.Time;
import tcpsim.kernel.net.Host;
import tcpsim.kernel.net.Packet;

/**
 * The TCP of one host: its connections (demultiplexed in O(1) by 4-tuple), listeners, ephemeral ports and
 * profile. Receives the host's packets and hands each segment to {@link SegmentArrives}.
 */
public final class TcpStack {
    /** Linux tcp_tw_reuse: a TIME_WAIT 4-tuple may be reused by connect once it is this old. */
    static final long TW_REUSE_AGE = Time.SECOND;
    /**
     * The cause of the state change to CLOSED of a connection that found no TIME_WAIT bucket left (max-tw-buckets):
     * Linux logs "TCP: time wait bucket table overflow" and destroys the socket.
     */
    public static final String TIME_WAIT_OVERFLOW = "time-wait overflow";
    /** Why a listener discarded a SYN: its SYN queue is full and syncookies are off (Linux ListenDrops). */
    public static final String SYN_QUEUE_FULL = "syn queue full";
    /** Why a listener discarded a SYN or a third ACK: its accept queue is full (Linux ListenOverflows). */
    public static final String ACCEPT_QUEUE_FULL = "accept queue full";

    private final Tcp tcp;
    private final Host host;
    private final Simulation sim;
    private final TcpProfile profile;
    private final ConnectionTable table = new ConnectionTable();
    private final IntObjectHashMap<Listener> listeners = new IntObjectHashMap<>(); // by port; never iterated
    /** Per destination (remote address and port): connections in the table whose local port is ephemeral. */
    private final LongIntHashMap ephemeralInUse = new LongIntHashMap(); // never iterated
    private final PortAllocator ports;
    private final SegmentArrives arrives;
    /** The kernel lane of each fixed-delay {@link Timer.Kind}, by ordinal: one per kind, as the delay is the profile's. */
    private final Lane[] timerLanes;
    /** When this host's timers expire (exact, or on its jiffies clock and timer wheel: timer-hz). */
    private final Jiffies jiffies;
    private RandomGenerator isnRandom;
    /** Connections of this host in TIME_WAIT: the buckets in use (Linux counts them per netns; a host is one). */
    private int timeWaitBuckets;

    TcpStack(Tcp tcp, Host host, TcpProfile profile) {
        this.tcp = tcp;
        this.host = host;
        this.sim = tcp.simulation();
        this.profile = profile;
        this.ports = new PortAllocator(profile.ephemeralPortMin(), profile.ephemeralPortMax());
        this.arrives = new SegmentArrives(this);
        this.jiffies = new Jiffies(profile.timerHz());
        if (!jiffies.exact()) {
            jiffies.drawOffset(sim.random().stream("jiffies:" + host.name()));
        }
        // A lane needs expiry times that do not decrease in the order the timers are set. On the wheel a fixed
        // delay keeps that: jiffies never go back and the bucket is monotone in the arming jiffy. Only at a level
        // boundary (delay of 63, 504 ... jiffies) can the clock's one-ahead state after an expiry move a later timer
        // to the finer level, before an earlier one; the lane then hands it to the heap, in the same order.
        this.timerLanes = new Lane[Timer.Kind.values().length];
        for (Timer.Kind kind : Timer.Kind.values()) {
            timerLanes[kind.ordinal()] = sim.newLane(switch (kind) {
                case DELAYED_ACK -> profile.delayedAck();
                case FIN_WAIT_2 -> profile.finWait2Timeout();
                case TIME_WAIT -> profile.timeWait();
            });
        }
    }

    public Host host() {
        return host;
    }

    public TcpProfile profile() {
        return profile;
    }

    Tcp tcp() {
        return tcp;
    }

    Simulation sim() {
        return sim;
    }

    /** This host's timer clock (see {@link Jiffies}). */
    Jiffies jiffies() {
        return jiffies;
    }

    /**
     * Sets this host's jiffies phase (ignored under timer-hz 0): the simulated time 0 lies {@code offsetNs} after
     * jiffy 0. Drawn from the stream "jiffies:&lt;host name&gt;" otherwise; hosts given the same offset share one
     * kernel's clock. Set it before the host's first connection.
     */
    public void setJiffiesOffset(long offsetNs) {
        jiffies.setOffset(offsetNs);
    }

    /** This host's jiffies phase in ns (0 under timer-hz 0). */
    public long jiffiesOffset() {
        return jiffies.exact() ? 0 : jiffies.offset();
    }

    /** The lane of this stack's timers of {@code kind}. */
    Lane lane(Timer.Kind kind) {
        return timerLanes[kind.ordinal()];
    }

    /**
     * Takes a TIME_WAIT bucket for a connection entering TIME_WAIT; false when the host holds max-tw-buckets already
     * (Linux inet_twsk_alloc fails), and then the connection must not enter TIME_WAIT.
     */
    boolean takeTimeWaitBucket() {
        int max = profile.maxTwBuckets();
        if (max > 0 && timeWaitBuckets >= max) {
            return false;
        }
        timeWaitBuckets++;
        return true;
    }

    /** A connection left TIME_WAIT. */
    void releaseTimeWaitBucket() {
        timeWaitBuckets--;
    }

    /** Connections of this host in TIME_WAIT. */
    public int timeWaitCount() {
        return timeWaitBuckets;
    }

    /** Connections of this host that are not CLOSED (TIME_WAIT included). */
    public int connectionCount() {
        return table.size();
    }

    /** The connection with this 4-tuple (seen from here), or null. */
    public Connection lookup(int localPort, int remoteAddress, int remotePort) {
        return table.get(FourTuple.key(remoteAddress, localPort, remotePort));
    }

    /** Passive OPEN with the profile's accept backlog. */
    public TcpListener listen(int port, ListenerCallbacks callbacks) {
        return listen(port, profile.acceptBacklog(), callbacks);
    }

    /** Passive OPEN (RFC 9293 3.10.1). */
    public TcpListener listen(int port, int backlog, ListenerCallbacks callbacks) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + port);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be >= 1, got " + backlog);
        }
        if (listeners.containsKey(port)) {
            throw new IllegalStateException(host.name() + " already listens on port " + port);
        }
        Listener l = new Listener(this, port, backlog, callbacks);
        listeners.put(port, l);
        return l;
    }

    void removeListener(Listener l) {
        if (listeners.get(l.port()) == l) {
            listeners.remove(l.port());
        }
    }

    Listener listener(int port) {
        return listeners.get(port);
    }

    /**
     * Active OPEN from an ephemeral port (RFC 9293 3.10.1). When no port is free the returned socket is CLOSED and
     * callbacks.onClosed(s, PORT_EXHAUSTED) is called from a zero-delay event.
     */
    public TcpSocket connect(int remoteAddress, int remotePort, SocketCallbacks callbacks) {
        // every ephemeral port to this destination held (and none reusable): no need to scan the range
        boolean allHeld = !profile.twReuse() && inUse(remoteAddress, remotePort) >= ports.rangeSize();
        int port = allHeld ? -1 : ports.allocate(p -> portUsable(p, remoteAddress, remotePort));
        if (port < 0) {
            TcpConnection c = new TcpConnection(tcp.nextId(), this, 0, remoteAddress, remotePort, true,
                    TcpState.CLOSED, callbacks);
            sim.schedule(0, () -> {
                tcp.emitClosed(sim.now(), c, CloseReason.PORT_EXHAUSTED);
                c.callbacks.onClosed(c, CloseReason.PORT_EXHAUSTED);
            });
            return c;
        }
        return open(port, remoteAddress, remotePort, callbacks);
    }

    /**
     * Active OPEN from a given local port (e.g. for simultaneous open). Throws IllegalStateException when the
     * 4-tuple is in use (a TIME_WAIT one is reused when the profile's tw-reuse allows it).
     */
    public TcpSocket connect(int localPort, int remoteAddress, int remotePort, SocketCallbacks callbacks) {
        if (localPort < 1 || localPort > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + localPort);
        }
        TcpConnection old = table.get(FourTuple.key(remoteAddress, localPort, remotePort));
        if (old != null && !timeWaitReusable(old)) {
            throw new IllegalStateException("4-tuple in use: " + old);
        }
        return open(localPort, remoteAddress, remotePort, callbacks);
    }

    private boolean portUsable(int port, int remoteAddress, int remotePort) {
        if (listeners.containsKey(port)) {
            return false;
        }
        TcpConnection old = table.get(FourTuple.key(remoteAddress, port, remotePort));
        return old == null || timeWaitReusable(old);
    }

    private boolean timeWaitReusable(TcpConnection old) {
        return profile.twReuse() && old.state == TcpState.TIME_WAIT
                && sim.now() - old.timeWait.enteredAt >= TW_REUSE_AGE;
    }

    private TcpConnection open(int localPort, int remoteAddress, int remotePort, SocketCallbacks callbacks) {
        TcpConnection old = table.get(FourTuple.key(remoteAddress, localPort, remotePort));
        boolean reuse = old != null;
        int reuseIsn = reuse ? old.timeWait.sndNxt + 65535 + 2 : 0; // Linux tcp_twsk_unique
        if (reuse) {
            old.closeWith(CloseReason.NORMAL, "tw-reuse");
        }
        TcpConnection c = new TcpConnection(tcp.nextId(), this, localPort, remoteAddress, remotePort, true,
                TcpState.CLOSED, callbacks);
        int iss = reuse ? reuseIsn : nextIsn(c);
        Tcb t = new Tcb(c, profile, iss);
        t.sndNxt = iss + 1;
        t.sndMax = iss + 1;
        c.tcb = t;
        register(c);
        c.enter(TcpState.SYN_SENT, "connect");
        t.rttTiming = true;
        t.rttSeq = iss;
        t.rttStart = sim.now();
        Output.sendSyn(c);
        t.retransmit.start(profile.synTimeout(0));
        return c;
    }

    int nextIsn(TcpConnection c) {
        IsnSource source = tcp.isnSource();
        if (source != null) {
            return source.next(host, c.tuple(), sim.now());
        }
        if (isnRandom == null) {
            isnRandom = sim.random().stream("isn:" + host.name());
        }
        return isnRandom.nextInt();
    }

    TcpConnection newPassive(int localPort, int remoteAddress, int remotePort) {
        TcpConnection c = new TcpConnection(tcp.nextId(), this, localPort, remoteAddress, remotePort, false,
                TcpState.LISTEN, null);
        register(c);
        return c;
    }

    void register(TcpConnection c) {
        table.put(c.key(), c);
        if (isEphemeral(c.localPort)) {
            ephemeralInUse.addTo(destination(c.remoteAddress, c.remotePort), 1);
        }
    }

    void unregister(TcpConnection c) {
        if (table.remove(c.key(), c) && isEphemeral(c.localPort)) {
            long d = destination(c.remoteAddress, c.remotePort);
            if (ephemeralInUse.addTo(d, -1) == 0) {
                ephemeralInUse.remove(d);
            }
        }
    }

    private boolean isEphemeral(int port) {
        return port >= profile.ephemeralPortMin() && port <= profile.ephemeralPortMax();
    }

    private static long destination(int remoteAddress, int remotePort) {
        return ((long) remoteAddress << 16) | (remotePort & 0xffff);
    }

    private int inUse(int remoteAddress, int remotePort) {
        return ephemeralInUse.get(destination(remoteAddress, remotePort)); // 0 when absent
    }

    /** The host's packet receiver: demultiplex and process (RFC 9293 3.10.7). */
    void receive(Packet packet) {
        if (!(packet instanceof Segment s)) {
            return;
        }
        TcpConnection c = table.get(FourTuple.key(s.source(), s.destinationPort(), s.sourcePort()));
        tcp.emitReceived(sim.now(), host, c, s);
        if (c == null) {
            Listener l = listeners.get(s.destinationPort());
            if (l != null) {
                arrives.listen(l, s, false, 0);
            } else {
                arrives.closed(s);
            }
            return;
        }
        switch (c.state) {
            case CLOSED, LISTEN -> arrives.closed(s); // not in the table in these states
            case SYN_SENT -> arrives.synSent(c, s);
            case SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK ->
                    arrives.synchronizedOrSynReceived(c, s);
            case TIME_WAIT -> arrives.timeWait(c, s);
        }
    }

    void transmit(TcpConnection c, Segment s) {
        tcp.emitSent(sim.now(), host, c, s);
        host.send(s);
    }

    void discard(TcpConnection c, Segment s, String why) {
        tcp.emitDiscarded(sim.now(), host, c, s, why);
    }

    @Override
    public String toString() {
        return "tcp@" + host.name();
    }
}
