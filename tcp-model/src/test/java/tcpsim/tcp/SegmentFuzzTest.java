package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tcpsim.kernel.Simulation;
import tcpsim.kernel.Time;
import tcpsim.kernel.net.ChannelSpec;
import tcpsim.kernel.net.Host;
import tcpsim.kernel.net.Ipv4;
import tcpsim.kernel.net.Network;

/**
 * Random segments near the live sequence numbers, injected while real connections open, transfer and close: the
 * model must never throw, {@link Invariants} must hold after every event, and every connection must still end
 * CLOSED with exactly one onClosed. {@link HostileSegmentTest} storms each state separately.
 */
class SegmentFuzzTest {
    static final int C = Ipv4.parse("10.0.0.1");
    static final int S = Ipv4.parse("10.0.0.2");
    static final int[] FLAGS = {Segment.SYN, Segment.SYN | Segment.ACK, Segment.ACK, Segment.FIN | Segment.ACK,
        Segment.RST, Segment.RST | Segment.ACK, Segment.FIN, 0, Segment.SYN | Segment.FIN, Segment.ACK};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void randomSegmentsNeverBreakTheModel(long seed) {
        Simulation sim = new Simulation(seed);
        Network net = new Network(sim);
        Host client = net.addHost("client", C);
        Host server = net.addHost("server", S);
        net.connect(client, server, ChannelSpec.latency(Time.millis(10)), ChannelSpec.latency(Time.millis(10)));
        net.computeRoutes();
        TcpProfile profile = (seed % 2 == 0 ? TcpProfile.linux() : TcpProfile.rfc9293()).toBuilder()
                .set(TcpParameter.FIN_WAIT_2_TIMEOUT, Time.seconds(30)).set(TcpParameter.EPHEMERAL_PORT_MIN, 40000)
                        .set(TcpParameter.EPHEMERAL_PORT_MAX, 40003)
                .set(TcpParameter.RFC1337, seed % 3 == 0).set(TcpParameter.INVALID_RATELIMIT, Time.millis(500)).build();
        int[] draws = {0};
        IsnSource isns = (host, tuple, now) -> 1000 + 1000 * (draws[0]++ % 8); // near the injected numbers
        Tcp tcp = new Tcp(net, profile, isns);
        Invariants inv = new Invariants(c -> profile); // sequence invariants and allowed transitions, every event
        inv.trustPeers = false; // injected in-window data is accepted, as by any TCP
        net.addObserver(inv);
        tcp.addObserver(inv);
        List<Connection> all = new ArrayList<>();
        int[] closed = new int[1000];
        tcp.addObserver(new TcpObserver() {
            @Override
            public void onStateChange(long time, Connection c, TcpState from, TcpState to, String cause) {
                if (!all.contains(c)) {
                    all.add(c);
                }
            }

            @Override
            public void onClosed(long time, Connection c, CloseReason reason) {
                closed[(int) c.id()]++;
            }
        });
        TcpStack cs = tcp.install(client);
        TcpStack ss = tcp.install(server);
        Random r = new Random(seed);
        ss.listen(80, sock -> sock.setCallbacks(new SocketCallbacks() {
            @Override
            public void onData(TcpSocket s, long n) {
                if (r.nextInt(4) == 0) {
                    s.send(r.nextInt(5000));
                }
            }

            @Override
            public void onPeerClosed(TcpSocket s) {
                s.close();
            }
        }));
        for (int i = 0; i < 6; i++) {
            sim.scheduleAt(Time.millis(r.nextInt(3000)), () -> cs.connect(S, 80, new SocketCallbacks() {
                @Override
                public void onEstablished(TcpSocket s) {
                    s.send(r.nextInt(20_000));
                    if (r.nextBoolean()) {
                        s.close();
                    }
                }

                @Override
                public void onPeerClosed(TcpSocket s) {
                    s.close();
                }
            }));
        }
        // inject 400 random segments in both directions near the fixed ISNs
        for (int i = 0; i < 400; i++) {
            long at = Time.millis(r.nextInt(5000));
            boolean toServer = r.nextBoolean();
            int port = 40000 + r.nextInt(4);
            int base = (toServer ? 1000 : 5000) + 1000 * r.nextInt(4);
            int seq = base + r.nextInt(3) * 1 + (r.nextBoolean() ? r.nextInt(25000) : r.nextInt(3));
            int ack = (toServer ? 5000 : 1000) + 1000 * r.nextInt(4) + r.nextInt(3) + (r.nextBoolean() ? r.nextInt(25000) : 0);
            int flags = FLAGS[r.nextInt(FLAGS.length)];
            int len = (flags & (Segment.SYN | Segment.RST)) != 0 || r.nextBoolean() ? 0 : r.nextInt(1460);
            Segment s = toServer ? new Segment(C, S, port, 80, seq, ack, flags, 65535, len, 0)
                    : new Segment(S, C, 80, port, seq, ack, flags, 65535, len, 0);
            Host from = toServer ? client : server;
            sim.scheduleAt(at, () -> from.send(s));
        }
        sim.runUntil(Time.seconds(4 * 3600));
        for (Connection c : all) {
            if (c.state() == TcpState.ESTABLISHED || c.state() == TcpState.CLOSE_WAIT) {
                ((TcpSocket) c).abort(); // idle survivors of injected resets: no keepalive in the model
            }
        }
        sim.runUntil(Time.seconds(5 * 3600));
        for (Connection c : all) {
            assertEquals(TcpState.CLOSED, c.state(), c.toString());
            assertEquals(1, closed[(int) c.id()], c.toString());
        }
        assertEquals(0, sim.pendingEvents());
        assertTrue(inv.violations.isEmpty(), inv.violations.toString());
    }
}
