package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import java.util.function.Predicate;
import tcpsim.kernel.Simulation;
import tcpsim.kernel.Time;
import tcpsim.kernel.net.Channel;
import tcpsim.kernel.net.ChannelSpec;
import tcpsim.kernel.net.DropReason;
import tcpsim.kernel.net.Host;
import tcpsim.kernel.net.Ipv4;
import tcpsim.kernel.net.Link;
import tcpsim.kernel.net.LossModel;
import tcpsim.kernel.net.Network;
import tcpsim.kernel.net.NetworkObserver;
import tcpsim.kernel.net.Node;
import tcpsim.kernel.net.Packet;

/**
 * Test harness: a client (10.0.0.1) and a server (10.0.0.2) joined by one link of configurable one-way latency
 * (default 25 ms, so a 50 ms RTT), a loss model per direction to which drop lists can be added at any time, fixed
 * ISNs per host, and a {@link Recorder} that logs every state change and segment with its simulated time.
 *
 * <p>Helpers in the style of ../shared/STYLE.md: {@link #deliver} puts a hand-made segment on the wire (it arrives
 * one latency later at the real endpoint), {@link #expectSent} runs the simulation until the given host's TCP
 * sends its next segment and compares flags (PSH ignored), seq and ack exactly, {@link #expectNothingSentUntil}
 * runs to a time and checks that the host's TCP sent nothing more.
 */
final class TestNet {
    static final int CLIENT_IP = Ipv4.parse("10.0.0.1");
    static final int SERVER_IP = Ipv4.parse("10.0.0.2");
    static final int PORT = 80;
    static final int FIN = Segment.FIN;
    static final int SYN = Segment.SYN;
    static final int RST = Segment.RST;
    static final int ACK = Segment.ACK;
    static final int PSH = Segment.PSH;
    /** How long {@link #expectSent} waits for a segment before failing. */
    static final long EXPECT_LIMIT = Time.seconds(400);

    final Simulation sim;
    final Network net;
    final Host client;
    final Host server;
    final Link link;
    /** client -> server */
    final Channel up;
    /** server -> client */
    final Channel down;
    final Loss upLoss;
    final Loss downLoss;
    final Tcp tcp;
    final TcpStack clientStack; // null for a raw client
    final TcpStack serverStack; // null for a raw server
    final Recorder rec;
    /** Checks sequence-space invariants and diagram edges after every event; null when switched off. */
    final Invariants inv;
    final long oneWay;

    private final Map<String, Integer> cursor = new HashMap<>();

    private TestNet(Builder b) {
        sim = new Simulation(b.seed);
        net = new Network(sim);
        client = net.addHost("client", CLIENT_IP);
        server = net.addHost("server", SERVER_IP);
        oneWay = b.oneWay;
        upLoss = new Loss();
        downLoss = new Loss();
        link = net.connect(client, server,
                new ChannelSpec(b.oneWay, b.jitter, b.reorder, b.bandwidth, b.queueLimit, upLoss),
                new ChannelSpec(b.oneWay, b.jitter, b.reorder, b.bandwidth, b.queueLimit, downLoss));
        up = link.forward();
        down = link.backward();
        net.computeRoutes();
        rec = new Recorder(sim);
        net.addObserver(rec);
        if (b.randomIsns) {
            tcp = new Tcp(net, b.clientProfile);
        } else {
            IsnSource isns = b.isnSource != null ? b.isnSource : new PerHostIsns(b.clientIsns, b.serverIsns);
            tcp = new Tcp(net, b.clientProfile, isns);
        }
        tcp.addObserver(rec);
        if (b.invariants) {
            TcpProfile cp = b.clientProfile;
            TcpProfile sp = b.serverProfile;
            inv = new Invariants(c -> c.host().address() == CLIENT_IP ? cp : sp);
            net.addObserver(inv);
            tcp.addObserver(inv);
        } else {
            inv = null;
        }
        clientStack = b.rawClient ? null : tcp.install(client, b.clientProfile);
        serverStack = b.rawServer ? null : tcp.install(server, b.serverProfile);
    }

