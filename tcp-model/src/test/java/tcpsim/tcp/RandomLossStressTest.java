package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tcpsim.kernel.Simulation;
import tcpsim.kernel.Time;
import tcpsim.kernel.net.BernoulliLoss;
import tcpsim.kernel.net.ChannelSpec;
import tcpsim.kernel.net.Host;
import tcpsim.kernel.net.Ipv4;
import tcpsim.kernel.net.Network;

/**
 * Random loss and random application behaviour: every connection must end CLOSED with one onClosed, the event
 * queue must drain, and the sequence-space invariants must hold after every segment.
 */
class RandomLossStressTest {
    static final int C = Ipv4.parse("10.0.0.1");
    static final int S = Ipv4.parse("10.0.0.2");

    @ParameterizedTest
    @CsvSource({"1,0.05,linux", "2,0.2,linux", "3,0.4,linux", "4,0.2,rfc9293", "5,0.1,rfc9293", "6,0.3,linux",
            "7,0.0,linux", "8,0.6,linux"})
    void everyConnectionEnds(long seed, double loss, String profileName) {
        Simulation sim = new Simulation(seed);
        Network net = new Network(sim);
        Host client = net.addHost("client", C);
        Host server = net.addHost("server", S);
        ChannelSpec up = ChannelSpec.latency(Time.millis(20)).withJitter(Time.millis(10), true)
                .withLoss(new BernoulliLoss(loss, sim.random().uniforms("loss-up")));
        ChannelSpec down = ChannelSpec.latency(Time.millis(20)).withJitter(Time.millis(10), true)
                .withLoss(new BernoulliLoss(loss, sim.random().uniforms("loss-down")));
        net.connect(client, server, up, down);
        net.computeRoutes();
        TcpProfile profile = TcpProfile.named(profileName).toBuilder()
                .set(TcpParameter.FIN_WAIT_2_TIMEOUT, Time.seconds(60)).build();
        Tcp tcp = new Tcp(net, profile);
        Map<Long, Integer> closedCount = new HashMap<>();
        List<Connection> all = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        tcp.addObserver(new TcpObserver() {
            final Map<Long, Integer> lastRcvNxt = new HashMap<>();

            @Override
            public void onStateChange(long time, Connection c, TcpState from, TcpState to, String cause) {
                if (from == TcpState.CLOSED || (from == TcpState.LISTEN && to == TcpState.SYN_RECEIVED)) {
                    all.add(c);
                }
                check(c);
            }

            @Override
            public void onSegmentSent(long time, Host host, Connection c, Segment s) {
                check(c);
            }

            @Override
            public void onSegmentReceived(long time, Host host, Connection c, Segment s) {
                check(c);
            }

            void check(Connection c) {
                if (!(c instanceof TcpConnection tc) || tc.tcb == null) {
                    return;
                }
                Tcb t = tc.tcb;
                if (!Seq.le(t.sndUna, t.sndNxt) || !Seq.le(t.sndNxt, t.sndMax)) {
                    errors.add("send space " + tc + " una=" + t.sndUna + " nxt=" + t.sndNxt + " max=" + t.sndMax);
                }
                if (t.sndAcked > t.sndQueued) {
                    errors.add("acked more than queued " + tc);
                }
                if (tc.state == TcpState.SYN_SENT) {
                    return;
                }
                Integer last = lastRcvNxt.put(tc.id, t.rcvNxt);
                if (last != null && Seq.lt(t.rcvNxt, last) && errors.size() < 5) {
                    errors.add("rcv.nxt went back " + tc);
                }
            }

            @Override
            public void onClosed(long time, Connection c, CloseReason reason) {
                closedCount.merge(c.id(), 1, Integer::sum);
            }
        });
        TcpStack cs = tcp.install(client);
        TcpStack ss = tcp.install(server);
        Random r = new Random(seed);
        ss.listen(80, sock -> {
            int mode = r.nextInt(4);
            long reply = r.nextInt(20_000);
            sock.setCallbacks(new SocketCallbacks() {
                @Override
                public void onData(TcpSocket s, long n) {
                    if (mode == 3 && s.state() == TcpState.ESTABLISHED) {
                        s.send(reply);
                        s.close();
                    }
                }

                @Override
                public void onPeerClosed(TcpSocket s) {
                    if (mode != 2) {
                        s.send(reply);
                        s.close();
                    } else {
                        s.abort();
                    }
                }
            });
            if (mode == 1) {
                sock.close();
            }
            // the application's idle timeout (keepalive is not modelled): a half-open survivor is aborted
            sim.schedule(Time.seconds(3000), () -> {
                if (sock.state() == TcpState.ESTABLISHED || sock.state() == TcpState.CLOSE_WAIT) {
                    sock.abort();
                }
            });
        });
        int n = 40;
        for (int i = 0; i < n; i++) {
            long at = Time.millis(r.nextInt(5000));
            long bytes = r.nextInt(50_000);
            boolean abort = r.nextInt(10) == 0;
            sim.scheduleAt(at, () -> cs.connect(S, 80, new SocketCallbacks() {
                @Override
                public void onEstablished(TcpSocket s) {
                    s.send(bytes);
                    if (abort) {
                        s.abort();
                    } else {
                        s.close();
                    }
                }

                @Override
                public void onPeerClosed(TcpSocket s) {
                    s.close();
                }
            }));
        }
        sim.runUntil(Time.seconds(48 * 3600));
        StringBuilder open = new StringBuilder();
        for (Connection c : all) {
            if (c.state() != TcpState.CLOSED) {
                open.append(c).append(' ');
                if (c instanceof TcpConnection tc && tc.tcb != null) {
                    Tcb t = tc.tcb;
                    open.append("[una=").append(t.sndUna - t.iss).append(" nxt=").append(t.sndNxt - t.iss)
                            .append(" max=").append(t.sndMax - t.iss).append(" queued=").append(t.sndQueued)
                            .append(" acked=").append(t.sndAcked).append(" fin=").append(t.finQueued)
                            .append(" rto=").append(t.rto.rto()).append(" retries=").append(t.retries)
                            .append(" timer=").append(t.retransmit.isRunning() ? "armed" : "off")
                            .append(" cwnd=").append(t.cc == null ? -1 : t.cc.cwnd).append(" wnd=").append(t.sndWnd)
                            .append("] ");
                }
            }
        }
        assertEquals(0, sim.pendingEvents(), "events still pending; open: " + open);
        assertTrue(errors.isEmpty(), errors.toString());
        for (Connection c : all) {
            assertEquals(TcpState.CLOSED, c.state(), c.toString());
            assertEquals(1, closedCount.getOrDefault(c.id(), 0), c.toString());
        }
        assertEquals(0, cs.connectionCount());
        assertEquals(0, ss.connectionCount());
    }
}
