package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpsim.tcp.TestNet.ACK;
import static tcpsim.tcp.TestNet.CLIENT_IP;
import static tcpsim.tcp.TestNet.PORT;
import static tcpsim.tcp.TestNet.RST;
import static tcpsim.tcp.TestNet.SERVER_IP;
import static tcpsim.tcp.TestNet.SYN;
import static tcpsim.tcp.TestNet.fromClient;
import static tcpsim.tcp.TestNet.ms;
import static tcpsim.tcp.TestNet.s;

import java.util.List;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.net.DropList;
import tcpsim.tcp.TestNet.App;
import tcpsim.tcp.TestNet.Server;

/**
 * SYN cookies ({@code syncookies}, Linux tcp_syncookies=1): a SYN meeting a full SYN queue is answered by a
 * SYN-ACK whose ISN is a cookie, the listener keeps nothing and never resends it; an ACK (or data segment) whose
 * ACK field is a valid cookie + 1 creates the connection in ESTABLISHED. Quiet Linux server with syn-backlog 1 and
 * cookies on, raw client (the test plays it), 25 ms each way: the SYN from port 40000 (ISN 1000, at 0) fills the
 * SYN queue (its child answers with ISN 5000); the SYN from port 40001 (ISN 2000, at 100 ms) gets the cookie.
 */
class SynCookiesTest {
    private static final int COOKIE_PORT = 40001;

    private static TcpProfile server(boolean cookies) {
        return TestNet.quietLinux().toBuilder().set(TcpParameter.SYN_BACKLOG, 1)
                .set(TcpParameter.SYNCOOKIES, cookies).build();
    }

    private static TestNet net(TcpProfile server) {
        return TestNet.builder().rawClient().serverProfile(server).build();
    }

    /** The two SYNs; returns the cookie (the ISN of the SYN-ACK to port 40001, sent at 125 ms). */
    private static int cookieSynAck(TestNet t) {
        t.deliver(fromClient(40000, SYN, 1000, 0));
        t.expectSentAt(ms(25), t.server, SYN | ACK, 5000, 1001);
        t.at(ms(100), () -> t.deliver(fromClient(COOKIE_PORT, SYN, 2000, 0)));
        TestNet.Recorder.Sent synAck = t.nextSent(t.server);
        assertEquals(ms(125), synAck.time());
        Segment seg = synAck.seg();
        assertEquals(SYN | ACK, seg.flags());
        assertEquals(2001, seg.ack());
        assertEquals(COOKIE_PORT, seg.destinationPort());
        assertEquals(1460, seg.mss());
        assertEquals(null, synAck.conn(), "the cookie SYN-ACK comes from no connection");
        return seg.seq();
    }

    private static long sentTo(TestNet t, int port) {
        return t.rec.sentBy("server").stream().filter(x -> x.seg().destinationPort() == port).count();
    }

    @Test
    void synQueueFull_cookieSynAck_noState_neverResent_thirdAckEstablishes() {
        TestNet t = net(server(true));
        Server srv = t.listen();
        srv.setup = a -> a.socket.send(100);
        int cookie = cookieSynAck(t);
        t.runUntil(s(10));
        assertEquals(1, t.serverStack.connectionCount(), "only the first SYN made a connection");
        assertEquals(1, srv.listener.synQueueLength());
        assertEquals(1, sentTo(t, COOKIE_PORT), "the cookie SYN-ACK is never resent");
        t.deliver(fromClient(COOKIE_PORT, ACK, 2001, cookie + 1));
        t.runUntil(s(10) + ms(25));
        Connection c = t.conn(t.server, 1);
        assertEquals(List.of("LISTEN>ESTABLISHED@10025"), t.path(c));
        assertEquals("syn cookie", t.rec.changes.get(t.rec.changes.size() - 1).cause());
        assertEquals(1, srv.accepted.size());
        assertEquals(1, srv.listener.synQueueLength(), "the cookie connection took no place in the SYN queue");
        List<TestNet.Recorder.Sent> toCookie = t.rec.sentBy("server").stream()
                .filter(x -> x.seg().destinationPort() == COOKIE_PORT).toList();
        Segment data = toCookie.get(toCookie.size() - 1).seg();
        assertEquals(List.of(ACK, cookie + 1, 2001, 100),
                List.of(data.flags(), data.seq(), data.ack(), data.payloadLength()));
    }

