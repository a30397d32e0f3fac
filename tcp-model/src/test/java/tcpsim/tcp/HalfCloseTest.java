package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static tcpsim.tcp.TestNet.ACK;
import static tcpsim.tcp.TestNet.FIN;
import static tcpsim.tcp.TestNet.ms;
import static tcpsim.tcp.TestNet.s;

import java.util.List;
import org.junit.jupiter.api.Test;
import tcpsim.tcp.TestNet.App;

/**
 * {@link TcpSocket#shutdown} (issue 10, Linux shutdown(SHUT_WR)): the FIN goes out as with close(), but FIN_WAIT_2
 * is not timed out while the application keeps the socket; close() afterwards orphans it and starts the 60 s
 * fin-wait-2 timeout from then. Quiet Linux profile, 50 ms RTT, ISNs 1000 / 5000, established at 75 ms.
 */
class HalfCloseTest {
    @Test
    void shutdown_finWait2OutlivesTheTimeout_peerDataStillDelivered_peerFinEndsIt() {
        TestNet t = TestNet.standard();
        App[] e = t.established();
        t.at(ms(100), () -> e[0].socket.shutdown());
        t.at(s(90), () -> {
            e[1].socket.send(500);
            e[1].socket.close();
        });
        t.expectSentAt(ms(100), t.client, FIN | ACK, 1001, 5001);
        t.expectSentAt(ms(125), t.server, ACK, 5001, 1002);
        t.runUntil(s(89));
        assertEquals(TcpState.FIN_WAIT_2, e[0].socket.state());
        t.expectSentAt(s(90), t.server, ACK, 5001, 1002, 500);
        t.expectSentAt(s(90), t.server, FIN | ACK, 5501, 1002);
        t.expectSentAt(s(90) + ms(25), t.client, ACK, 1002, 5501);
        t.expectSentAt(s(90) + ms(25), t.client, ACK, 1002, 5502);
        assertEquals(500, e[0].received);
        Connection c = t.conn(t.client, 0);
        assertEquals(List.of("ESTABLISHED>FIN_WAIT_1@100", "FIN_WAIT_1>FIN_WAIT_2@150",
                "FIN_WAIT_2>TIME_WAIT@90025"), t.path(c).subList(2, 5));
    }

    @Test
    void shutdownThenClose_timeoutCountsFromTheClose() {
        TestNet t = TestNet.standard();
        App[] e = t.established();
        t.at(ms(100), () -> e[0].socket.shutdown());
        t.at(s(10), () -> e[0].socket.close());
        t.runUntil(s(80));
        Connection c = t.conn(t.client, 0);
        assertEquals(s(70), t.closed(c).time());
        assertEquals(CloseReason.TIMEOUT, t.closed(c).reason());
        assertEquals("fin-wait-2 timeout", t.rec.changes.get(t.rec.changes.size() - 1).cause());
    }

    @Test
    void shutdownInFinWait1ThenClose_timeoutFromFinWait2Entry() {
        TestNet t = TestNet.standard();
        App[] e = t.established();
        t.at(ms(100), () -> {
            e[0].socket.shutdown();
            e[0].socket.close(); // before the ACK of the FIN: orphaned in FIN_WAIT_1
        });
        t.runUntil(s(80));
        assertEquals(s(60) + ms(150), t.closed(t.conn(t.client, 0)).time());
    }

    @Test
    void closeOnly_orphaned_timesOutSixtySecondsAfterFinWait2() {
        TestNet t = TestNet.standard();
        App[] e = t.established();
        t.at(ms(100), () -> e[0].socket.close());
        t.runUntil(s(80));
        assertEquals(s(60) + ms(150), t.closed(t.conn(t.client, 0)).time());
    }

    @Test
    void shutdownInCloseWait_lastAckAsWithClose() {
        TestNet t = TestNet.standard();
        App[] e = t.established();
        t.at(ms(100), () -> e[0].socket.close());
        t.at(ms(200), () -> e[1].socket.shutdown());
        t.expectSentAt(ms(125), t.server, ACK, 5001, 1002);
        t.expectSentAt(ms(200), t.server, FIN | ACK, 5001, 1002);
        t.runUntil(ms(300));
        assertEquals(ms(250), e[1].closedAt);
        assertEquals(CloseReason.NORMAL, e[1].reason);
    }
}
