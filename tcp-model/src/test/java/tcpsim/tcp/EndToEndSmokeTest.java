package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.Simulation;
import tcpsim.kernel.Time;
import tcpsim.kernel.net.ChannelSpec;
import tcpsim.kernel.net.DropList;
import tcpsim.kernel.net.Host;
import tcpsim.kernel.net.Ipv4;
import tcpsim.kernel.net.LossModel;
import tcpsim.kernel.net.Network;
import tcpsim.kernel.net.Packet;

/** End to end over real kernel links: client 10.0.0.1, server 10.0.0.2, 25 ms each way. */
class EndToEndSmokeTest {
    static final int CLIENT = Ipv4.parse("10.0.0.1");
    static final int SERVER = Ipv4.parse("10.0.0.2");
    static final long OWD = Time.millis(25);

    final Simulation sim = new Simulation(1);
    final Network net = new Network(sim);
    final Host client = net.addHost("client", CLIENT);
    final Host server = net.addHost("server", SERVER);
    final List<String> log = new ArrayList<>();
    Tcp tcp;
    TcpStack cs;
    TcpStack ss;

    void build(TcpProfile profile, LossModel up, LossModel down, IsnSource isns) {
        net.connect(client, server, ChannelSpec.latency(OWD).withLoss(up), ChannelSpec.latency(OWD).withLoss(down));
        net.computeRoutes();
        tcp = new Tcp(net, profile, isns);
        tcp.addObserver(new TcpObserver() {
            @Override
            public void onStateChange(long time, Connection c, TcpState from, TcpState to, String cause) {
                log.add(Time.format(time) + " #" + c.id() + " " + from + "->" + to + " (" + cause + ")");
            }

            @Override
            public void onSegmentSent(long time, Host host, Connection c, Segment s) {
                log.add(Time.format(time) + " " + host.name() + " sends " + s.flagNames() + " seq="
                        + Integer.toUnsignedString(s.seq()) + " ack=" + Integer.toUnsignedString(s.ack())
                        + " len=" + s.payloadLength());
            }

            @Override
            public void onClosed(long time, Connection c, CloseReason reason) {
                log.add(Time.format(time) + " #" + c.id() + " closed " + reason);
            }
        });
        cs = tcp.install(client);
        ss = tcp.install(server);
    }

    static boolean isSyn(Packet p) {
        return p instanceof Segment s && s.isSyn() && !s.isAck();
    }

    @Test
    void handshakeDataAndTeardown() {
        build(TestNet.exactLinux(), LossModel.NONE, LossModel.NONE, IsnSource.fixed(1000, 5000));
        long[] established = {-1};
        long[] received = {0};
        List<CloseReason> closed = new ArrayList<>();
        ss.listen(80, sock -> sock.setCallbacks(new SocketCallbacks() {
            @Override
            public void onData(TcpSocket s, long n) {
                received[0] += n;
            }

            @Override
            public void onPeerClosed(TcpSocket s) {
                s.send(3000);
                s.close();
            }

            @Override
            public void onClosed(TcpSocket s, CloseReason r) {
                closed.add(r);
            }
        }));
        long[] clientGot = {0};
        TcpSocket c = cs.connect(SERVER, 80, new SocketCallbacks() {
            @Override
            public void onEstablished(TcpSocket s) {
                established[0] = sim.now();
                s.send(100_000);
                s.close();
            }

            @Override
            public void onData(TcpSocket s, long n) {
                clientGot[0] += n;
            }

            @Override
            public void onClosed(TcpSocket s, CloseReason r) {
                closed.add(r);
            }
        });
        sim.run();
        String trace = String.join("\n", log);
        if (System.getenv("TCPSIM_TRACE") != null) {
            System.out.println(trace);
        }
        assertEquals(Time.millis(50), established[0], trace);
        assertEquals(100_000, received[0], trace);
        assertEquals(3000, clientGot[0], trace);
        assertEquals(List.of(CloseReason.NORMAL, CloseReason.NORMAL), closed, trace);
        assertEquals(TcpState.CLOSED, c.state());
        assertTrue(log.get(1).contains("client sends SYN seq=1000 ack=0"), trace);
        assertTrue(trace.contains("server sends SYN,ACK seq=5000 ack=1001"), trace);
        assertTrue(trace.contains("client sends ACK seq=1001 ack=5001 len=0"), trace);
        assertTrue(trace.contains("CLOSE_WAIT->LAST_ACK"), trace);
        assertTrue(trace.contains("FIN_WAIT_2->TIME_WAIT"), trace);
        assertEquals(0, cs.connectionCount());
        assertEquals(0, ss.connectionCount());
    }

