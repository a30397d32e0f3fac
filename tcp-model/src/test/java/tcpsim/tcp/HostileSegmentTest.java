package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpsim.tcp.TestNet.ms;
import static tcpsim.tcp.TestNet.s;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import tcpsim.tcp.TestNet.App;
import tcpsim.tcp.TestNet.Server;

/**
 * Hostile segments (RFC 9293 3.10.7, RFC 5961): a connection pair is driven into a state, then a storm of random
 * and malformed segments (any flag byte, SEQ and ACK anywhere in the 32-bit space including both wrap points and
 * around the live RCV.NXT, SND.UNA and window edges, RST and SYN storms, duplicates, stale segments, segments to
 * closed ports and after CLOSED) is injected at both ends for {@link #STORM} of simulated time. {@link Invariants}
 * checks after every event that nothing throws, every state change is allowed by {@link Transitions} under the
 * profile, SND.UNA &lt;= SND.NXT &lt;= SND.MAX, RCV.NXT and SND.UNA never go back, and every segment sent lies in
 * [SND.UNA, SND.MAX] and acknowledges exactly RCV.NXT. Once the storm stops, the applications close, and every
 * connection must reach CLOSED with one reason within {@link #bound} (computed from the profile).
 */
class HostileSegmentTest {
    /** The storm runs from {@link #STORM_START} for this long. */
    static final long STORM = s(2);
    static final long STORM_START = s(1);
    static final long RTT = ms(50);
    /**
     * Bytes the client sends once established (a few segments, acknowledged before any close), and each
     * application again when the storm stops.
     */
    static final int DATA = 3000;
    static final int[] COMMON_FLAGS = {Segment.SYN, Segment.SYN | Segment.ACK, Segment.ACK,
        Segment.ACK | Segment.PSH, Segment.FIN | Segment.ACK, Segment.RST, Segment.RST | Segment.ACK, Segment.FIN, 0,
        Segment.SYN | Segment.FIN, Segment.SYN | Segment.RST, Segment.FIN | Segment.RST | Segment.ACK, 0xFF};

    /** Where the pair is when the storm begins: the states of the client and of the server connection. */
    enum Scenario {
        /** The server aborts on accept: both connections CLOSED, the 4-tuple dead, the listener alive. */
        CLOSED(TcpState.CLOSED, TcpState.CLOSED),
        /** Only the listener. */
        LISTEN(null, null),
        /** SYN-ACKs are lost. */
        HANDSHAKE(TcpState.SYN_SENT, TcpState.SYN_RECEIVED),
        ESTABLISHED(TcpState.ESTABLISHED, TcpState.ESTABLISHED),
        /** The client closes, the ACK of its FIN is lost. */
        FIN_WAIT_1(TcpState.FIN_WAIT_1, TcpState.CLOSE_WAIT),
        /** The client closes, the server does not. */
        FIN_WAIT_2(TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT),
        /** Both close at once, the ACKs of both FINs are lost. */
        CLOSING(TcpState.CLOSING, TcpState.CLOSING),
        /** The client closes, then the server; the client's last ACK is lost. */
        LAST_ACK(TcpState.TIME_WAIT, TcpState.LAST_ACK);

        final TcpState client;
        final TcpState server;

        Scenario(TcpState client, TcpState server) {
            this.client = client;
            this.server = server;
        }
    }

    /**
     * Upper bound on the simulated time from the end of the storm until every connection is CLOSED, with at most
     * {@code bytes} to send in each direction. After the storm only the real endpoints send and nothing is lost, so
     * a connection passes each phase at most once and each phase ends by its own timeout: SYN and SYN-ACK give-up
     * (the profile's schedules), data and then FIN retransmissions (at most retries + 1 timeouts, each capped at
     * max-rto), the FIN_WAIT_2 timeout, TIME_WAIT, plus 8 RTTs for the handshake and close exchanges; and each data
     * segment (of at most min(mss, receive-window) bytes) is acknowledged within one RTT and a delayed-ACK timeout,
     * or retransmitted within one max-rto. Without linuxQuirks (RFC 9293's SND.WL1 rule) a window frozen by an
     * injected segment with a SEQ ahead of the peer's stays frozen, so data may go one byte per probe.
     */
    static long bound(TcpProfile p, long bytes) {
        long unit = p.linuxQuirks() ? Math.min(p.mss(), p.receiveWindow()) : 1;
        long segments = (bytes + unit - 1) / unit;
        return p.synGiveUp() + p.synAckGiveUp() + (p.dataRetries() + 1L) * p.maxRto()
                + (p.finRetries() + 1L) * p.maxRto() + p.finWait2Timeout() + p.timeWait() + 8 * RTT
                + segments * (RTT + p.delayedAck() + p.maxRto());
    }