    static Builder builder() {
        return new Builder();
    }

    /** Two real endpoints, the quiet Linux profile, 50 ms RTT, ISNs 1000 (client) and 5000 (server). */
    static TestNet standard() {
        return builder().build();
    }

    // ------------------------------------------------------------------ profiles

    /**
     * Linux values with delayed ACK off, so every ACK goes out at once and traces are exact, the RFC 6298
     * retransmission timer alone (no tail loss probe, retries counted), no timestamps, no SYN cookies (a full
     * SYN queue drops the SYN) and exact timers (timer-hz 0): the state-machine tests assert the plain mechanisms;
     * the issue 10 ones have their own tests with the full {@code linux} profile.
     */
    static TcpProfile quietLinux() {
        return TcpProfile.linux().toBuilder().set(TcpParameter.DELAYED_ACK, 0).set(TcpParameter.TLP, false)
                .set(TcpParameter.RETRIES_BY_TIME, false).set(TcpParameter.TIMESTAMPS, false)
                .set(TcpParameter.SYNCOOKIES, false).set(TcpParameter.TIMER_HZ, 0).build();
    }

    /**
     * The {@code linux} profile with exact timers (timer-hz 0): for the tests of a mechanism's nominal schedule;
     * {@link TimerHzTest} asserts the same schedules on the jiffies clock.
     */
    static TcpProfile exactLinux() {
        return TcpProfile.linux().toBuilder().set(TcpParameter.TIMER_HZ, 0).build();
    }

    // ------------------------------------------------------------------ time

    static long ms(long n) {
        return Time.millis(n);
    }

    static long s(long n) {
        return Time.seconds(n);
    }

    /** Milliseconds, exact: 50, 1050, 0.5. */
    static String fmt(long ns) {
        if (ns % Time.MILLISECOND == 0) {
            return Long.toString(ns / Time.MILLISECOND);
        }
        return new BigDecimal(ns).movePointLeft(6).stripTrailingZeros().toPlainString();
    }

    long now() {
        return sim.now();
    }

    void runUntil(long time) {
        sim.runUntil(time);
    }

    /** Runs {@code action} at absolute simulated time {@code time}. */
    void at(long time, Runnable action) {
        sim.scheduleAt(time, action::run);
    }

    // ------------------------------------------------------------------ applications

    /** Active open from the client to server:80. */
    App connect() {
        return connect(clientStack, SERVER_IP, PORT);
    }

    App connect(int port) {
        return connect(clientStack, SERVER_IP, port);
    }

    App connect(TcpStack stack, int address, int port) {
        App a = new App(sim);
        a.inConnect = true;
        a.socket = stack.connect(address, port, a);
        a.inConnect = false;
        return a;
    }

    Server listen() {
        return listen(serverStack, PORT);
    }

    Server listen(TcpStack stack, int port) {
        Server srv = new Server(sim);
        srv.listener = stack.listen(port, srv);
        return srv;
    }

    Server listen(TcpStack stack, int port, int backlog) {
        Server srv = new Server(sim);
        srv.listener = stack.listen(port, backlog, srv);
        return srv;
    }

    /** Handshake over the standard net: returns {client, server} both ESTABLISHED at 75 ms, cursors cleared. */
    App[] established() {
        Server srv = listen();
        App c = connect();
        runUntil(ms(75));
        assertEquals(TcpState.ESTABLISHED, c.socket.state(), trace());
        assertEquals(1, srv.accepted.size(), "server accepted\n" + trace());
        App sv = srv.accepted.get(0);
        assertEquals(TcpState.ESTABLISHED, sv.socket.state(), trace());
        skipSent();
        return new App[] {c, sv};
    }

    int clientPort(App a) {
        return a.socket.tuple().localPort();
    }

    // ------------------------------------------------------------------ loss

    void dropUp(LossModel m) {
        upLoss.add(m);
    }

