package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpsim.tcp.TestNet.ACK;
import static tcpsim.tcp.TestNet.FIN;
import static tcpsim.tcp.TestNet.ms;
import static tcpsim.tcp.TestNet.s;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.net.DropList;
import tcpsim.tcp.TestNet.App;
import tcpsim.tcp.TestNet.Server;

/**
 * The seed document's scenarios end to end (../shared/seed-tcp-handshake.md), with fixed ISNs m = 1000 (client)
 * and n = 5000 (server) on a 50 ms RTT link, as golden traces with exact times (ms).
 */
class SeedScenarioTest {

    @Test
    void handshake_fixedIsns_numbersAreM_MPlus1_NPlus1() {
        TestNet t = TestNet.builder().isnSource(IsnSource.fixed(1000, 5000)).build();
        Server srv = t.listen();
        App c = t.connect();
        t.runUntil(s(1));
        assertEquals(List.of(
                "0 client>server SYN 1000",
                "25 server>client SYN,ACK 5000 1001",
                "50 client>server ACK 1001 5001"), t.wire(), t.trace());
        assertEquals(ms(50), c.establishedAt);
        assertEquals(ms(75), srv.accepted.get(0).establishedAt);
    }

    @Test
    void handshake_isnAtWrap_acksModulo2to32() {
        TestNet t = TestNet.builder().clientIsns(0xFFFF_FFFF).serverIsns(0xFFFF_FFFE).build();
        t.listen();
        App c = t.connect();
        t.runUntil(ms(75));
        assertEquals(List.of(
                "0 client>server SYN 4294967295",
                "25 server>client SYN,ACK 4294967294 0",
                "50 client>server ACK 0 4294967295"), t.wire(), t.trace());
        t.at(ms(100), () -> c.socket.send(100));
        t.runUntil(ms(150));
        assertEquals(List.of(
                "100 client>server ACK 0 4294967295 len=100",
                "125 server>client ACK 4294967295 100"), t.wire().subList(3, 5), t.trace());
        assertEquals(ms(150), c.allAckedAt);
    }

    @Test
    void orderlyClose_activeFinWait1FinWait2TimeWait_passiveCloseWaitLastAck() {
        TestNet t = TestNet.standard();
        Server srv = t.listen();
        App c = t.connect();
        t.at(ms(100), () -> c.socket.close());
        t.at(ms(200), () -> srv.accepted.get(0).socket.close());
        t.runUntil(s(100));
        App sv = srv.accepted.get(0);
        assertEquals(List.of(
                "0 client>server SYN 1000",
                "25 server>client SYN,ACK 5000 1001",
                "50 client>server ACK 1001 5001",
                "100 client>server FIN,ACK 1001 5001",
                "125 server>client ACK 5001 1002",
                "200 server>client FIN,ACK 5001 1002",
                "225 client>server ACK 1002 5002"), t.wire(), t.trace());
        assertEquals(List.of(
                "CLOSED>SYN_SENT@0",
                "SYN_SENT>ESTABLISHED@50",
                "ESTABLISHED>FIN_WAIT_1@100",
                "FIN_WAIT_1>FIN_WAIT_2@150",
                "FIN_WAIT_2>TIME_WAIT@225",
                "TIME_WAIT>CLOSED@60225"), t.path(t.conn(t.client, 0)));
        assertEquals(List.of(
                "LISTEN>SYN_RECEIVED@25",
                "SYN_RECEIVED>ESTABLISHED@75",
                "ESTABLISHED>CLOSE_WAIT@125",
                "CLOSE_WAIT>LAST_ACK@200",
                "LAST_ACK>CLOSED@250"), t.path(t.conn(t.server, 0)));
        assertEquals(CloseReason.NORMAL, t.closed(t.conn(t.client, 0)).reason());
        assertEquals(CloseReason.NORMAL, t.closed(t.conn(t.server, 0)).reason());
        assertEquals(List.of("accepted@75", "peerClosed@125", "closed:NORMAL@250"), sv.events);
        assertEquals(s(60) + ms(225), c.closedAt);
        assertEquals(CloseReason.NORMAL, c.reason);
        assertEquals(1, c.closedCalls);
    }