    @Test
    void thirdAckLost_clientDataValidatesTheCookie() {
        TestNet t = net(server(true));
        Server srv = t.listen();
        int cookie = cookieSynAck(t);
        // the client (ESTABLISHED since the SYN-ACK) sends its request; the server knows nothing of it until then
        t.at(s(2), () -> t.deliver(fromClient(COOKIE_PORT, ACK, 2001, cookie + 1, 100)));
        t.runUntil(s(2));
        assertEquals(1, t.serverStack.connectionCount());
        t.runUntil(s(2) + ms(25));
        assertEquals(1, srv.accepted.size());
        assertEquals(100, srv.accepted.get(0).received);
        Segment ack = t.rec.sentBy("server").get(t.rec.sentBy("server").size() - 1).seg();
        assertEquals(List.of(ACK, cookie + 1, 2101), List.of(ack.flags(), ack.seq(), ack.ack()));
    }

    @Test
    void wrongCookie_rstAsToAnyAckAtAListener() {
        // (as in Linux, the ACK field is what is checked: a sequence number off by a few bytes only moves the MSS
        // index, which is not authenticated)
        TestNet t = net(server(true));
        Server srv = t.listen();
        int cookie = cookieSynAck(t);
        t.at(ms(200), () -> t.deliver(fromClient(COOKIE_PORT, ACK, 2001, cookie + 2)));
        t.runUntil(ms(400));
        List<TestNet.Recorder.Sent> rsts = t.rec.sentBy("server").stream().filter(x -> x.seg().isRst()).toList();
        assertEquals(1, rsts.size(), t.trace());
        assertEquals(List.of(ms(225), RST, cookie + 2), List.of(rsts.get(0).time(), rsts.get(0).seg().flags(),
                rsts.get(0).seg().seq()));
        assertEquals(0, srv.accepted.size());
    }

    @Test
    void cookieValidForItsMinuteAndTheNext() {
        TestNet t = net(server(true));
        Server srv = t.listen();
        int cookie = cookieSynAck(t); // minute 0
        // minute 1 (119.999 s): still valid; in minute 2 a copy of it is refused
        t.at(s(120) - ms(26), () -> t.deliver(fromClient(COOKIE_PORT, ACK, 2001, cookie + 1)));
        t.runUntil(s(120));
        assertEquals(1, srv.accepted.size(), t.trace());
        TestNet u = net(server(true));
        Server late = u.listen();
        int again = cookieSynAck(u);
        u.at(s(120) - ms(25), () -> u.deliver(fromClient(COOKIE_PORT, ACK, 2001, again + 1)));
        u.runUntil(s(121));
        assertEquals(0, late.accepted.size());
        assertTrue(u.rec.sentBy("server").stream().anyMatch(x -> x.seg().isRst() && x.time() == s(120)), u.trace());
    }

    @Test
    void cookiesOff_synQueueFull_synDropped() {
        TestNet t = net(server(false));
        t.listen();
        t.deliver(fromClient(40000, SYN, 1000, 0));
        t.at(ms(100), () -> t.deliver(fromClient(COOKIE_PORT, SYN, 2000, 0)));
        t.runUntil(s(10));
        assertEquals(0, sentTo(t, COOKIE_PORT));
        assertTrue(t.rec.discarded.stream().anyMatch(d -> d.why().equals("syn queue full")));
        assertFalse(TcpProfile.rfc9293().syncookies());
        assertTrue(TcpProfile.linux().syncookies());
    }

    @Test
    void acceptQueueFull_cookieAckDroppedSilently() {
        TestNet t = net(server(true));
        Server srv = t.listen(t.serverStack, PORT, 1); // full at 2 queued (Linux compares with '>')
        srv.listener.setAccepting(false);
        t.deliver(fromClient(40000, SYN, 1000, 0));
        for (int i = 0; i < 3; i++) {
            int port = 40001 + i;
            t.at(ms(10 + i), () -> t.deliver(fromClient(port, SYN, 2000, 0)));
        }
        t.runUntil(ms(50));
        for (int i = 0; i < 3; i++) {
            int port = 40001 + i;
            int cookie = t.rec.sentBy("server").stream().filter(x -> x.seg().destinationPort() == port).findFirst()
                    .orElseThrow().seg().seq();
            t.deliver(fromClient(port, ACK, 2001, cookie + 1));
        }
        t.runUntil(ms(100));
        assertEquals(2, srv.listener.acceptQueueLength());
        assertEquals(3, t.serverStack.connectionCount(), "the first child and two cookie connections");
        assertEquals(1, sentTo(t, 40003), "its SYN-ACK, and no RST");
        assertTrue(t.rec.discarded.stream().anyMatch(d -> d.why().equals("accept queue full")
                && d.seg().sourcePort() == 40003));
    }

