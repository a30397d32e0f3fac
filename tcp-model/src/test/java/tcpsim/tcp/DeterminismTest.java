package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpsim.tcp.TestNet.ms;
import static tcpsim.tcp.TestNet.s;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.RandomStreams;
import tcpsim.kernel.net.BernoulliLoss;
import tcpsim.kernel.net.GilbertElliottLoss;
import tcpsim.tcp.TestNet.App;
import tcpsim.tcp.TestNet.Server;

/**
 * Same seed, same everything: 40 request/response connections over a 5 % lossy link with the model's own seeded
 * ISNs give identical traces; another seed gives other ISNs. Every connection still ends with a reason. And a
 * busier run: 300 request/response connections over a bursty-loss (Gilbert-Elliott) 10 Mbit/s bottleneck.
 */
class DeterminismTest {

    static TestNet busy(long seed) {
        TestNet t = TestNet.builder().seed(seed).randomIsns().profile(TcpProfile.linux()).build();
        t.dropUp(new BernoulliLoss(0.05, t.sim.random().uniforms("loss:up")));
        t.dropDown(new BernoulliLoss(0.05, t.sim.random().uniforms("loss:down")));
        Server srv = t.listen();
        srv.setup = a -> {
            a.whenData = (sock, n) -> {
                if (a.received == 2000) {
                    sock.send(20_000);
                    sock.close();
                }
            };
        };
        for (int i = 0; i < 40; i++) {
            App c = new App(t.sim);
            c.whenEstablished = sock -> sock.send(2000);
            c.whenPeerClosed = TcpSocket::close;
            t.at(ms(37) * i, () -> c.socket = t.clientStack.connect(TestNet.SERVER_IP, TestNet.PORT, c));
        }
        t.runUntil(s(3000));
        return t;
    }

    static List<String> synIsns(TestNet t) {
        List<String> out = new ArrayList<>();
        for (TestNet.Recorder.Sent x : t.rec.sent) {
            if (x.seg().isSyn()) {
                out.add(Integer.toUnsignedString(x.seg().seq()));
            }
        }
        return out;
    }

    @Test
    void sameSeed_identicalTraces() {
        TestNet a = busy(11);
        TestNet b = busy(11);
        assertEquals(a.rec.lines, b.rec.lines);
        assertEquals(a.wire(), b.wire());
        assertTrue(a.inv.unfinished().isEmpty(), "hanging: " + a.inv.unfinished());
        assertEquals(80, a.inv.tracks.size());
        assertEquals(0, a.sim.pendingEvents());
        assertTrue(a.wire().stream().anyMatch(w -> w.endsWith("LOST")), "the link really lost packets");
    }

    @Test
    void observers_seeEverySegmentExactlyOnce() {
        TestNet t = busy(5);
        long sentByTcp = t.rec.sent.size();
        long onWire = t.up.sentCount() + t.down.sentCount();
        assertEquals(onWire, sentByTcp, "onSegmentSent once per segment put on the wire");
        long delivered = t.up.deliveredCount() + t.down.deliveredCount();
        assertEquals(delivered, t.rec.received.size(), "onSegmentReceived once per segment delivered");
        for (TestNet.Recorder.Sent x : t.rec.sent) {
            assertTrue(x.conn() != null || x.seg().isRst(), "only RSTs are sent without a connection: " + x);
        }
    }

    @Test
    void threeHundredConnections_burstyLossBottleneck_allEndNormallyWithExactData() {
        TestNet t = TestNet.builder().seed(1).randomIsns().profile(TcpProfile.linux()).bandwidth(10_000_000, 20)
                .jitter(ms(5), false).build();
        t.dropUp(new GilbertElliottLoss(0.02, 0.3, 0.0, 0.6, t.sim.random().uniforms("ge:up")));
        t.dropDown(new GilbertElliottLoss(0.02, 0.3, 0.0, 0.6, t.sim.random().uniforms("ge:down")));
        Server srv = t.listen();
        srv.setup = a -> {
            a.whenData = (sock, n) -> {
                if (a.received == 3000) {
                    sock.send(50_000);
                    if (a.socket.id() % 2 == 0) {
                        sock.close(); // half of the servers close first
                    }
                }
            };
            a.whenPeerClosed = TcpSocket::close;
        };
        List<App> clients = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            App c = new App(t.sim);
            c.whenEstablished = sock -> sock.send(3000);
            c.whenData = (sock, n) -> {
                if (c.received == 50_000) {
                    sock.close();
                }
            };
            c.whenPeerClosed = TcpSocket::close;
            clients.add(c);
            t.at(ms(20) * i, () -> c.socket = t.clientStack.connect(TestNet.SERVER_IP, TestNet.PORT, c));
        }
        t.runUntil(s(4000));
        assertTrue(t.wire().stream().anyMatch(w -> w.endsWith("LOST")));
        assertTrue(t.inv.unfinished().isEmpty(), "hanging: " + t.inv.unfinished());
        assertEquals(0, t.sim.pendingEvents());
        for (App c : clients) {
            assertEquals(CloseReason.NORMAL, c.reason);
            assertEquals(50_000, c.received);
        }
        assertEquals(300, srv.accepted.size());
        for (App a : srv.accepted) {
            assertEquals(CloseReason.NORMAL, a.reason);
            assertEquals(3000, a.received);
        }
    }

    @Test
    void defaultIsns_comeFromNamedStreamPerHost() {
        // CONTRACT: Tcp(network, profile) draws ISNs from the seeded stream "isn:<host name>"
        TestNet t = TestNet.builder().seed(99).randomIsns().build();
        t.listen();
        t.connect();
        t.runUntil(ms(60));
        int clientIsn = new RandomStreams(99, 0).stream("isn:client").nextInt();
        int serverIsn = new RandomStreams(99, 0).stream("isn:server").nextInt();
        assertEquals(List.of(
                "0 client>server SYN " + Integer.toUnsignedString(clientIsn),
                "25 server>client SYN,ACK " + Integer.toUnsignedString(serverIsn) + " "
                        + Integer.toUnsignedString(clientIsn + 1),
                "50 client>server ACK " + Integer.toUnsignedString(clientIsn + 1) + " "
                        + Integer.toUnsignedString(serverIsn + 1)), t.wire());
    }

    @Test
    void otherSeed_otherIsns() {
        assertNotEquals(synIsns(busy(11)).subList(0, 5), synIsns(busy(12)).subList(0, 5));
    }
}
