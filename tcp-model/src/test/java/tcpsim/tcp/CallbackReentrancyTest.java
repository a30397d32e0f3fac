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
 * Applications call back into the socket from inside every callback (close, abort, send, connect): the model must
 * stay consistent (the invariant checker runs on every event) and send exactly what the call means.
 */
class CallbackReentrancyTest {

    @Test
    void closeInsideOnEstablished_finRightAfterHandshakeAck() {
        TestNet t = TestNet.standard();
        Server srv = t.listen();
        srv.setup = a -> a.whenPeerClosed = TcpSocket::close;
        App c = t.connect();
        c.whenEstablished = TcpSocket::close;
        t.expectSentAt(0, t.client, TestNet.SYN, 1000, 0);
        t.expectSentAt(ms(50), t.client, ACK, 1001, 5001);
        t.expectSentAt(ms(50), t.client, FIN | ACK, 1001, 5001);
        t.runUntil(s(70));
        assertEquals(CloseReason.NORMAL, c.reason, t.trace());
    }

    @Test
    void abortInsideOnEstablished_rstAfterHandshakeAck() {
        TestNet t = TestNet.standard();
        Server srv = t.listen();
        App c = t.connect();
        c.whenEstablished = TcpSocket::abort;
        t.expectSentAt(0, t.client, TestNet.SYN, 1000, 0);
        t.expectSentAt(ms(50), t.client, ACK, 1001, 5001);
        TestNet.Recorder.Sent rst = t.nextSent(t.client);
        assertTrue(rst.seg().isRst() && rst.seg().seq() == 1001 && rst.time() == ms(50), t.trace());
        t.runUntil(s(1));
        assertEquals(CloseReason.ABORTED, c.reason);
        assertEquals(1, srv.accepted.size(), "the ACK arrived before the RST");
        assertEquals(CloseReason.RESET, srv.accepted.get(0).reason, t.trace());
    }

    @Test
    void abortInsideOnAccept_rstToClient() {
        TestNet t = TestNet.standard();
        Server srv = t.listen();
        srv.setup = a -> a.socket.abort();
        App c = t.connect();
        t.runUntil(s(1));
        assertEquals(CloseReason.RESET, c.reason, t.trace());
        assertEquals(ms(100), c.closedAt);
        assertEquals(TcpState.CLOSED, t.conn(t.server, 0).state());
    }

    @Test
    void abortInsideOnData_noAckAfterRst() {
        TestNet t = TestNet.standard();
        Server srv = t.listen();
        srv.setup = a -> a.whenData = (sock, n) -> sock.abort();
        App c = t.connect();
        c.whenEstablished = sock -> sock.send(100);
        t.runUntil(s(1));
        List<String> fromServer = new ArrayList<>();
        for (TestNet.Recorder.Sent x : t.rec.sentBy("server")) {
            fromServer.add(TestNet.Recorder.brief(x.seg()));
        }
        assertTrue(fromServer.get(fromServer.size() - 1).startsWith("RST"), fromServer.toString());
        assertEquals(CloseReason.RESET, c.reason, t.trace());
        assertEquals(CloseReason.ABORTED, srv.accepted.get(0).reason);
    }

    @Test
    void abortInsideOnPeerClosed() {
        TestNet t = TestNet.standard();
        Server srv = t.listen();
        srv.setup = a -> a.whenPeerClosed = TcpSocket::abort;
        App c = t.connect();
        c.whenEstablished = TcpSocket::close;
        t.runUntil(s(1));
        assertEquals(CloseReason.ABORTED, srv.accepted.get(0).reason, t.trace());
        assertEquals(CloseReason.RESET, c.reason, t.trace());
    }

    @Test
    void closeInsideOnAllDataAcked() {
        TestNet t = TestNet.standard();
        Server srv = t.listen();
        srv.setup = a -> a.whenPeerClosed = TcpSocket::close;
        App c = t.connect();
        c.whenEstablished = sock -> sock.send(3000);
        c.whenAllAcked = TcpSocket::close;
        t.runUntil(s(70));
        assertEquals(CloseReason.NORMAL, c.reason, t.trace());
        assertEquals(3000, srv.accepted.get(0).received);
    }

    @Test
    void sendAndCloseInsideOnClosed_ignored() {
        TestNet t = TestNet.standard();
        App c = t.connect(); // refused: nobody listens
        c.whenEstablished = sock -> { };
        List<String> seen = new ArrayList<>();
        SocketCallbacks cb = new SocketCallbacks() {
            @Override
            public void onClosed(TcpSocket s, CloseReason r) {
                seen.add(r.toString());
                s.send(100);
                s.close();
                s.abort();
            }
        };
        c.socket.setCallbacks(cb);
        t.runUntil(s(5));
        assertEquals(List.of("REFUSED"), seen);
        t.skipSent();
        t.expectNothingSentUntil(t.client, s(10));
    }

    @Test
    void reconnectInsideOnClosed_newConnection() {
        TestNet t = TestNet.standard();
        Server[] srv = {null};
        App first = t.connect(); // refused at 50 ms
        App[] second = {null};
        first.socket.setCallbacks(new SocketCallbacks() {
            @Override
            public void onClosed(TcpSocket s, CloseReason r) {
                if (srv[0] == null) {
                    srv[0] = t.listen();
                }
                second[0] = t.connect();
            }
        });
        t.runUntil(s(1));
        assertEquals(ms(100), second[0].establishedAt, t.trace());
        assertEquals(1, srv[0].accepted.size());
    }

    @Test
    void halfOpen_peerCrashed_dataAnsweredWithRst() {
        // RFC 9293 3.5.1 figure 11: the client vanished (its RST lost); the server's data meets no connection
        TestNet t = TestNet.standard();
        App[] e = t.established();
        t.dropUp(DropList.firstMatching(1, TestNet.hasRst()));
        t.at(ms(100), () -> e[0].socket.abort());
        t.at(ms(200), () -> e[1].socket.send(100));
        t.runUntil(ms(150));
        t.skipSent();
        t.expectSentAt(ms(200), t.server, ACK, 5001, 1001, 100);
        t.expectSentAt(ms(225), t.client, TestNet.RST, 1001, 0);
        t.runUntil(ms(250));
        assertEquals(CloseReason.RESET, e[1].reason, t.trace());
        assertEquals(ms(250), e[1].closedAt);
    }

    @Test
    void finRetransmittedWhileSendingData_noDataAfterFin() {
        TestNet t = TestNet.standard();
        App[] e = t.established();
        t.dropUp(DropList.positions(3, 5));
        t.at(ms(100), () -> {
            e[0].socket.send(5000);
            e[0].socket.close();
        });
        t.runUntil(s(70));
        assertEquals(5000, e[1].received, t.trace());
        assertEquals(5000, e[1].receivedAtPeerClosed);
    }
}