    @Test
    void mssFromTheTable_timestampsCarryTheOptionBits() {
        TcpProfile sp = server(true).toBuilder().set(TcpParameter.TIMESTAMPS, true).build();
        TestNet t = net(sp);
        Server srv = t.listen();
        srv.setup = a -> a.socket.send(3000);
        t.deliver(fromClient(40000, SYN, 1000, 0));
        // at 100 ms (TSval clock 101 there, 126 at the server): MSS 1400, timestamps offered with TSval 77
        t.at(ms(100), () -> t.deliver(new Segment(CLIENT_IP, SERVER_IP, COOKIE_PORT, PORT, 2000, 0, SYN, 65535, 0,
                1400, true, 77, 0)));
        t.runUntil(ms(125));
        Segment synAck = t.rec.sentBy("server").get(t.rec.sentBy("server").size() - 1).seg();
        assertEquals(COOKIE_PORT, synAck.destinationPort());
        assertTrue(synAck.timestamps());
        assertEquals(77, synAck.tsEcr());
        assertEquals(64 | 0xf, synAck.tsVal(), "clock 126 with its low 6 bits the options: no window scaling");
        int cookie = synAck.seq();
        t.at(ms(150), () -> t.deliver(new Segment(CLIENT_IP, SERVER_IP, COOKIE_PORT, PORT, 2001, cookie + 1, ACK,
                65535, 0, 0, true, 151, synAck.tsVal())));
        t.runUntil(ms(200));
        // 1400 encodes as 1300, the largest table MSS not above it; 12 bytes go to the timestamps option
        List<Integer> lengths = t.rec.sentBy("server").stream().filter(x -> x.seg().payloadLength() > 0)
                .map(x -> x.seg().payloadLength()).toList();
        assertEquals(List.of(1288, 1288, 424), lengths);
        assertEquals(1300, SynCookies.MSS_TABLE[SynCookies.mssIndex(1400)]);
        assertEquals(536, SynCookies.MSS_TABLE[SynCookies.mssIndex(100)]);
        assertEquals(1460, SynCookies.MSS_TABLE[SynCookies.mssIndex(9000)]);
    }

    @Test
    void endToEnd_cookieConnectionWithItsThirdAckLost_theRequestEstablishesIt() {
        TestNet t = TestNet.builder().serverProfile(server(true)).build();
        Server srv = t.listen();
        t.dropDown(DropList.positions(1)); // the first connection's SYN-ACK: its child holds the SYN queue
        t.dropUp(DropList.firstMatching(1, TestNet.seg(x -> x.sourcePort() == 32769 && x.flags() == ACK
                && x.payloadLength() == 0)));
        App first = t.connect();
        App second = t.connect();
        second.whenEstablished = sk -> sk.send(100);
        t.runUntil(ms(60));
        assertEquals(TcpState.ESTABLISHED, second.socket.state());
        assertEquals(ms(50), second.establishedAt);
        assertEquals(1, t.serverStack.connectionCount(), "the server knows only the first connection");
        t.runUntil(ms(80));
        assertEquals(2, t.serverStack.connectionCount());
        App served = srv.accepted.get(0);
        assertEquals(ms(75), served.establishedAt);
        assertEquals(100, served.received);
        t.runUntil(s(2));
        assertEquals(s(1) + ms(50), first.establishedAt, t.trace());
    }

    @Test
    void synReopeningTimeWait_synQueueFull_droppedWithoutCookie() {
        TestNet t = net(server(true));
        Server srv = t.listen();
        srv.setup = a -> a.socket.close(); // the server closes first: TIME_WAIT lands on it
        t.deliver(fromClient(40000, SYN, 1000, 0));
        t.at(ms(50), () -> t.deliver(fromClient(40000, ACK, 1001, 5001)));
        t.at(ms(100), () -> t.deliver(fromClient(40000, ACK | TestNet.FIN, 1001, 5002)));
        t.runUntil(ms(150));
        Connection first = t.conn(t.server, 0);
        assertEquals(TcpState.TIME_WAIT, first.state(), t.trace());
        t.deliver(fromClient(COOKIE_PORT, SYN, 2000, 0)); // its child fills the SYN queue
        t.at(ms(200), () -> t.deliver(fromClient(40000, SYN, 100_000, 0)));
        t.runUntil(ms(300));
        // Linux tcp_conn_request sends a cookie only for a SYN without a TIME_WAIT ISN: this one is dropped
        assertEquals(CloseReason.NORMAL, t.closed(first).reason());
        assertTrue(t.rec.discarded.stream().anyMatch(d -> d.time() == ms(225) && d.why().equals("syn queue full")),
                t.trace());
        assertEquals(0, t.rec.sentBy("server").stream().filter(x -> x.time() >= ms(225)).count(), t.trace());
    }
}