    void dropDown(LossModel m) {
        downLoss.add(m);
    }

    static Predicate<Packet> seg(Predicate<Segment> p) {
        return pkt -> pkt instanceof Segment s && p.test(s);
    }

    static Predicate<Packet> flagsAre(int flags) {
        return seg(s -> (s.flags() & ~PSH) == flags);
    }

    static Predicate<Packet> pureAck() {
        return seg(s -> (s.flags() & ~PSH) == ACK && s.payloadLength() == 0);
    }

    static Predicate<Packet> synOnly() {
        return flagsAre(SYN);
    }

    static Predicate<Packet> hasFin() {
        return seg(Segment::isFin);
    }

    static Predicate<Packet> hasRst() {
        return seg(Segment::isRst);
    }

    static Predicate<Packet> hasData() {
        return seg(s -> s.payloadLength() > 0);
    }

    // ------------------------------------------------------------------ segments

    static Segment segment(int src, int dst, int srcPort, int dstPort, int flags, int seq, int ack, int len) {
        return new Segment(src, dst, srcPort, dstPort, seq, ack, flags, 65535, len, (flags & SYN) != 0 ? 1460 : 0);
    }

    /** A segment from the client's address and {@code clientPort} to server:80. */
    static Segment fromClient(int clientPort, int flags, int seq, int ack) {
        return segment(CLIENT_IP, SERVER_IP, clientPort, PORT, flags, seq, ack, 0);
    }

    static Segment fromClient(int clientPort, int flags, int seq, int ack, int len) {
        return segment(CLIENT_IP, SERVER_IP, clientPort, PORT, flags, seq, ack, len);
    }

    /** A segment from server:80 to the client's {@code clientPort}. */
    static Segment fromServer(int clientPort, int flags, int seq, int ack) {
        return segment(SERVER_IP, CLIENT_IP, PORT, clientPort, flags, seq, ack, 0);
    }

    static Segment fromServer(int clientPort, int flags, int seq, int ack, int len) {
        return segment(SERVER_IP, CLIENT_IP, PORT, clientPort, flags, seq, ack, len);
    }

    /** Puts {@code s} on the wire now, from the host owning its source address; it arrives one latency later. */
    void deliver(Segment s) {
        Host from = s.source() == CLIENT_IP ? client : server;
        from.send(s);
    }

    // ------------------------------------------------------------------ expectations

    /**
     * Runs the simulation until {@code host}'s TCP sends its next segment (or returns the next one already sent but
     * not yet expected) and checks it: flags exactly (PSH ignored), seq, and ack when ACK is among the flags.
     */
    Recorder.Sent expectSent(Host host, int flags, int seq, int ack) {
        return expectSent(host, flags, seq, ack, -1);
    }

    /** As {@link #expectSent(Host, int, int, int)}, also checking the payload length. */
    Recorder.Sent expectSent(Host host, int flags, int seq, int ack, int len) {
        Recorder.Sent s = nextSent(host);
        String want = Recorder.describe(flags, seq, ack, len);
        String got = Recorder.describe(s.seg().flags() & ~PSH, s.seg().seq(), s.seg().ack(),
                len < 0 ? -1 : s.seg().payloadLength());
        if ((flags & ACK) == 0) {
            got = Recorder.describe(s.seg().flags() & ~PSH, s.seg().seq(), 0, len < 0 ? -1 : s.seg().payloadLength());
        }
        assertEquals(want, got, "segment sent by " + host.name() + " at " + fmt(s.time()) + " ms\n" + trace());
        return s;
    }

    /** {@link #expectSent} and the time it was sent. */
    Recorder.Sent expectSentAt(long time, Host host, int flags, int seq, int ack) {
        Recorder.Sent s = expectSent(host, flags, seq, ack);
        assertEquals(fmt(time), fmt(s.time()), "send time (ms) of " + s.seg() + "\n" + trace());
        return s;
    }

