package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static tcpsim.tcp.TestNet.ACK;
import static tcpsim.tcp.TestNet.FIN;
import static tcpsim.tcp.TestNet.RST;
import static tcpsim.tcp.TestNet.ms;
import static tcpsim.tcp.TestNet.s;

import java.util.List;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.net.DropList;
import tcpsim.tcp.TestNet.App;
import tcpsim.tcp.TestNet.Server;

/**
 * max-tw-buckets (Linux tcp_max_tw_buckets): a host holding that many TIME_WAIT connections destroys the next one
 * entering TIME_WAIT at once (tcp_time_wait: "time wait bucket table overflow"), after the ACK of the peer's FIN has
 * gone; a resent FIN then finds no socket and gets an RST. Quiet Linux profile with a limit of 1 on the client,
 * 50 ms RTT; connection 1 (port 32768, ISNs 1000 / 5000) holds the bucket, connection 2 (port 32769, ISNs
 * 1001000 / 1005000) opens at 300 ms.
 */
class TimeWaitBucketsTest {
    private static final int C2 = 1_001_000;
    private static final int S2 = 1_005_000;

    private static TcpProfile limit(TcpProfile p, int buckets) {
        return p.toBuilder().set(TcpParameter.MAX_TW_BUCKETS, buckets).build();
    }

    /** Connection 1 in TIME_WAIT from 225 ms (client closes at 100 ms, server at 200 ms); connection 2 open. */
    private static App[] secondConnection(TestNet t, Server srv) {
        App c1 = t.connect();
        t.runUntil(ms(75));
        App s1 = srv.accepted.get(0);
        t.at(ms(100), () -> c1.socket.close());
        t.at(ms(200), () -> s1.socket.close());
        t.runUntil(ms(300));
        assertEquals(TcpState.TIME_WAIT, c1.socket.state(), t.trace());
        assertEquals(1, t.clientStack.timeWaitCount());
        App c2 = t.connect();
        t.runUntil(ms(375));
        t.skipSent();
        return new App[] {c1, c2, srv.accepted.get(1)};
    }

    @Test
    void finWait2_fin_tableFull_ackThenGone_resentFinGetsRst() {
        TestNet t = TestNet.builder().clientProfile(limit(TestNet.quietLinux(), 1)).build();
        Server srv = t.listen();
        App[] c = secondConnection(t, srv);
        t.dropUp(DropList.firstMatching(1, TestNet.seg(x -> x.isAck() && x.ack() == S2 + 2)));
        t.at(ms(400), () -> c[1].socket.close());
        t.at(ms(500), () -> c[2].socket.close());
        t.expectSentAt(ms(400), t.client, FIN | ACK, C2 + 1, S2 + 1);
        t.expectSentAt(ms(425), t.server, ACK, S2 + 1, C2 + 2);
        t.expectSentAt(ms(500), t.server, FIN | ACK, S2 + 1, C2 + 2);
        t.expectSentAt(ms(525), t.client, ACK, C2 + 2, S2 + 2); // lost
        Connection c2 = t.conn(t.client, 1);
        assertEquals(List.of("ESTABLISHED>FIN_WAIT_1@400", "FIN_WAIT_1>FIN_WAIT_2@450", "FIN_WAIT_2>CLOSED@525"),
                t.path(c2).subList(2, 5));
        assertEquals(TcpStack.TIME_WAIT_OVERFLOW, t.rec.changes.stream().filter(ch -> ch.conn().id() == c2.id())
                .reduce((a, b) -> b).orElseThrow().cause());
        assertEquals(CloseReason.NORMAL, t.closed(c2).reason());
        assertEquals(1, t.clientStack.timeWaitCount(), "connection 1 keeps its bucket");
        // the server's FIN, resent by its RTO (SRTT 50 ms + rttvar-min 200 ms), meets no socket: <SEQ=SEG.ACK><RST>
        t.expectSentAt(ms(750), t.server, FIN | ACK, S2 + 1, C2 + 2);
        t.expectSentAt(ms(775), t.client, RST, C2 + 2, 0);
        t.runUntil(ms(800));
        assertEquals(CloseReason.RESET, c[2].reason);
        assertEquals(ms(800), c[2].closedAt);
        assertEquals(TcpState.TIME_WAIT, c[0].socket.state());
    }