    @Test
    void orderlyClose_stateChangeCauses() {
        // the cause strings experiments and traces rely on (documented in package-info)
        TestNet t = TestNet.standard();
        Server srv = t.listen();
        App c = t.connect();
        t.at(ms(100), () -> c.socket.close());
        t.at(ms(200), () -> srv.accepted.get(0).socket.close());
        t.runUntil(s(100));
        List<String> causes = new ArrayList<>();
        for (TestNet.Recorder.Change ch : t.rec.changes) {
            causes.add(ch.conn().host().name() + " " + ch.from() + ">" + ch.to() + " " + ch.cause());
        }
        assertEquals(List.of(
                "client CLOSED>SYN_SENT connect",
                "server LISTEN>SYN_RECEIVED syn",
                "client SYN_SENT>ESTABLISHED syn-ack",
                "server SYN_RECEIVED>ESTABLISHED ack",
                "client ESTABLISHED>FIN_WAIT_1 close",
                "server ESTABLISHED>CLOSE_WAIT fin",
                "client FIN_WAIT_1>FIN_WAIT_2 ack of fin",
                "server CLOSE_WAIT>LAST_ACK close",
                "client FIN_WAIT_2>TIME_WAIT fin",
                "server LAST_ACK>CLOSED ack of fin",
                "client TIME_WAIT>CLOSED time-wait expired"), causes);
    }