    /** {@link #expectSent} with payload length, and the time it was sent. */
    Recorder.Sent expectSentAt(long time, Host host, int flags, int seq, int ack, int len) {
        Recorder.Sent s = expectSent(host, flags, seq, ack, len);
        assertEquals(fmt(time), fmt(s.time()), "send time (ms) of " + s.seg() + "\n" + trace());
        return s;
    }

    /** The next segment {@code host}'s TCP sends, running the simulation (at most {@link #EXPECT_LIMIT}) for it. */
    Recorder.Sent nextSent(Host host) {
        int i = cursor.getOrDefault(host.name(), 0);
        List<Recorder.Sent> list = rec.sentBy(host.name());
        if (i >= list.size()) {
            rec.stopOnSendBy = host.name();
            long limit = sim.now() + EXPECT_LIMIT;
            sim.runUntil(limit);
            rec.stopOnSendBy = null;
            list = rec.sentBy(host.name());
            if (i >= list.size()) {
                fail(host.name() + " sent nothing more by " + fmt(limit) + " ms\n" + trace());
            }
        }
        cursor.put(host.name(), i + 1);
        return list.get(i);
    }

    /** Runs to {@code until} and checks that {@code host}'s TCP sent nothing that was not already expected. */
    void expectNothingSentUntil(Host host, long until) {
        sim.runUntil(until);
        int i = cursor.getOrDefault(host.name(), 0);
        List<Recorder.Sent> list = rec.sentBy(host.name());
        if (i < list.size()) {
            fail(host.name() + " sent " + list.subList(i, list.size()) + " before " + fmt(until) + " ms\n"
                    + trace());
        }
    }

    /** Marks every segment sent so far as expected. */
    void skipSent() {
        for (String h : List.of("client", "server")) {
            cursor.put(h, rec.sentBy(h).size());
        }
    }

    // ------------------------------------------------------------------ connections

    /** The {@code i}-th connection (creation order) seen at {@code host}. */
    Connection conn(Host host, int i) {
        List<Connection> list = rec.connectionsOf(host.name());
        if (i >= list.size()) {
            fail("no connection #" + i + " at " + host.name() + "\n" + trace());
        }
        return list.get(i);
    }

    /** State changes of {@code c} as "FROM>TO@ms". */
    List<String> path(Connection c) {
        List<String> out = new ArrayList<>();
        for (Recorder.Change ch : rec.changes) {
            if (ch.conn().id() == c.id()) {
                out.add(ch.from() + ">" + ch.to() + "@" + fmt(ch.time()));
            }
        }
        return out;
    }

    /** State changes of {@code c} as "FROM>TO" (no times). */
    List<String> states(Connection c) {
        List<String> out = new ArrayList<>();
        for (Recorder.Change ch : rec.changes) {
            if (ch.conn().id() == c.id()) {
                out.add(ch.from() + ">" + ch.to());
            }
        }
        return out;
    }

    /** Time at which {@code c} entered {@code state} (first time), or -1. */
    long entered(Connection c, TcpState state) {
        for (Recorder.Change ch : rec.changes) {
            if (ch.conn().id() == c.id() && ch.to() == state) {
                return ch.time();
            }
        }
        return -1;
    }

    /** The observer's onClosed record of {@code c}; fails unless there is exactly one. */
    Recorder.Closed closed(Connection c) {
        Recorder.Closed found = null;
        for (Recorder.Closed cl : rec.closed) {
            if (cl.conn().id() == c.id()) {
                if (found != null) {
                    fail("onClosed reported twice for connection " + c.id() + "\n" + trace());
                }
                found = cl;
            }
        }
        assertNotNull(found, "connection " + c.id() + " never reported onClosed\n" + trace());
        return found;
    }

    String trace() {
        return "--- trace ---\n" + String.join("\n", rec.lines) + "\n---";
    }

    /** The wire trace: every segment put on a channel, its fate and time, e.g. "25 server>client SYN,ACK 5000 1001". */
    List<String> wire() {
        return rec.wire;
    }