    @Test
    void linuxSynScheduleWhenEverySynIsLost() {
        build(TestNet.exactLinux(), DropList.matching(EndToEndSmokeTest::isSyn), LossModel.NONE, null);
        List<Long> synTimes = new ArrayList<>();
        tcp.addObserver(new TcpObserver() {
            @Override
            public void onSegmentSent(long time, Host host, Connection c, Segment s) {
                if (s.isSyn()) {
                    synTimes.add(time / Time.SECOND);
                }
            }
        });
        ss.listen(80, s -> { });
        long[] failed = {-1};
        CloseReason[] why = {null};
        cs.connect(SERVER, 80, new SocketCallbacks() {
            @Override
            public void onClosed(TcpSocket s, CloseReason r) {
                failed[0] = sim.now();
                why[0] = r;
            }
        });
        sim.run();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 7L, 11L, 19L, 35L, 67L), synTimes);
        assertEquals(Time.seconds(131), failed[0]);
        assertEquals(CloseReason.TIMEOUT, why[0]);
    }

    @Test
    void firstSynAckLostEstablishesAfterOneSecondPlusRtt() {
        build(TestNet.exactLinux(), LossModel.NONE,
                DropList.firstMatching(1, p -> p instanceof Segment s && s.isSyn() && s.isAck()), null);
        ss.listen(80, s -> { });
        long[] established = {-1};
        cs.connect(SERVER, 80, new SocketCallbacks() {
            @Override
            public void onEstablished(TcpSocket s) {
                established[0] = sim.now();
            }
        });
        sim.runUntil(Time.seconds(10));
        assertEquals(Time.seconds(1) + Time.millis(50), established[0], String.join("\n", log));
    }

    @Test
    void closedPortRefuses() {
        build(TestNet.exactLinux(), LossModel.NONE, LossModel.NONE, null);
        CloseReason[] why = {null};
        cs.connect(SERVER, 81, new SocketCallbacks() {
            @Override
            public void onClosed(TcpSocket s, CloseReason r) {
                why[0] = r;
            }
        });
        sim.run();
        assertEquals(CloseReason.REFUSED, why[0]);
        assertEquals(Time.millis(50), sim.now());
    }

    @Test
    void portExhaustionAfterTimeWaitHoldsEveryPort() {
        build(TestNet.exactLinux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 40000)
                .set(TcpParameter.EPHEMERAL_PORT_MAX, 40002).build(),
                LossModel.NONE, LossModel.NONE, null);
        ss.listen(80, s -> s.setCallbacks(new SocketCallbacks() {
            @Override
            public void onPeerClosed(TcpSocket x) {
                x.close();
            }
        }));
        List<CloseReason> reasons = new ArrayList<>();
        SocketCallbacks closeAtOnce = new SocketCallbacks() {
            @Override
            public void onEstablished(TcpSocket s) {
                s.close();
            }

            @Override
            public void onClosed(TcpSocket s, CloseReason r) {
                reasons.add(r);
            }
        };
        for (int i = 0; i < 3; i++) {
            cs.connect(SERVER, 80, closeAtOnce);
        }
        sim.runUntil(Time.seconds(1));
        assertEquals(3, cs.connectionCount()); // all in TIME_WAIT
        cs.connect(SERVER, 80, closeAtOnce);
        sim.runUntil(Time.seconds(2));
        assertEquals(List.of(CloseReason.PORT_EXHAUSTED), reasons);
        sim.run();
        assertEquals(4, reasons.size());
    }

    @Test
    void lossyBulkTransferCompletes() {
        build(TestNet.exactLinux(), new tcpsim.kernel.net.BernoulliLoss(0.05, sim.random().uniforms("up")),
                new tcpsim.kernel.net.BernoulliLoss(0.05, sim.random().uniforms("down")), null);
        long[] received = {0};
        List<CloseReason> closed = new ArrayList<>();
        ss.listen(80, sock -> sock.setCallbacks(new SocketCallbacks() {
            @Override
            public void onData(TcpSocket s, long n) {
                received[0] += n;
            }

            @Override
            public void onPeerClosed(TcpSocket s) {
                s.close();
            }

            @Override
            public void onClosed(TcpSocket s, CloseReason r) {
                closed.add(r);
            }
        }));
        cs.connect(SERVER, 80, new SocketCallbacks() {
            @Override
            public void onEstablished(TcpSocket s) {
                s.send(2_000_000);
                s.close();
            }

            @Override
            public void onClosed(TcpSocket s, CloseReason r) {
                closed.add(r);
            }
        });
        sim.run();
        assertEquals(2, closed.size(), String.join("\n", log.subList(Math.max(0, log.size() - 40), log.size())));
        assertEquals(2_000_000, received[0]);
    }
}