    @Test
    void passiveClose_dataQueuedWhenFinArrives_deliveredBeforePassiveFin() {
        final int n = 20_000;
        TestNet t = TestNet.standard();
        Server srv = t.listen();
        srv.setup = a -> {
            a.socket.send(n);
            a.whenPeerClosed = TcpSocket::close;
        };
        App c = t.connect();
        c.whenEstablished = TcpSocket::close;
        long[] receivedAtTimeWait = {-1};
        t.tcp.addObserver(new TcpObserver() {
            @Override
            public void onStateChange(long time, Connection conn, TcpState from, TcpState to, String cause) {
                if (conn.host() == t.client && to == TcpState.TIME_WAIT) {
                    receivedAtTimeWait[0] = c.received;
                }
            }
        });
        t.runUntil(s(100));
        Connection cc = t.conn(t.client, 0);
        Connection sc = t.conn(t.server, 0);
        assertEquals(List.of("CLOSED>SYN_SENT", "SYN_SENT>ESTABLISHED", "ESTABLISHED>FIN_WAIT_1",
                "FIN_WAIT_1>FIN_WAIT_2", "FIN_WAIT_2>TIME_WAIT", "TIME_WAIT>CLOSED"), t.states(cc), t.trace());
        assertEquals(List.of("LISTEN>SYN_RECEIVED", "SYN_RECEIVED>ESTABLISHED", "ESTABLISHED>CLOSE_WAIT",
                "CLOSE_WAIT>LAST_ACK", "LAST_ACK>CLOSED"), t.states(sc), t.trace());
        assertEquals(ms(75), t.entered(sc, TcpState.CLOSE_WAIT), "the FIN arrives with the handshake's ACK");
        assertEquals(n, c.received);
        assertEquals(n, receivedAtTimeWait[0], "every queued byte reached the client before the server's FIN");
        // the server's FIN follows the last byte: seq = n + 1 + 20000, and nothing with data after it
        List<TestNet.Recorder.Sent> out = t.rec.sentBy("server");
        int finAt = -1;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).seg().isFin()) {
                finAt = finAt < 0 ? i : finAt;
            }
        }
        TestNet.Recorder.Sent fin = out.get(finAt);
        assertEquals(5001 + n, fin.seg().seq() + fin.seg().payloadLength(), fin.toString());
        assertEquals(1002, fin.seg().ack());
        for (int i = finAt + 1; i < out.size(); i++) {
            assertEquals(0, out.get(i).seg().payloadLength(), "data after the FIN: " + out.get(i));
        }
        long sentBytesBeforeFin = 0;
        for (int i = 0; i < finAt; i++) {
            sentBytesBeforeFin += out.get(i).seg().payloadLength();
        }
        assertTrue(sentBytesBeforeFin + fin.seg().payloadLength() >= n, "all data sent before or with the FIN");
        assertTrue(t.rec.sentBy("client").stream().anyMatch(x -> x.seg().isAck() && x.seg().ack() == 5002 + n
                && !x.seg().isFin()), "client ACKs the FIN\n" + t.trace());
        assertEquals(CloseReason.NORMAL, t.closed(cc).reason());
        assertEquals(CloseReason.NORMAL, t.closed(sc).reason());
        assertEquals(0, srv.accepted.get(0).received);
    }

    @Test
    void passiveClose_closeInsidePeerClosedCallback_finFollowsAtOnce() {
        TestNet t = TestNet.standard();
        Server srv = t.listen();
        srv.setup = a -> a.whenPeerClosed = TcpSocket::close;
        App c = t.connect();
        t.at(ms(100), () -> c.socket.close());
        t.runUntil(ms(175));
        List<String> atServer = new ArrayList<>();
        for (TestNet.Recorder.Sent x : t.rec.sentBy("server")) {
            if (x.time() == ms(125)) {
                atServer.add(TestNet.Recorder.brief(x.seg()));
            }
        }
        assertTrue(atServer.equals(List.of("ACK 5001 1002", "FIN,ACK 5001 1002"))
                || atServer.equals(List.of("FIN,ACK 5001 1002")), atServer + "\n" + t.trace());
        List<String> clientStates = t.path(t.conn(t.client, 0)).subList(3, t.path(t.conn(t.client, 0)).size());
        assertTrue(clientStates.equals(List.of("FIN_WAIT_1>TIME_WAIT@150"))
                || clientStates.equals(List.of("FIN_WAIT_1>FIN_WAIT_2@150", "FIN_WAIT_2>TIME_WAIT@150")),
                clientStates.toString());
        assertEquals(List.of("LISTEN>SYN_RECEIVED@25", "SYN_RECEIVED>ESTABLISHED@75", "ESTABLISHED>CLOSE_WAIT@125",
                "CLOSE_WAIT>LAST_ACK@125", "LAST_ACK>CLOSED@175"), t.path(t.conn(t.server, 0)));
        assertEquals(ms(175), srv.accepted.get(0).closedAt);
    }

    @Test
    void lostFinalAck_lastAckResendsFin_timeWaitAcksAgainAndRestartsTimer() {
        TestNet t = TestNet.standard();
        t.dropUp(DropList.firstMatching(1, TestNet.seg(x -> x.isAck() && x.ack() == 5002)));
        Server srv = t.listen();
        App c = t.connect();
        t.at(ms(100), () -> c.socket.close());
        t.at(ms(200), () -> srv.accepted.get(0).socket.close());
        t.runUntil(ms(200));
        t.skipSent();
        t.expectSentAt(ms(225), t.client, ACK, 1002, 5002); // lost
        TestNet.Recorder.Sent again = t.expectSent(t.server, FIN | ACK, 5001, 1002);
        long finArrives = again.time() + ms(25);
        TestNet.Recorder.Sent reAck = t.expectSent(t.client, ACK, 1002, 5002);
        assertEquals(finArrives, reAck.time(), "TIME-WAIT ACKs the retransmitted FIN at once");
        t.runUntil(s(100));
        Connection cc = t.conn(t.client, 0);
        Connection sc = t.conn(t.server, 0);
        // the TIME-WAIT timer restarted when the FIN arrived: 60 s after that, not after 225 ms
        assertEquals(List.of("FIN_WAIT_2>TIME_WAIT@225", "TIME_WAIT>CLOSED@" + TestNet.fmt(finArrives + s(60))),
                t.path(cc).subList(4, 6), t.trace());
        assertEquals("LAST_ACK>CLOSED@" + TestNet.fmt(finArrives + ms(25)), t.path(sc).get(4));
        assertEquals(CloseReason.NORMAL, t.closed(cc).reason());
        assertEquals(CloseReason.NORMAL, t.closed(sc).reason());
        // exact golden times: the FIN is retransmitted one RTO (250 ms, Linux after a 50 ms sample) later
        assertEquals(List.of(
                "0 client>server SYN 1000",
                "25 server>client SYN,ACK 5000 1001",
                "50 client>server ACK 1001 5001",
                "100 client>server FIN,ACK 1001 5001",
                "125 server>client ACK 5001 1002",
                "200 server>client FIN,ACK 5001 1002",
                "225 client>server ACK 1002 5002 LOST",
                "450 server>client FIN,ACK 5001 1002",
                "475 client>server ACK 1002 5002"), t.wire(), t.trace());
        assertEquals(s(60) + ms(475), c.closedAt);
    }
}