    // ------------------------------------------------------------------ inner types

    static final class Builder {
        private long seed = 1;
        private long oneWay = Time.millis(25);
        private TcpProfile clientProfile = quietLinux();
        private TcpProfile serverProfile = clientProfile;
        private int[] clientIsns = {1000};
        private int[] serverIsns = {5000};
        private IsnSource isnSource;
        private boolean rawClient;
        private boolean rawServer;
        private boolean invariants = true;
        private boolean randomIsns;
        private long jitter;
        private boolean reorder;
        private long bandwidth;
        private int queueLimit = Integer.MAX_VALUE;

        Builder oneWay(long ns) {
            this.oneWay = ns;
            return this;
        }

        /** Both directions: bandwidth in bit/s (0 = unlimited) and drop-tail queue limit in packets. */
        Builder bandwidth(long bitsPerSecond, int limit) {
            bandwidth = bitsPerSecond;
            queueLimit = limit;
            return this;
        }

        /** Both directions: uniform extra delay in [0, max] ns; {@code mayReorder} lets packets overtake. */
        Builder jitter(long max, boolean mayReorder) {
            jitter = max;
            reorder = mayReorder;
            return this;
        }

        Builder seed(long s) {
            this.seed = s;
            return this;
        }

        Builder profile(TcpProfile p) {
            clientProfile = p;
            serverProfile = p;
            return this;
        }

        Builder clientProfile(TcpProfile p) {
            clientProfile = p;
            return this;
        }

        Builder serverProfile(TcpProfile p) {
            serverProfile = p;
            return this;
        }

        /** Client ISNs in order; after the last, each further one is 1,000,000 above the previous. */
        Builder clientIsns(int... isns) {
            clientIsns = isns.clone();
            return this;
        }

        Builder serverIsns(int... isns) {
            serverIsns = isns.clone();
            return this;
        }

        Builder isnSource(IsnSource source) {
            isnSource = source;
            return this;
        }

        /** No TCP on the client: the test plays the client by hand with {@link TestNet#deliver}. */
        Builder rawClient() {
            rawClient = true;
            return this;
        }

        Builder rawServer() {
            rawServer = true;
            return this;
        }

        /** The model's default ISNs: seeded random per host (stream "isn:&lt;host&gt;"). */
        Builder randomIsns() {
            randomIsns = true;
            return this;
        }

        Builder noInvariants() {
            invariants = false;
            return this;
        }

        TestNet build() {
            return new TestNet(this);
        }
    }

    /** Fixed ISNs per host, in order; then +1,000,000 each. */
    static final class PerHostIsns implements IsnSource {
        private final int[] client;
        private final int[] server;
        private int nc;
        private int ns;

        PerHostIsns(int[] client, int[] server) {
            this.client = client;
            this.server = server;
        }

        @Override
        public int next(Host host, FourTuple tuple, long now) {
            if (host.address() == CLIENT_IP) {
                int v = nc < client.length ? client[nc] : client[client.length - 1] + (nc - client.length + 1) * 1_000_000;
                nc++;
                return v;
            }
            int v = ns < server.length ? server[ns] : server[server.length - 1] + (ns - server.length + 1) * 1_000_000;
            ns++;
            return v;
        }
    }

    /** A loss model to which further models can be added during a test; every model sees every packet. */
    static final class Loss implements LossModel {
        private final List<LossModel> models = new ArrayList<>();

        void add(LossModel m) {
            models.add(m);
        }

        @Override
        public boolean isLost(Packet packet) {
            boolean lost = false;
            for (LossModel m : models) {
                lost |= m.isLost(packet);
            }
            return lost;
        }
    }