    @Test
    void finWait1_finAndAckTogether_tableFull_gone() {
        // the server delays the ACK of a FIN (Linux pingpong) and closes on it: its FIN carries the ACK of ours
        TcpProfile server = TestNet.quietLinux().toBuilder().set(TcpParameter.DELAYED_ACK, ms(40))
                .set(TcpParameter.DELAYED_FIN_ACK, true).build();
        TestNet t = TestNet.builder().clientProfile(limit(TestNet.quietLinux(), 1)).serverProfile(server).build();
        Server srv = t.listen();
        App[] c = secondConnection(t, srv);
        c[2].whenPeerClosed = TcpSocket::close;
        t.at(ms(400), () -> c[1].socket.close());
        t.expectSentAt(ms(400), t.client, FIN | ACK, C2 + 1, S2 + 1);
        t.expectSentAt(ms(425), t.server, FIN | ACK, S2 + 1, C2 + 2);
        t.expectSentAt(ms(450), t.client, ACK, C2 + 2, S2 + 2);
        Connection c2 = t.conn(t.client, 1);
        assertEquals(List.of("ESTABLISHED>FIN_WAIT_1@400", "FIN_WAIT_1>CLOSED@450"), t.path(c2).subList(2, 4));
        t.expectNothingSentUntil(t.client, s(2));
        assertEquals(CloseReason.NORMAL, c[2].reason);
    }

    @Test
    void closing_ackOfFin_tableFull_gone() {
        TestNet t = TestNet.builder().clientProfile(limit(TestNet.quietLinux(), 1)).build();
        Server srv = t.listen();
        App[] c = secondConnection(t, srv);
        t.at(ms(400), () -> {
            c[1].socket.close();
            c[2].socket.close(); // the FINs cross: both ends go through CLOSING
        });
        t.expectSentAt(ms(400), t.client, FIN | ACK, C2 + 1, S2 + 1);
        t.expectSentAt(ms(425), t.client, ACK, C2 + 2, S2 + 2);
        Connection c2 = t.conn(t.client, 1);
        t.runUntil(ms(500));
        assertEquals(List.of("ESTABLISHED>FIN_WAIT_1@400", "FIN_WAIT_1>CLOSING@425", "CLOSING>CLOSED@450"),
                t.path(c2).subList(2, 5));
        // the server had a bucket: it is in TIME_WAIT
        assertEquals(TcpState.TIME_WAIT, c[2].socket.state());
        assertEquals(1, t.clientStack.timeWaitCount());
        assertEquals(1, t.serverStack.timeWaitCount());
    }

    @Test
    void aBucketFreedByAnExpiredTimeWaitIsTakenAgain() {
        TestNet t = TestNet.builder().clientProfile(limit(TestNet.quietLinux(), 1)).build();
        Server srv = t.listen();
        App[] c = secondConnection(t, srv);
        c[2].whenPeerClosed = TcpSocket::close;
        t.at(s(61), () -> c[1].socket.close()); // connection 1's TIME_WAIT ended at 60.225 s
        t.runUntil(s(62));
        assertEquals(TcpState.CLOSED, c[0].socket.state());
        assertEquals(TcpState.TIME_WAIT, c[1].socket.state(), t.trace());
        assertEquals(1, t.clientStack.timeWaitCount());
    }

    @Test
    void rfc9293_unlimited() {
        assertEquals(0, TcpProfile.rfc9293().maxTwBuckets());
        assertEquals(131072, TcpProfile.linux().maxTwBuckets());
        TestNet t = TestNet.builder().clientProfile(limit(TestNet.quietLinux(), 0)).build();
        Server srv = t.listen();
        App[] c = secondConnection(t, srv);
        c[2].whenPeerClosed = TcpSocket::close;
        t.at(ms(400), () -> c[1].socket.close());
        t.runUntil(ms(500));
        assertEquals(TcpState.TIME_WAIT, c[1].socket.state());
        assertEquals(2, t.clientStack.timeWaitCount());
    }
}