    static long bound(TcpProfile p) {
        return bound(p, 2 * DATA);
    }

    @Property(tries = 400, seed = "9293", generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.MIXIN)
    void hostileSegments_inEveryState_invariantsHold_andEveryConnectionCloses(
            @ForAll Scenario scenario,
            @ForAll boolean linux,
            @ForAll int clientIsn,
            @ForAll int serverIsn,
            @ForAll long stormSeed,
            @ForAll @IntRange(min = 1, max = 120) int stormSize) {
        TcpProfile p = linux ? TcpProfile.linux() : TcpProfile.rfc9293();
        Statistics.collect(scenario, p.name());
        Storm storm = new Storm(p, scenario, clientIsn, serverIsn, stormSeed, stormSize);
        storm.run();
    }

    /** The standard exchange with no hostile segment: every scenario reaches its states and closes cleanly. */
    @Property(tries = 16, generation = GenerationMode.EXHAUSTIVE)
    void withoutStorm_everyScenarioReachesItsStates_andClosesNormally(@ForAll Scenario scenario,
            @ForAll boolean linux) {
        TcpProfile p = linux ? TcpProfile.linux() : TcpProfile.rfc9293();
        Storm storm = new Storm(p, scenario, -256, Integer.MAX_VALUE, 1, 0);
        storm.run();
        for (Invariants.Track tr : storm.t.inv.tracks.values()) {
            CloseReason want = scenario == Scenario.CLOSED ? (tr.conn.activeOpen() ? CloseReason.RESET
                    : CloseReason.ABORTED) : CloseReason.NORMAL;
            assertEquals(want, tr.reason, "#" + tr.conn.id() + "\n" + storm.t.trace());
        }
    }

    /** One run: set-up, storm, close, checks. */
    static final class Storm {
        final TcpProfile profile;
        final Scenario scenario;
        final Random random;
        final int size;
        final TestNet t;
        final Server server;
        final App client;
        final Set<Segment> injected = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean blockUp;
        boolean blockDown;
        boolean stormOver;
        int clientPort = 40000; // LISTEN: no real client connection; replaced by the real port once connected

        Storm(TcpProfile p, Scenario scenario, int clientIsn, int serverIsn, long seed, int size) {
            this.profile = p;
            this.scenario = scenario;
            this.random = new Random(seed);
            this.size = size;
            t = TestNet.builder().profile(p).clientIsns(clientIsn).serverIsns(serverIsn).build();
            t.inv.trustPeers = false;
            t.dropUp(pkt -> blockUp && !injected.contains(pkt));
            t.dropDown(pkt -> blockDown && !injected.contains(pkt));
            client = new App(t.sim);
            server = t.listen();
            server.setup = this::serverApp;
            t.tcp.addObserver(new TcpObserver() {
                @Override
                public void onStateChange(long time, Connection c, TcpState from, TcpState to, String cause) {
                    if (scenario == Scenario.LAST_ACK && to == TcpState.LAST_ACK && !stormOver) {
                        blockUp = true; // the client's ACK of the server's FIN is lost
                    }
                }
            });
        }

        private void serverApp(App a) {
            if (scenario == Scenario.CLOSED) {
                t.at(t.now(), a.socket::abort);
                return;
            }
            if (stormOver) {
                t.at(t.now(), a.socket::close);
            }
            a.whenPeerClosed = sock -> {
                if (scenario == Scenario.LAST_ACK || stormOver) {
                    sock.close();
                }
            };
        }

        void run() {
            setUp();
            t.runUntil(STORM_START);
            checkStates();
            for (int i = 0; i < size; i++) {
                inject(STORM_START + (long) (random.nextDouble() * STORM));
            }
            long end = STORM_START + STORM;
            t.at(end, this::stopStorm);
            long limit = end + bound(profile);
            t.runUntil(limit);
            String ctx = scenario + " " + profile.name() + " bound " + TestNet.fmt(bound(profile)) + " ms\n";
            assertTrue(t.inv.violations.isEmpty(), ctx + t.inv.violations);
            List<Connection> left = new ArrayList<>();
            for (Connection c : t.inv.unfinished()) {
                if (!waitsForeverInFinWait2(c)) {
                    left.add(c);
                }
            }
            assertTrue(left.isEmpty(), ctx + "not CLOSED by " + TestNet.fmt(limit) + " ms: " + left + "\n"
                    + t.trace());
            for (Connection c : t.inv.unfinished()) {
                ((TcpSocket) c).abort(); // its RST is answered by nothing: the peer is gone
            }
            t.runUntil(limit + s(1));
            assertEquals(0, t.sim.pendingEvents(), ctx + "events pending after every connection closed");
        }