    /** Application callbacks that record what happened and when, with optional actions. */
    static final class App implements SocketCallbacks {
        final Simulation sim;
        TcpSocket socket;
        boolean inConnect;
        boolean calledDuringConnect;
        long establishedAt = -1;
        long peerClosedAt = -1;
        long closedAt = -1;
        long allAckedAt = -1;
        long received;
        long receivedAtPeerClosed = -1;
        long lastDataAt = -1;
        int closedCalls;
        CloseReason reason;
        final List<String> events = new ArrayList<>();
        Consumer<TcpSocket> whenEstablished = s -> { };
        Consumer<TcpSocket> whenPeerClosed = s -> { };
        Consumer<TcpSocket> whenAllAcked = s -> { };
        ObjLongConsumer<TcpSocket> whenData = (s, n) -> { };

        App(Simulation sim) {
            this.sim = sim;
        }

        private void note(String what) {
            if (inConnect) {
                calledDuringConnect = true;
            }
            events.add(what + "@" + fmt(sim.now()));
        }

        @Override
        public void onEstablished(TcpSocket s) {
            note("established");
            establishedAt = sim.now();
            whenEstablished.accept(s);
        }

        @Override
        public void onData(TcpSocket s, long newBytes) {
            note("data:" + newBytes);
            received += newBytes;
            lastDataAt = sim.now();
            whenData.accept(s, newBytes);
        }

        @Override
        public void onAllDataAcked(TcpSocket s) {
            note("allAcked");
            allAckedAt = sim.now();
            whenAllAcked.accept(s);
        }

        @Override
        public void onPeerClosed(TcpSocket s) {
            note("peerClosed");
            peerClosedAt = sim.now();
            receivedAtPeerClosed = received;
            whenPeerClosed.accept(s);
        }

        @Override
        public void onClosed(TcpSocket s, CloseReason r) {
            note("closed:" + r);
            closedAt = sim.now();
            closedCalls++;
            reason = r;
        }
    }

    /** A listener whose accepted sockets each get an {@link App}, configured by {@link #setup} first. */
    static final class Server implements ListenerCallbacks {
        final Simulation sim;
        TcpListener listener;
        final List<App> accepted = new ArrayList<>();
        Consumer<App> setup = a -> { };

        Server(Simulation sim) {
            this.sim = sim;
        }

        @Override
        public void onAccept(TcpSocket socket) {
            App a = new App(sim);
            a.socket = socket;
            a.establishedAt = sim.now();
            a.events.add("accepted@" + fmt(sim.now()));
            setup.accept(a);
            socket.setCallbacks(a);
            accepted.add(a);
        }
    }

    /** Logs (time, host, event, flags, seq, ack, state) for everything TCP and the network report. */
    static final class Recorder implements TcpObserver, NetworkObserver {
        record Sent(long time, String host, Connection conn, Segment seg) {
            @Override
            public String toString() {
                return fmt(time) + " " + host + " " + line(seg);
            }
        }

        record Change(long time, Connection conn, TcpState from, TcpState to, String cause) { }

        record Closed(long time, Connection conn, CloseReason reason) { }

        record Discard(long time, String host, Connection conn, Segment seg, String why) { }

        private final Simulation sim;
        final List<String> lines = new ArrayList<>();
        final List<String> wire = new ArrayList<>();
        final List<Change> changes = new ArrayList<>();
        final List<Sent> sent = new ArrayList<>();
        final List<Sent> received = new ArrayList<>();
        final List<Discard> discarded = new ArrayList<>();
        final List<Closed> closed = new ArrayList<>();
        private final Map<String, List<Sent>> sentByHost = new HashMap<>();
        private final Map<String, List<Connection>> connsByHost = new HashMap<>();
        private final Map<Long, Connection> conns = new LinkedHashMap<>();
        String stopOnSendBy;

        Recorder(Simulation sim) {
            this.sim = sim;
        }

        static String describe(int flags, int seq, int ack, int len) {
            Segment s = new Segment(0, 0, 0, 0, seq, ack, flags, 0, Math.max(len, 0), 0);
            return "[" + s.flagNames() + "] seq=" + Integer.toUnsignedString(seq)
                    + ((flags & ACK) != 0 ? " ack=" + Integer.toUnsignedString(ack) : "")
                    + (len >= 0 ? " len=" + len : "");
        }