        /**
         * RFC 9293 has no FIN-WAIT-2 timeout (the rfc9293 profile's fin-wait-2-timeout is 0): a connection whose
         * peer is gone (reset or timed out by the storm) waits there forever, as RFC 9293 says it does.
         */
        private boolean waitsForeverInFinWait2(Connection c) {
            if (profile.finWait2Timeout() != 0 || c.state() != TcpState.FIN_WAIT_2) {
                return false;
            }
            boolean atClient = c.host() == t.client;
            Connection peer = view(atClient ? t.server : t.client,
                    atClient ? c.tuple().localPort() : c.tuple().remotePort());
            return peer == null || peer.state() == TcpState.CLOSED;
        }

        private void setUp() {
            switch (scenario) {
                case LISTEN -> {
                    return;
                }
                case HANDSHAKE -> blockDown = true;
                case FIN_WAIT_1 -> {
                    t.at(ms(400), () -> blockDown = true);
                    t.at(ms(500), () -> client.socket.close());
                }
                case FIN_WAIT_2, LAST_ACK -> t.at(ms(500), () -> client.socket.close());
                case CLOSING -> {
                    t.at(ms(500), () -> client.socket.close());
                    t.at(ms(500), () -> server.accepted.get(0).socket.close());
                    t.at(ms(500) + 1, () -> {
                        blockUp = true;
                        blockDown = true;
                    });
                }
                case CLOSED, ESTABLISHED -> {
                }
            }
            client.whenEstablished = sock -> {
                sock.send(DATA);
                if (stormOver) {
                    sock.close();
                }
            };
            client.whenPeerClosed = sock -> {
                if (stormOver) {
                    sock.close();
                }
            };
            client.socket = t.clientStack.connect(TestNet.SERVER_IP, TestNet.PORT, client);
            clientPort = client.socket.tuple().localPort();
        }

        private void checkStates() {
            if (scenario.client != null) {
                assertEquals(scenario.client, client.socket.state(), t.trace());
                Connection srv = view(t.server, clientPort);
                assertEquals(scenario.server, srv == null ? null : srv.state(), t.trace());
            }
        }

        private void stopStorm() {
            stormOver = true;
            blockUp = false;
            blockDown = false;
            if (client.socket != null && client.socket.state() != TcpState.SYN_SENT) {
                client.socket.send(DATA); // data after the storm meets whatever windows it left
                client.socket.close(); // one still in SYN_SENT closes once established
            }
            for (App a : server.accepted) {
                a.socket.send(DATA);
                a.socket.close();
            }
        }

        /** The newest connection at {@code host} whose other end is the client's {@code port}. */
        Connection view(tcpsim.kernel.net.Host host, int port) {
            Connection found = null;
            for (Connection c : t.rec.connectionsOf(host.name())) {
                FourTuple tu = c.tuple();
                int clientSide = host == t.client ? tu.localPort() : tu.remotePort();
                if (clientSide == port) {
                    found = c;
                }
            }
            return found;
        }

        /** Schedules one storm element: a single segment, a duplicate burst, an RST sweep or a SYN flood. */
        private void inject(long at) {
            boolean toServer = random.nextBoolean();
            int kind = random.nextInt(10);
            t.at(at, () -> {
                switch (kind) {
                    case 0 -> rstSweep(toServer);
                    case 1 -> synFlood(toServer);
                    case 2 -> {
                        Segment s = hostile(toServer);
                        for (int i = 1 + random.nextInt(4); i > 0; i--) {
                            send(s); // duplicates of one segment
                        }
                    }
                    default -> send(hostile(toServer));
                }
            });
        }