        static String line(Segment s) {
            return describe(s.flags() & ~PSH, s.seq(), s.ack(), s.payloadLength()) + " "
                    + s.sourcePort() + ">" + s.destinationPort();
        }

        List<Sent> sentBy(String host) {
            return sentByHost.getOrDefault(host, List.of());
        }

        List<Connection> connectionsOf(String host) {
            return connsByHost.getOrDefault(host, List.of());
        }

        Map<Long, Connection> connections() {
            return conns;
        }

        private void see(Connection c) {
            if (c != null && !conns.containsKey(c.id())) {
                conns.put(c.id(), c);
                connsByHost.computeIfAbsent(c.host().name(), k -> new ArrayList<>()).add(c);
            }
        }

        private String st(Connection c) {
            return c == null ? "-" : "#" + c.id() + ":" + c.state();
        }

        @Override
        public void onStateChange(long time, Connection c, TcpState from, TcpState to, String cause) {
            see(c);
            changes.add(new Change(time, c, from, to, cause));
            lines.add(fmt(time) + " " + c.host().name() + " #" + c.id() + " " + from + " -> " + to + " (" + cause
                    + ")");
        }

        @Override
        public void onSegmentSent(long time, Host host, Connection c, Segment s) {
            see(c);
            Sent e = new Sent(time, host.name(), c, s);
            sent.add(e);
            sentByHost.computeIfAbsent(host.name(), k -> new ArrayList<>()).add(e);
            lines.add(fmt(time) + " " + host.name() + " SENT " + line(s) + " " + st(c));
            if (host.name().equals(stopOnSendBy)) {
                sim.stop();
            }
        }

        @Override
        public void onSegmentReceived(long time, Host host, Connection c, Segment s) {
            see(c);
            received.add(new Sent(time, host.name(), c, s));
            lines.add(fmt(time) + " " + host.name() + " RECV " + line(s) + " " + st(c));
        }

        @Override
        public void onSegmentDiscarded(long time, Host host, Connection c, Segment s, String why) {
            see(c);
            discarded.add(new Discard(time, host.name(), c, s, why));
            lines.add(fmt(time) + " " + host.name() + " DISCARD " + line(s) + " " + st(c) + " (" + why + ")");
        }

        @Override
        public void onClosed(long time, Connection c, CloseReason reason) {
            see(c);
            closed.add(new Closed(time, c, reason));
            lines.add(fmt(time) + " " + c.host().name() + " #" + c.id() + " CLOSED " + reason);
        }

        @Override
        public void onSend(long time, Channel channel, Packet packet) {
            if (packet instanceof Segment s) {
                String w = fmt(time) + " " + channel.from().name() + ">" + channel.to().name() + " " + brief(s);
                wire.add(w);
            }
        }

        @Override
        public void onDrop(long time, Node node, Channel channel, Packet packet, DropReason reason) {
            if (packet instanceof Segment s) {
                String where = channel != null ? channel.name() : node.name();
                lines.add(fmt(time) + " DROP " + where + " " + line(s) + " " + reason);
                if (reason == DropReason.LOSS) {
                    wire.set(wire.size() - 1, wire.get(wire.size() - 1) + " LOST");
                }
            }
        }

        /** "SYN,ACK 5000 1001" or "ACK 1001 5001 100" (len only when > 0, ack only with ACK). */
        static String brief(Segment s) {
            StringBuilder b = new StringBuilder();
            b.append(new Segment(0, 0, 0, 0, 0, 0, s.flags() & ~PSH, 0, 0, 0).flagNames()).append(' ')
                    .append(Integer.toUnsignedString(s.seq()));
            if (s.isAck()) {
                b.append(' ').append(Integer.toUnsignedString(s.ack()));
            }
            if (s.payloadLength() > 0) {
                b.append(" len=").append(s.payloadLength());
            }
            return b.toString();
        }
    }
}