        /** What the receiving end expects: {RCV.NXT, RCV.WND, SND.UNA, SND.MAX, ISS, IRS}, or guesses. */
        private int[] expected(boolean toServer) {
            Connection c = view(toServer ? t.server : t.client, clientPort);
            Tcb b = c == null ? null : Invariants.tcb(c);
            if (b != null) {
                return new int[] {b.rcvNxt, b.rcvWnd, b.sndUna, b.sndMax, b.iss, b.irs};
            }
            TimeWait w = c == null ? null : Invariants.timeWait(c);
            if (w != null) {
                return new int[] {w.rcvNxt, profile.receiveWindow(), w.sndNxt, w.sndNxt, w.sndNxt, w.rcvNxt};
            }
            int r = random.nextInt();
            return new int[] {r, profile.receiveWindow(), random.nextInt(), random.nextInt(), r, r};
        }

        private int sequence(int[] e, boolean forAck) {
            int base = switch (random.nextInt(8)) {
                case 0 -> forAck ? e[2] : e[0];
                case 1 -> forAck ? e[3] : e[0] + e[1]; // SND.MAX, or the right edge of the receive window
                case 2 -> forAck ? e[4] : e[5]; // ISS / IRS: stale handshake numbers
                case 3 -> 0;
                case 4 -> Integer.MIN_VALUE; // 2^31: the far side of sequence space
                case 5 -> forAck ? e[2] - random.nextInt(Integer.MAX_VALUE) : e[0] - random.nextInt(Integer.MAX_VALUE);
                case 6 -> forAck ? e[3] : e[0];
                default -> random.nextInt();
            };
            return switch (random.nextInt(4)) {
                case 0 -> base;
                case 1 -> base + random.nextInt(5) - 2;
                case 2 -> base + random.nextInt(2 * e[1] + 1) - e[1];
                default -> base - 1;
            };
        }

        private Segment hostile(boolean toServer) {
            int[] e = expected(toServer);
            int flags = random.nextInt(3) == 0 ? random.nextInt(256)
                    : COMMON_FLAGS[random.nextInt(COMMON_FLAGS.length)];
            int len = 0;
            if (random.nextInt(3) == 0) {
                len = random.nextInt(20) == 0 ? Segment.MAX_PAYLOAD : 1 + random.nextInt(1460);
            }
            int window = switch (random.nextInt(5)) {
                case 0 -> 0;
                case 1 -> Segment.MAX_WINDOW;
                case 2 -> random.nextInt(Segment.MAX_WINDOW + 1);
                default -> 65535;
            };
            int mss = random.nextInt(4) == 0 ? random.nextInt(65536) : (flags & Segment.SYN) != 0 ? 1460 : 0;
            return segment(toServer, port(), flags, sequence(e, false), sequence(e, true), window, len, mss);
        }

        /** Mostly the pair's own 4-tuple; sometimes another client port, or the closed port 81. */
        private int port() {
            return switch (random.nextInt(6)) {
                case 0 -> 1 + random.nextInt(65535);
                case 1 -> -81;
                default -> clientPort;
            };
        }

        private Segment segment(boolean toServer, int port, int flags, int seq, int ack, int window, int len,
                int mss) {
            int serverPort = port == -81 ? 81 : TestNet.PORT;
            int cport = port == -81 ? clientPort : port;
            return toServer
                    ? new Segment(TestNet.CLIENT_IP, TestNet.SERVER_IP, cport, serverPort, seq, ack, flags, window,
                            len, mss)
                    : new Segment(TestNet.SERVER_IP, TestNet.CLIENT_IP, serverPort, cport, seq, ack, flags, window,
                            len, mss);
        }

        /** RSTs (with and without ACK) stepping through and around the receive window. */
        private void rstSweep(boolean toServer) {
            int[] e = expected(toServer);
            int n = 8 + random.nextInt(24);
            long step = Math.max(1, 3L * e[1] / n);
            for (int i = 0; i < n; i++) {
                int seq = (int) (e[0] - e[1] + i * step);
                int flags = Segment.RST | (random.nextBoolean() ? Segment.ACK : 0);
                send(segment(toServer, clientPort, flags, seq, sequence(e, true), 0, 0, 0));
            }
        }

        /** SYNs from many source ports to the listener, and to the pair's own 4-tuple with random SEQs. */
        private void synFlood(boolean toServer) {
            int[] e = expected(toServer);
            int n = 8 + random.nextInt(40);
            for (int i = 0; i < n; i++) {
                int port = random.nextBoolean() ? clientPort : 1024 + random.nextInt(64512);
                int flags = Segment.SYN | (random.nextInt(4) == 0 ? Segment.ACK : 0);
                send(segment(toServer, port, flags, sequence(e, false), sequence(e, true), 65535, 0, 1460));
            }
        }

        private void send(Segment s) {
            injected.add(s);
            t.deliver(s);
        }
    }
}
