package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpsim.tcp.TestNet.ACK;
import static tcpsim.tcp.TestNet.CLIENT_IP;
import static tcpsim.tcp.TestNet.FIN;
import static tcpsim.tcp.TestNet.PORT;
import static tcpsim.tcp.TestNet.RST;
import static tcpsim.tcp.TestNet.SERVER_IP;
import static tcpsim.tcp.TestNet.SYN;
import static tcpsim.tcp.TestNet.fromClient;
import static tcpsim.tcp.TestNet.fromServer;
import static tcpsim.tcp.TestNet.ms;
import static tcpsim.tcp.TestNet.s;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.net.DropList;
import tcpsim.kernel.net.Host;
import tcpsim.tcp.TestNet.App;
import tcpsim.tcp.TestNet.Server;

/**
 * One test per (state, stimulus) of RFC 9293 (3.3.2 diagram, 3.10 event processing), grouped by state. Real
 * endpoints over a kernel link (50 ms RTT, quiet Linux profile: delayed ACK off), ISNs 1000 (client) and 5000
 * (server), so every seq/ack below is an exact literal. Times are in ms from the start of the simulation.
 *
 * <p>Numbers after {@link TestNet#established()} (both ESTABLISHED at 75 ms): client SND.NXT=1001 RCV.NXT=5001,
 * server SND.NXT=5001 RCV.NXT=1001. The data RTO after the handshake's 50 ms RTT sample is 250 ms (Linux:
 * SRTT + max(RTTVAR term, 200 ms)).
 */
class TcpStateMachineTest {
    static final long RTO = ms(250);

    /** The next segment from {@code host} is an RST with this seq; an ACK bit, if set, must carry {@code ack}. */
    static TestNet.Recorder.Sent expectRst(TestNet t, Host host, int seq, int ack) {
        TestNet.Recorder.Sent s = t.nextSent(host);
        assertTrue(s.seg().isRst(), "expected RST from " + host.name() + ", got " + s + "\n" + t.trace());
        assertFalse(s.seg().isSyn() || s.seg().isFin(), "RST with SYN/FIN: " + s);
        assertEquals(Integer.toUnsignedString(seq), Integer.toUnsignedString(s.seg().seq()), "RST seq\n" + t.trace());
        if (s.seg().isAck()) {
            assertEquals(Integer.toUnsignedString(ack), Integer.toUnsignedString(s.seg().ack()),
                    "RST,ACK ack\n" + t.trace());
        }
        return s;
    }

    /** A segment from server:80 to the client's {@code clientPort} announcing {@code window}. */
    static Segment fromServerWindow(int clientPort, int flags, int seq, int ack, int window) {
        return new Segment(TestNet.SERVER_IP, TestNet.CLIENT_IP, TestNet.PORT, clientPort, seq, ack, flags, window, 0,
                0);
    }

    /**
     * A raw (hand-played) client from port 40000 completes the handshake with the real server: server ESTABLISHED
     * at 75 ms with SND.NXT=5001, RCV.NXT=1001. Returns the accepted server app.
     */
    static App rawEstablished(TestNet t) {
        Server srv = t.listen();
        t.deliver(fromClient(40000, SYN, 1000, 0));
        t.runUntil(ms(50));
        t.deliver(fromClient(40000, ACK, 1001, 5001));
        t.runUntil(ms(75));
        assertEquals(1, srv.accepted.size(), t.trace());
        t.skipSent();
        return srv.accepted.get(0);
    }

    /** Client closes at 100 ms; the server (delayed ACK off) ACKs at 125 ms; client FIN_WAIT_2 at 150 ms. */
    static void clientClosesAt100(TestNet t, App c) {
        t.at(ms(100), () -> c.socket.close());
    }

    /**
     * Client and server each connect to the other (simultaneous open, RFC 9293 figure 8): the client from port
     * 40000 to 50000, the server from 50000 to 40000; the SYNs cross at 25 ms.
     */
    static TestNet simultaneousOpenNet() {
        TcpProfile cp = TestNet.quietLinux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 40000)
                .set(TcpParameter.EPHEMERAL_PORT_MAX, 40000).build();
        TcpProfile sp = TestNet.quietLinux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 50000)
                .set(TcpParameter.EPHEMERAL_PORT_MAX, 50000).build();
        return TestNet.builder().clientProfile(cp).serverProfile(sp).build();
    }

    // =====================================================================================================
    @Nested
    class Closed {
        @Test
        void closed_synToPortWithoutListener_answeredWithRstAck_connectRefused() {
            TestNet t = TestNet.standard();
            App c = t.connect();
            t.expectSentAt(0, t.client, SYN, 1000, 0);
            // RFC 9293 3.10.7.1: ACK off -> <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
            t.expectSentAt(ms(25), t.server, RST | ACK, 0, 1001);
            t.runUntil(ms(50));
            Connection cc = t.conn(t.client, 0);
            assertEquals(List.of("CLOSED>SYN_SENT@0", "SYN_SENT>CLOSED@50"), t.path(cc), t.trace());
            assertEquals(CloseReason.REFUSED, t.closed(cc).reason());
            assertEquals(ms(50), t.closed(cc).time());
            assertEquals(CloseReason.REFUSED, c.reason);
            assertEquals(ms(50), c.closedAt);
            assertEquals(1, c.closedCalls);
            assertEquals(-1, c.establishedAt);
            assertTrue(t.rec.connectionsOf("server").isEmpty(), "no connection at the server\n" + t.trace());
            t.expectNothingSentUntil(t.client, s(200));
        }

        @Test
        void closed_ackToPortWithoutListener_answeredWithRstSeqFromAck() {
            TestNet t = TestNet.builder().rawClient().build();
            t.deliver(fromClient(40000, ACK, 777, 12345));
            // RFC 9293 3.10.7.1: ACK on -> <SEQ=SEG.ACK><CTL=RST>
            t.expectSentAt(ms(25), t.server, RST, 12345, 0);
            t.expectNothingSentUntil(t.server, s(5));
        }

        @Test
        void closed_dataToPortWithoutListener_answeredWithRst() {
            TestNet t = TestNet.builder().rawClient().build();
            t.deliver(fromClient(40000, ACK, 777, 12345, 100));
            t.expectSentAt(ms(25), t.server, RST, 12345, 0);
        }

        @Test
        void closed_rstToPortWithoutListener_ignored() {
            TestNet t = TestNet.builder().rawClient().build();
            t.deliver(fromClient(40000, RST, 777, 0));
            t.deliver(fromClient(40001, RST | ACK, 777, 12345));
            t.expectNothingSentUntil(t.server, s(5));
            assertTrue(t.rec.connectionsOf("server").isEmpty());
        }
    }

    // =====================================================================================================
    @Nested
    class Listen {
        @Test
        void listen_syn_entersSynReceivedAndSendsSynAck() {
            TestNet t = TestNet.builder().rawClient().build();
            t.listen();
            t.deliver(fromClient(40000, SYN, 1000, 0));
            TestNet.Recorder.Sent synAck = t.expectSentAt(ms(25), t.server, SYN | ACK, 5000, 1001);
            assertTrue(synAck.seg().mss() > 0, "SYN,ACK carries the MSS option");
            assertEquals(40000, synAck.seg().destinationPort());
            assertEquals(PORT, synAck.seg().sourcePort());
            Connection sc = t.conn(t.server, 0);
            assertEquals(List.of("LISTEN>SYN_RECEIVED@25"), t.path(sc));
            assertEquals(TcpState.SYN_RECEIVED, sc.state());
            assertFalse(sc.activeOpen());
            assertEquals(new FourTuple(SERVER_IP, PORT, CLIENT_IP, 40000), sc.tuple());
            assertEquals(t.server, sc.host());
        }

        @Test
        void listen_acceptBacklogIntMax_linuxQuirks_handshakeCompletes() {
            // found by TcpProfileLimitsTest: the Linux capacity backlog + 1 overflowed to Integer.MIN_VALUE, so the
            // accept queue always counted as full and every third ACK was dropped
            TcpProfile p = TestNet.quietLinux().toBuilder().set(TcpParameter.ACCEPT_BACKLOG, Integer.MAX_VALUE).build();
            TestNet t = TestNet.builder().rawClient().profile(p).build();
            rawEstablished(t); // SYN at 25 ms, SYN-ACK, the third ACK at 75 ms is accepted
            assertEquals(List.of("LISTEN>SYN_RECEIVED@25", "SYN_RECEIVED>ESTABLISHED@75"),
                    t.path(t.conn(t.server, 0)));
            t.expectNothingSentUntil(t.server, s(5));
        }

        @Test
        void listen_ack_answeredWithRst() {
            TestNet t = TestNet.builder().rawClient().build();
            t.listen();
            t.deliver(fromClient(40000, ACK, 1000, 4242));
            // RFC 9293 3.10.7.2: any ACK in LISTEN is bad -> <SEQ=SEG.ACK><CTL=RST>
            t.expectSentAt(ms(25), t.server, RST, 4242, 0);
            t.expectNothingSentUntil(t.server, s(5));
            assertTrue(t.rec.connectionsOf("server").isEmpty(), t.trace());
        }

        @Test
        void listen_synAck_answeredWithRst() {
            TestNet t = TestNet.builder().rawClient().build();
            t.listen();
            t.deliver(fromClient(40000, SYN | ACK, 1000, 4242));
            t.expectSentAt(ms(25), t.server, RST, 4242, 0);
            assertTrue(t.rec.connectionsOf("server").isEmpty(), t.trace());
        }

        @Test
        void listen_rst_ignored() {
            TestNet t = TestNet.builder().rawClient().build();
            t.listen();
            t.deliver(fromClient(40000, RST, 1000, 0));
            t.expectNothingSentUntil(t.server, s(5));
            assertTrue(t.rec.connectionsOf("server").isEmpty(), t.trace());
        }

        @Test
        void listen_synWithSynQueueFull_droppedSilently() {
            TcpProfile sp = TestNet.quietLinux().toBuilder().set(TcpParameter.SYN_BACKLOG, 1).build();
            TestNet t = TestNet.builder().rawClient().serverProfile(sp).build();
            Server srv = t.listen();
            t.deliver(fromClient(40000, SYN, 1000, 0));
            t.deliver(fromClient(40001, SYN, 7000, 0));
            t.expectSentAt(ms(25), t.server, SYN | ACK, 5000, 1001);
            // Linux: a full SYN queue drops the SYN, nothing is answered (the client's SYN timer retries)
            t.expectNothingSentUntil(t.server, ms(1024));
            assertEquals(1, srv.listener.synQueueLength());
            assertEquals(1, t.rec.connectionsOf("server").size(), t.trace());
            assertEquals(1, t.rec.discarded.size(), t.trace());
            TestNet.Recorder.Discard d = t.rec.discarded.get(0);
            assertEquals(ms(25), d.time());
            assertEquals(40001, d.seg().sourcePort());
            assertEquals("syn queue full", d.why());
            t.expectSentAt(ms(1025), t.server, SYN | ACK, 5000, 1001); // the first child's own timer
        }

        @Test
        void listen_closeWithUnacceptedConnections_resetsEstablishedDropsEmbryonic() {
            TestNet t = TestNet.standard();
            Server srv = t.listen();
            srv.listener.setAccepting(false);
            App a = t.connect();
            t.runUntil(ms(75));
            t.dropUp(DropList.firstMatching(1, TestNet.pureAck()));
            App b = t.connect();
            t.runUntil(ms(200));
            Connection sa = t.conn(t.server, 0);
            Connection sb = t.conn(t.server, 1);
            assertEquals(TcpState.ESTABLISHED, sa.state());
            assertEquals(TcpState.SYN_RECEIVED, sb.state());
            t.skipSent();
            srv.listener.close();
            // established but unaccepted: RST <SEQ=SND.NXT>; embryonic: dropped silently
            assertEquals(ms(200), expectRst(t, t.server, 5001, 1001).time());
            t.expectNothingSentUntil(t.server, ms(1074));
            assertEquals(TcpState.CLOSED, sa.state());
            assertEquals(TcpState.CLOSED, sb.state());
            assertEquals(ms(225), a.closedAt, t.trace());
            assertEquals(CloseReason.RESET, a.reason);
            assertTrue(srv.accepted.isEmpty());
            assertEquals(TcpState.ESTABLISHED, b.socket.state(), "b's peer vanished silently");
        }

        @Test
        void listen_closeThenListenAgain_accepts() {
            TestNet t = TestNet.standard();
            Server first = t.listen();
            first.listener.close();
            Server second = t.listen();
            App c = t.connect();
            t.runUntil(ms(100));
            assertEquals(ms(50), c.establishedAt);
            assertTrue(first.accepted.isEmpty());
            assertEquals(1, second.accepted.size());
        }

        @Test
        void listen_close_portAnswersRstAfterwards() {
            TestNet t = TestNet.standard();
            Server srv = t.listen();
            srv.listener.close();
            App c = t.connect();
            t.expectSentAt(ms(25), t.server, RST | ACK, 0, 1001);
            t.runUntil(ms(50));
            assertEquals(CloseReason.REFUSED, c.reason);
            assertTrue(srv.accepted.isEmpty());
        }
    }

    // =====================================================================================================
    @Nested
    class SynSent {
        @Test
        void synSent_synAck_entersEstablished() {
            TestNet t = TestNet.standard();
            Server srv = t.listen();
            App c = t.connect();
            TestNet.Recorder.Sent syn = t.expectSentAt(0, t.client, SYN, 1000, 0);
            assertTrue(syn.seg().mss() > 0, "SYN carries the MSS option");
            assertEquals(CLIENT_IP, syn.seg().source());
            assertEquals(SERVER_IP, syn.seg().destination());
            assertEquals(PORT, syn.seg().destinationPort());
            assertEquals(TcpState.SYN_SENT, c.socket.state());
            t.expectSentAt(ms(25), t.server, SYN | ACK, 5000, 1001);
            t.expectSentAt(ms(50), t.client, ACK, 1001, 5001);
            assertEquals(TcpState.ESTABLISHED, c.socket.state());
            t.runUntil(ms(75));
            Connection cc = t.conn(t.client, 0);
            Connection sc = t.conn(t.server, 0);
            assertEquals(List.of("CLOSED>SYN_SENT@0", "SYN_SENT>ESTABLISHED@50"), t.path(cc));
            assertEquals(List.of("LISTEN>SYN_RECEIVED@25", "SYN_RECEIVED>ESTABLISHED@75"), t.path(sc));
            assertTrue(cc.activeOpen());
            assertFalse(sc.activeOpen());
            assertEquals(List.of("established@50"), c.events);
            assertEquals(1, srv.accepted.size());
            assertEquals(ms(75), srv.accepted.get(0).establishedAt);
            assertEquals(cc.tuple().localPort(), sc.tuple().remotePort());
            assertEquals(new FourTuple(CLIENT_IP, cc.tuple().localPort(), SERVER_IP, PORT), cc.tuple());
            assertEquals(1L, cc.id(), "ids from 1 in creation order");
            assertEquals(2L, sc.id());
            t.expectNothingSentUntil(t.client, s(10));
            t.expectNothingSentUntil(t.server, s(10));
        }

        @Test
        void synSent_rstAck_closesRefused() {
            TestNet t = TestNet.builder().rawServer().build();
            App c = t.connect();
            int cp = t.clientPort(c);
            t.at(ms(25), () -> t.deliver(fromServer(cp, RST | ACK, 0, 1001)));
            t.runUntil(ms(50));
            assertEquals(TcpState.CLOSED, c.socket.state());
            assertEquals(CloseReason.REFUSED, c.reason);
            assertEquals(ms(50), c.closedAt);
            t.skipSent();
            t.expectNothingSentUntil(t.client, s(5));
        }

        @Test
        void synSent_rstWithUnacceptableAck_ignored() {
            TestNet t = TestNet.builder().rawServer().build();
            App c = t.connect();
            int cp = t.clientPort(c);
            t.at(ms(25), () -> t.deliver(fromServer(cp, RST | ACK, 0, 999)));
            t.expectSentAt(0, t.client, SYN, 1000, 0);
            t.expectNothingSentUntil(t.client, ms(999));
            assertEquals(TcpState.SYN_SENT, c.socket.state());
            t.expectSentAt(s(1), t.client, SYN, 1000, 0);
        }

        @Test
        void synSent_rstWithoutAck_ignored() {
            TestNet t = TestNet.builder().rawServer().build();
            App c = t.connect();
            int cp = t.clientPort(c);
            t.at(ms(25), () -> t.deliver(fromServer(cp, RST, 0, 0)));
            t.expectSentAt(0, t.client, SYN, 1000, 0);
            t.expectNothingSentUntil(t.client, ms(999));
            assertEquals(TcpState.SYN_SENT, c.socket.state());
            assertEquals(-1, c.closedAt);
        }

        @Test
        void synSent_synAckWithUnacceptableAck_sendsRstAndStays() {
            TestNet t = TestNet.builder().rawServer().build();
            App c = t.connect();
            int cp = t.clientPort(c);
            t.at(ms(10), () -> t.deliver(fromServer(cp, SYN | ACK, 5000, 777)));
            t.expectSentAt(0, t.client, SYN, 1000, 0);
            // RFC 9293 3.10.7.3: SEG.ACK =< ISS or > SND.NXT -> <SEQ=SEG.ACK><CTL=RST>
            t.expectSentAt(ms(35), t.client, RST, 777, 0);
            assertEquals(TcpState.SYN_SENT, c.socket.state());
            t.expectSentAt(s(1), t.client, SYN, 1000, 0);
        }

        @Test
        void synSent_syn_simultaneousOpen_bothPassSynReceived() {
            TcpProfile cp = TestNet.quietLinux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 40000)
                    .set(TcpParameter.EPHEMERAL_PORT_MAX, 40000).build();
            TcpProfile sp = TestNet.quietLinux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 50000)
                    .set(TcpParameter.EPHEMERAL_PORT_MAX, 50000).build();
            TestNet t = TestNet.builder().clientProfile(cp).serverProfile(sp).build();
            App a = t.connect(t.clientStack, SERVER_IP, 50000);
            App b = t.connect(t.serverStack, CLIENT_IP, 40000);
            assertEquals(40000, a.socket.tuple().localPort());
            assertEquals(50000, b.socket.tuple().localPort());
            t.expectSentAt(0, t.client, SYN, 1000, 0);
            t.expectSentAt(0, t.server, SYN, 5000, 0);
            // RFC 9293 3.10.7.3 SYN-SENT, fourth: SYN without ACK -> SYN-RECEIVED, <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>
            t.expectSentAt(ms(25), t.client, SYN | ACK, 1000, 5001);
            t.expectSentAt(ms(25), t.server, SYN | ACK, 5000, 1001);
            t.runUntil(ms(50));
            Connection ca = t.conn(t.client, 0);
            Connection cb = t.conn(t.server, 0);
            assertEquals(List.of("CLOSED>SYN_SENT@0", "SYN_SENT>SYN_RECEIVED@25", "SYN_RECEIVED>ESTABLISHED@50"),
                    t.path(ca), t.trace());
            assertEquals(List.of("CLOSED>SYN_SENT@0", "SYN_SENT>SYN_RECEIVED@25", "SYN_RECEIVED>ESTABLISHED@50"),
                    t.path(cb), t.trace());
            assertTrue(ca.activeOpen() && cb.activeOpen());
            assertEquals(ms(50), a.establishedAt);
            assertEquals(ms(50), b.establishedAt);
            t.runUntil(s(10));
            assertTrue(t.rec.sent.stream().noneMatch(x -> x.seg().isRst() || x.seg().isSyn() && x.time() > ms(25)),
                    "no RST and no further SYN after the crossing SYN,ACKs\n" + t.trace());
            assertEquals(TcpState.ESTABLISHED, a.socket.state());
            assertEquals(TcpState.ESTABLISHED, b.socket.state());
        }

        @Test
        void synSent_simultaneousOpen_synAcksLost_retransmitsSynAck() {
            TcpProfile cp = TestNet.quietLinux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 40000)
                    .set(TcpParameter.EPHEMERAL_PORT_MAX, 40000).build();
            TcpProfile sp = TestNet.quietLinux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 50000)
                    .set(TcpParameter.EPHEMERAL_PORT_MAX, 50000).build();
            TestNet t = TestNet.builder().clientProfile(cp).serverProfile(sp).build();
            t.dropUp(DropList.firstMatching(1, TestNet.flagsAre(SYN | ACK)));
            t.dropDown(DropList.firstMatching(1, TestNet.flagsAre(SYN | ACK)));
            App a = t.connect(t.clientStack, SERVER_IP, 50000);
            App b = t.connect(t.serverStack, CLIENT_IP, 40000);
            t.expectSentAt(0, t.client, SYN, 1000, 0);
            t.expectSentAt(ms(25), t.client, SYN | ACK, 1000, 5001);
            // the SYN timer armed at 0 expires at 1 s: in SYN-RECEIVED it is the SYN,ACK that is retransmitted
            t.expectSentAt(s(1), t.client, SYN | ACK, 1000, 5001);
            t.runUntil(s(2));
            assertEquals(s(1) + ms(25), a.establishedAt, t.trace());
            assertEquals(s(1) + ms(25), b.establishedAt, t.trace());
        }

        @Test
        void synSent_timeout_retransmitsSameSyn() {
            TestNet t = TestNet.standard();
            t.listen();
            t.dropUp(DropList.positions(1));
            App c = t.connect();
            t.expectSentAt(0, t.client, SYN, 1000, 0);
            t.expectSentAt(s(1), t.client, SYN, 1000, 0);
            t.expectSentAt(ms(1050), t.client, ACK, 1001, 5001);
            assertEquals(ms(1050), c.establishedAt);
        }

        @Test
        void synSent_synAckAfterOneSynRetransmission_rfc9293InitialWindowOneSegment() {
            // RFC 5681 3.1: after a lost SYN the initial window is one segment (Linux: only after two, see
            // DataTransferTest.Rto#initialWindow_afterOneSynRetransmission_linuxKeepsTenSegments)
            TcpProfile p = TcpProfile.rfc9293().toBuilder().set(TcpParameter.DELAYED_ACK, 0)
                    .set(TcpParameter.INITIAL_WINDOW, 10).build();
            TestNet t = TestNet.builder().profile(p).build();
            t.listen();
            t.dropUp(DropList.firstMatching(1, TestNet.synOnly()));
            App c = t.connect();
            c.whenEstablished = sock -> sock.send(20L * 1460);
            t.expectSentAt(0, t.client, SYN, 1000, 0);
            t.expectSentAt(s(1), t.client, SYN, 1000, 0);
            t.expectSentAt(ms(1050), t.client, ACK, 1001, 5001);
            t.expectSentAt(ms(1050), t.client, ACK, 1001, 5001, 1460);
            t.expectNothingSentUntil(t.client, ms(1099));
            t.expectSentAt(ms(1100), t.client, ACK, 1001 + 1460, 5001, 1460);
        }

        @Test
        void synSent_close_deletesTcbSilently() {
            TestNet t = TestNet.standard();
            t.listen();
            App c = t.connect();
            t.at(ms(10), () -> c.socket.close());
            t.expectSentAt(0, t.client, SYN, 1000, 0);
            t.runUntil(ms(10));
            assertEquals(TcpState.CLOSED, c.socket.state());
            assertEquals(List.of("CLOSED>SYN_SENT@0", "SYN_SENT>CLOSED@10"), t.path(t.conn(t.client, 0)));
            assertEquals(1, c.closedCalls);
            // RFC 9293 3.10.4: CLOSE in SYN-SENT deletes the TCB, nothing is sent. The SYN,ACK then meets no
            // connection: <SEQ=SEG.ACK><CTL=RST>, which resets the server's SYN-RECEIVED connection.
            t.expectSentAt(ms(50), t.client, RST, 1001, 0);
            t.runUntil(ms(75));
            Connection sc = t.conn(t.server, 0);
            assertEquals(TcpState.CLOSED, sc.state(), t.trace());
            assertEquals(ms(75), t.closed(sc).time());
            t.expectNothingSentUntil(t.client, s(10));
        }

        @Test
        void synSent_abort_deletesTcbWithoutRst() {
            TestNet t = TestNet.builder().rawServer().build();
            App c = t.connect();
            t.at(ms(10), () -> c.socket.abort());
            t.expectSentAt(0, t.client, SYN, 1000, 0);
            // RFC 9293 3.10.5: ABORT in SYN-SENT: no RST
            t.expectNothingSentUntil(t.client, s(5));
            assertEquals(TcpState.CLOSED, c.socket.state());
            assertEquals(CloseReason.ABORTED, c.reason);
            assertEquals(ms(10), c.closedAt);
            assertEquals(CloseReason.ABORTED, t.closed(t.conn(t.client, 0)).reason());
        }
    }

    // =====================================================================================================
    @Nested
    class SynReceived {
        @Test
        void synReceived_crossingSynAck_acknowledgesOurSyn_dataFlowsWithAOneSegmentWindow() {
            // found by HostileSegmentTest: the crossing SYN,ACK of a simultaneous open completed the handshake but
            // left SND.UNA at ISS, so the SYN counted as in flight for ever; with a one-segment window (after SYN
            // retransmissions) no data could go and no timer ran
            TcpProfile p = TestNet.quietLinux().toBuilder().set(TcpParameter.INITIAL_WINDOW, 1).build();
            TestNet t = TestNet.builder().rawServer().profile(p).build();
            App a = t.connect();
            a.whenEstablished = sock -> sock.send(1460);
            int port = t.clientPort(a);
            t.expectSentAt(0, t.client, SYN, 1000, 0);
            t.deliver(fromServer(port, SYN, 5000, 0)); // simultaneous open
            t.expectSentAt(ms(25), t.client, SYN | ACK, 1000, 5001);
            t.deliver(fromServer(port, SYN | ACK, 5000, 1001)); // the peer's crossing SYN,ACK
            t.expectSentAt(ms(50), t.client, ACK, 1001, 5001, 1460); // sent by onEstablished, acknowledging 5001
            t.expectSentAt(ms(50), t.client, ACK, 2461, 5001, 0);
            assertEquals(List.of("CLOSED>SYN_SENT@0", "SYN_SENT>SYN_RECEIVED@25", "SYN_RECEIVED>ESTABLISHED@50"),
                    t.path(a.socket));
            assertEquals(1001, Invariants.tcb(a.socket).sndUna);
        }

        @Test
        void synReceived_ack_entersEstablishedAndAccepts() {
            TestNet t = TestNet.builder().rawClient().build();
            Server srv = t.listen();
            t.deliver(fromClient(40000, SYN, 1000, 0));
            t.expectSentAt(ms(25), t.server, SYN | ACK, 5000, 1001);
            t.runUntil(ms(50));
            t.deliver(fromClient(40000, ACK, 1001, 5001));
            t.runUntil(ms(75));
            Connection sc = t.conn(t.server, 0);
            assertEquals(List.of("LISTEN>SYN_RECEIVED@25", "SYN_RECEIVED>ESTABLISHED@75"), t.path(sc));
            assertEquals(1, srv.accepted.size());
            assertEquals(sc.id(), srv.accepted.get(0).socket.id());
            t.expectNothingSentUntil(t.server, s(10));
        }

        @Test
        void synReceived_ackWithData_entersEstablishedAndDeliversData() {
            TestNet t = TestNet.builder().rawClient().build();
            Server srv = t.listen();
            t.deliver(fromClient(40000, SYN, 1000, 0));
            t.runUntil(ms(50));
            t.skipSent();
            t.deliver(fromClient(40000, ACK, 1001, 5001, 100));
            t.expectSentAt(ms(75), t.server, ACK, 5001, 1101);
            assertEquals(1, srv.accepted.size());
            assertEquals(100, srv.accepted.get(0).received);
        }

        @Test
        void synReceived_rst_returnsToListen() {
            TestNet t = TestNet.standard();
            Server srv = t.listen();
            t.dropDown(DropList.positions(1)); // the first SYN,ACK
            App c = t.connect();
            int cp = t.clientPort(c);
            t.expectSentAt(ms(25), t.server, SYN | ACK, 5000, 1001);
            t.at(ms(30), () -> t.deliver(fromClient(cp, RST, 1001, 0)));
            t.runUntil(ms(55));
            Connection first = t.conn(t.server, 0);
            List<String> path = t.path(first);
            // RFC 9293 3.10.7.4 second: a passively opened connection returns to LISTEN (its TCB is discarded)
            assertEquals(List.of("LISTEN>SYN_RECEIVED@25", "SYN_RECEIVED>LISTEN@55", "LISTEN>CLOSED@55"), path,
                    t.trace());
            assertEquals(CloseReason.RESET, t.closed(first).reason());
            assertEquals(0, t.serverStack.connectionCount(), "the discarded child left the table\n" + t.trace());
            assertEquals(0, srv.listener.synQueueLength());
            // the listener still accepts: the client's retransmitted SYN opens a fresh connection, no stale SYN,ACK
            t.expectSentAt(ms(1025), t.server, SYN | ACK, 1_005_000, 1001);
            t.expectNothingSentUntil(t.server, ms(1074));
            assertEquals(ms(1050), c.establishedAt);
            t.runUntil(ms(1075));
            assertEquals(1, srv.accepted.size());
        }

        @Test
        void synReceived_retransmittedSyn_resendsSynAckAtOnceAndRearmsTimer() {
            TestNet t = TestNet.builder().rawClient().build();
            t.listen();
            t.deliver(fromClient(40000, SYN, 1000, 0));
            t.at(ms(500), () -> t.deliver(fromClient(40000, SYN, 1000, 0)));
            t.expectSentAt(ms(25), t.server, SYN | ACK, 5000, 1001);
            // Linux tcp_check_req: resend at once, re-arm with the current timeout (1 s)
            t.expectSentAt(ms(525), t.server, SYN | ACK, 5000, 1001);
            t.expectSentAt(ms(1525), t.server, SYN | ACK, 5000, 1001);
            t.expectSentAt(ms(3525), t.server, SYN | ACK, 5000, 1001);
            assertEquals(1, t.rec.connectionsOf("server").size(), "one connection for both SYNs");
        }

        @Test
        void synReceived_rstOutOfWindow_ignored() {
            TestNet t = TestNet.builder().rawClient().build();
            t.listen();
            t.deliver(fromClient(40000, SYN, 1000, 0));
            t.runUntil(ms(50));
            t.deliver(fromClient(40000, RST, 1001 + 10_000_000, 0));
            t.runUntil(ms(80));
            assertEquals(TcpState.SYN_RECEIVED, t.conn(t.server, 0).state(), t.trace());
        }

        @Test
        void synReceived_close_sendsFinEntersFinWait1_simultaneousOpen() {
            TcpProfile cp = TestNet.quietLinux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 40000)
                    .set(TcpParameter.EPHEMERAL_PORT_MAX, 40000).build();
            TcpProfile sp = TestNet.quietLinux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 50000)
                    .set(TcpParameter.EPHEMERAL_PORT_MAX, 50000).build();
            TestNet t = TestNet.builder().clientProfile(cp).serverProfile(sp).build();
            t.dropUp(DropList.firstMatching(1, TestNet.flagsAre(SYN | ACK)));
            t.dropDown(DropList.firstMatching(1, TestNet.flagsAre(SYN | ACK)));
            App a = t.connect(t.clientStack, SERVER_IP, 50000);
            App b = t.connect(t.serverStack, CLIENT_IP, 40000);
            t.runUntil(ms(30));
            assertEquals(TcpState.SYN_RECEIVED, a.socket.state(), t.trace());
            t.skipSent();
            a.socket.close();
            // RFC 9293 3.10.4 SYN-RECEIVED: nothing queued -> send FIN, enter FIN-WAIT-1
            assertEquals(TcpState.FIN_WAIT_1, a.socket.state(), t.trace());
            t.expectSentAt(ms(30), t.client, FIN | ACK, 1001, 5001);
            t.runUntil(ms(55));
            assertEquals(TcpState.CLOSE_WAIT, b.socket.state(), t.trace());
            t.runUntil(ms(80));
            assertEquals(TcpState.FIN_WAIT_2, a.socket.state(), t.trace());
        }

        @Test
        void synReceived_sendThenClose_dataAndFinFollowHandshake_simultaneousOpen() {
            TcpProfile cp = TestNet.quietLinux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 40000)
                    .set(TcpParameter.EPHEMERAL_PORT_MAX, 40000).build();
            TcpProfile sp = TestNet.quietLinux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 50000)
                    .set(TcpParameter.EPHEMERAL_PORT_MAX, 50000).build();
            TestNet t = TestNet.builder().clientProfile(cp).serverProfile(sp).build();
            t.dropUp(DropList.firstMatching(1, TestNet.flagsAre(SYN | ACK)));
            t.dropDown(DropList.firstMatching(1, TestNet.flagsAre(SYN | ACK)));
            App a = t.connect(t.clientStack, SERVER_IP, 50000);
            App b = t.connect(t.serverStack, CLIENT_IP, 40000);
            b.whenPeerClosed = TcpSocket::close;
            t.at(ms(30), () -> {
                a.socket.send(100);
                a.socket.close(); // RFC 9293 3.10.4 SYN-RECEIVED: data queued -> the FIN waits for it
            });
            t.runUntil(s(100));
            assertEquals(100, b.received, t.trace());
            assertEquals(100, b.receivedAtPeerClosed, t.trace());
            assertEquals(CloseReason.NORMAL, a.reason, t.trace());
            assertEquals(CloseReason.NORMAL, b.reason, t.trace());
            TestNet.Recorder.Sent fin = t.rec.sentBy("client").stream().filter(x -> x.seg().isFin()).findFirst()
                    .orElseThrow();
            assertEquals(1101, fin.seg().seq() + fin.seg().payloadLength(), t.trace());
        }

        @Test
        void synReceived_retransmittedSyn_rfc9293_answeredWithAckOnly() {
            // without Linux's tcp_check_req quirk, RFC 9293 3.10.7.4 first: the old SYN is not acceptable ->
            // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; the SYN-ACK timer keeps its schedule (1 s, then 2 s)
            TestNet t = TestNet.builder().rawClient()
                    .profile(TcpProfile.rfc9293().toBuilder().set(TcpParameter.DELAYED_ACK, 0).build())
                    .build();
            t.listen();
            t.deliver(fromClient(40000, SYN, 1000, 0));
            t.at(ms(500), () -> t.deliver(fromClient(40000, SYN, 1000, 0)));
            t.expectSentAt(ms(25), t.server, SYN | ACK, 5000, 1001);
            t.expectSentAt(ms(525), t.server, ACK, 5001, 1001);
            t.expectSentAt(ms(1025), t.server, SYN | ACK, 5000, 1001);
            t.expectSentAt(ms(3025), t.server, SYN | ACK, 5000, 1001);
        }

        @Test
        void synReceived_retransmittedSynAfterTimeout_rearmsWithBackedOffTimeout() {
            TestNet t = TestNet.builder().rawClient().build();
            t.listen();
            t.deliver(fromClient(40000, SYN, 1000, 0));
            t.at(s(2), () -> t.deliver(fromClient(40000, SYN, 1000, 0)));
            t.expectSentAt(ms(25), t.server, SYN | ACK, 5000, 1001);
            t.expectSentAt(ms(1025), t.server, SYN | ACK, 5000, 1001);     // timer (1 s)
            t.expectSentAt(ms(2025), t.server, SYN | ACK, 5000, 1001);     // the retransmitted SYN
            t.expectSentAt(ms(4025), t.server, SYN | ACK, 5000, 1001);     // re-armed with the current 2 s
            t.expectSentAt(ms(8025), t.server, SYN | ACK, 5000, 1001);     // then 4 s
        }

        @Test
        void synReceived_rstAfterActiveOpen_closesRefused() {
            TcpProfile cp = TestNet.quietLinux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 40000)
                    .set(TcpParameter.EPHEMERAL_PORT_MAX, 40000).build();
            TcpProfile sp = TestNet.quietLinux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 50000)
                    .set(TcpParameter.EPHEMERAL_PORT_MAX, 50000).build();
            TestNet t = TestNet.builder().clientProfile(cp).serverProfile(sp).build();
            t.dropUp(DropList.firstMatching(1, TestNet.flagsAre(SYN | ACK)));
            t.dropDown(DropList.firstMatching(1, TestNet.flagsAre(SYN | ACK)));
            App a = t.connect(t.clientStack, SERVER_IP, 50000);
            t.connect(t.serverStack, CLIENT_IP, 40000);
            t.at(ms(30), () -> t.deliver(TestNet.segment(SERVER_IP, CLIENT_IP, 50000, 40000, RST, 5001, 0, 0)));
            t.runUntil(ms(55));
            // RFC 9293 3.10.7.4 second, SYN-RECEIVED from an active OPEN: "connection refused"
            assertEquals(TcpState.CLOSED, a.socket.state(), t.trace());
            assertEquals(CloseReason.REFUSED, a.reason);
            assertEquals(ms(55), a.closedAt);
        }

        @Test
        void synReceived_ackWithAcceptQueueFull_droppedChildStaysInSynQueue() {
            // without linuxQuirks a backlog of 1 holds 1; the second child's third ACK finds the accept queue full
            TestNet t = TestNet.builder().profile(TestNet.quietLinux().toBuilder()
                    .set(TcpParameter.LINUX_QUIRKS, false).build()).build();
            Server srv = t.listen(t.serverStack, PORT, 1);
            srv.listener.setAccepting(false);
            App a = t.connect();
            App b = t.connect();
            t.runUntil(ms(75));
            assertEquals(1, srv.listener.acceptQueueLength(), t.trace());
            assertEquals(1, srv.listener.synQueueLength(), "b's child stays in SYN-RECEIVED\n" + t.trace());
            TestNet.Recorder.Discard d = t.rec.discarded.get(0);
            assertEquals(ms(75), d.time());
            assertEquals(t.clientPort(b), d.seg().sourcePort());
            assertEquals("accept queue full", d.why());
            t.runUntil(s(1));
            t.skipSent();
            srv.listener.setAccepting(true);
            assertEquals(1, srv.accepted.size(), "the queued child is handed over at once");
            assertEquals(t.clientPort(a), srv.accepted.get(0).socket.tuple().remotePort());
            // b's child retransmits its SYN,ACK; the ACK answering it now finds room
            t.expectSentAt(ms(1025), t.server, SYN | ACK, 1_005_000, 1_001_001);
            t.expectSentAt(ms(1050), t.client, ACK, 1_001_001, 1_005_001);
            t.runUntil(ms(1075));
            assertEquals(2, srv.accepted.size(), t.trace());
            assertEquals(ms(1075), srv.accepted.get(1).establishedAt);
            assertEquals(0, srv.listener.synQueueLength());
        }

        @Test
        void synReceived_close_simultaneousOpen_crossingSynAckInFinWait1_endsNormally() {
            TestNet t = simultaneousOpenNet();
            App a = t.connect(t.clientStack, SERVER_IP, 50000);
            App b = t.connect(t.serverStack, CLIENT_IP, 40000);
            b.whenPeerClosed = TcpSocket::close;
            t.runUntil(ms(30));
            assertEquals(TcpState.SYN_RECEIVED, a.socket.state(), t.trace());
            t.skipSent();
            a.socket.close();
            // RFC 9293 3.10.4: FIN at once, though our SYN is unacknowledged (closed in SYN-RECEIVED)
            t.expectSentAt(ms(30), t.client, FIN | ACK, 1001, 5001);
            // b's SYN,ACK crossing ours now meets FIN-WAIT-1: its SYN is below RCV.NXT -> <SEQ=SND.NXT><ACK=RCV.NXT>
            t.expectSentAt(ms(50), t.client, ACK, 1002, 5001);
            t.expectSentAt(ms(50), t.server, ACK, 5001, 1001);
            t.expectSentAt(ms(55), t.server, ACK, 5001, 1002);
            t.expectSentAt(ms(55), t.server, FIN | ACK, 5001, 1002);
            t.expectSentAt(ms(80), t.client, ACK, 1002, 5002);
            t.runUntil(s(61));
            assertEquals(List.of("CLOSED>SYN_SENT@0", "SYN_SENT>SYN_RECEIVED@25", "SYN_RECEIVED>FIN_WAIT_1@30",
                    "FIN_WAIT_1>FIN_WAIT_2@80", "FIN_WAIT_2>TIME_WAIT@80", "TIME_WAIT>CLOSED@60080"),
                    t.path(a.socket), t.trace());
            assertEquals(List.of("CLOSED>SYN_SENT@0", "SYN_SENT>SYN_RECEIVED@25", "SYN_RECEIVED>ESTABLISHED@50",
                    "ESTABLISHED>CLOSE_WAIT@55", "CLOSE_WAIT>LAST_ACK@55", "LAST_ACK>CLOSED@105"), t.path(b.socket),
                    t.trace());
            assertEquals(CloseReason.NORMAL, a.reason);
            assertEquals(s(60) + ms(80), a.closedAt);
            assertEquals(0, t.clientStack.connectionCount() + t.serverStack.connectionCount());
        }

        @Test
        void synReceived_unacceptableAck_sendsRstAndStays() {
            TestNet t = TestNet.builder().rawClient().build();
            t.listen();
            t.deliver(fromClient(40000, SYN, 1000, 0));
            t.runUntil(ms(50));
            t.deliver(fromClient(40000, ACK, 1001, 9999));
            t.expectSentAt(ms(25), t.server, SYN | ACK, 5000, 1001);
            // RFC 9293 3.10.7.4 fifth, SYN-RECEIVED: ACK not acceptable -> <SEQ=SEG.ACK><CTL=RST>
            t.expectSentAt(ms(75), t.server, RST, 9999, 0);
            assertEquals(TcpState.SYN_RECEIVED, t.conn(t.server, 0).state());
            t.runUntil(ms(100));
            t.deliver(fromClient(40000, ACK, 1001, 5001));
            t.runUntil(ms(125));
            assertEquals(TcpState.ESTABLISHED, t.conn(t.server, 0).state());
        }
    }

    // =====================================================================================================
    @Nested
    class Established {
        /**
         * Established pair; the server's address announces window 0 in a segment at {@code seq} (RCV.NXT is 5001),
         * then the client sends 100 bytes at 100 ms: nothing may go until the probe at the RTO (350 ms), whose ACK
         * comes back at 375 ms. Returns {client, server}.
         */
        App[] zeroWindowThenSend(TestNet t, int seq) {
            App[] e = t.established();
            t.deliver(fromServerWindow(t.clientPort(e[0]), ACK, seq, 1001, 0));
            t.at(ms(100), () -> e[0].socket.send(100));
            t.expectNothingSentUntil(t.client, ms(349));
            t.expectSentAt(ms(350), t.client, ACK, 1001, 5001, 1); // the probe: one byte beyond the window
            t.expectSentAt(ms(375), t.server, ACK, 5001, 1002);
            return e;
        }

        @Test
        void established_zeroWindow_dataWaits_probeAtRto_thenFlows() {
            // found by HostileSegmentTest: a segment announcing window 0 stalled the sender for ever (no persist
            // timer, no retransmission timer with nothing in flight); RFC 9293 3.8.6.1 MUST-36 asks for probes
            TestNet t = TestNet.standard();
            App[] e = zeroWindowThenSend(t, 5001);
            t.expectSentAt(ms(400), t.client, ACK, 1002, 5001, 99); // the window is open again
            t.runUntil(ms(450));
            assertEquals(100, e[1].received);
        }

        @Test
        void established_windowFrozenBySegmentAheadOfPeer_linuxAckOfNewDataUpdatesIt() {
            // found by HostileSegmentTest: an in-window segment with SEQ ahead of the peer's set SND.WL1 there, so
            // no later segment of the peer could update SND.WND (RFC 9293's WL1 test), and a zero window let data
            // go one byte per retransmission timeout; Linux (tcp_may_update_window) updates on any ACK of new data
            TestNet t = TestNet.standard();
            App[] e = zeroWindowThenSend(t, 5101);
            t.expectSentAt(ms(400), t.client, ACK, 1002, 5001, 99);
            t.runUntil(ms(450));
            assertEquals(100, e[1].received);
            // the server's ACKs (SEQ 5001, below SND.WL1 = 5101) updated SND.WND and SND.WL1 all the same
            assertEquals(5001, Invariants.tcb(e[0].socket).sndWl1);
            assertEquals(65535, Invariants.tcb(e[0].socket).sndWnd);
        }

        @Test
        void established_close_sendsFinEntersFinWait1() {
            TestNet t = TestNet.standard();
            App c = t.established()[0];
            clientClosesAt100(t, c);
            t.expectSentAt(ms(100), t.client, FIN | ACK, 1001, 5001);
            assertEquals(TcpState.FIN_WAIT_1, c.socket.state());
            assertEquals(ms(100), t.entered(t.conn(t.client, 0), TcpState.FIN_WAIT_1));
        }

        @Test
        void established_fin_entersCloseWaitAcksAndTellsApplication() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            clientClosesAt100(t, e[0]);
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1002);
            Connection sc = t.conn(t.server, 0);
            assertEquals(List.of("LISTEN>SYN_RECEIVED@25", "SYN_RECEIVED>ESTABLISHED@75",
                    "ESTABLISHED>CLOSE_WAIT@125"), t.path(sc));
            assertEquals(ms(125), e[1].peerClosedAt);
            t.expectNothingSentUntil(t.server, s(100));
            assertEquals(TcpState.CLOSE_WAIT, sc.state());
        }

        @Test
        void established_data_deliveredAndAcked() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.at(ms(100), () -> e[0].socket.send(100));
            t.expectSent(t.client, ACK, 1001, 5001, 100);
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1101);
            assertEquals(100, e[1].received);
            t.runUntil(ms(150));
            assertEquals(ms(150), e[0].allAckedAt);
        }

        @Test
        void established_data_rfc9293DelaysTheAck200ms() {
            // the RFC profile has no quick-ACK phase: even the first data waits for the delayed-ACK timer
            TestNet t = TestNet.builder().profile(TcpProfile.rfc9293()).build();
            App[] e = t.established();
            t.at(ms(100), () -> e[0].socket.send(100));
            t.expectSentAt(ms(100), t.client, ACK, 1001, 5001, 100);
            t.expectNothingSentUntil(t.server, ms(324));
            t.expectSentAt(ms(325), t.server, ACK, 5001, 1101);
        }

        @Test
        void established_dataToPeerThatForgotTheConnection_rstResets() {
            // half-open (RFC 9293 3.5.1): the server aborted and its RST was lost; the client learns on sending
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.dropDown(DropList.firstMatching(1, TestNet.hasRst()));
            t.at(ms(100), () -> e[1].socket.abort());
            t.at(ms(200), () -> e[0].socket.send(100));
            assertEquals(ms(100), expectRst(t, t.server, 5001, 0).time());
            t.runUntil(ms(199));
            assertEquals(TcpState.ESTABLISHED, e[0].socket.state(), "the client does not know");
            t.expectSentAt(ms(200), t.client, ACK, 1001, 5001, 100);
            // no connection, a listener: the ACK is answered <SEQ=SEG.ACK><CTL=RST>, exactly the client's RCV.NXT
            t.expectSentAt(ms(225), t.server, RST, 5001, 0);
            t.expectNothingSentUntil(t.client, s(5));
            assertEquals(TcpState.CLOSED, e[0].socket.state());
            assertEquals(CloseReason.RESET, e[0].reason);
            assertEquals(ms(250), e[0].closedAt);
        }

        @Test
        void established_dataToPeerThatForgotTheConnection_rstsLost_retransmits() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.dropDown(DropList.matching(TestNet.hasRst()));
            t.at(ms(100), () -> e[1].socket.abort());
            t.at(ms(200), () -> e[0].socket.send(100));
            assertEquals(ms(100), expectRst(t, t.server, 5001, 0).time());
            t.expectSentAt(ms(200), t.client, ACK, 1001, 5001, 100);
            t.expectSentAt(ms(225), t.server, RST, 5001, 0);
            t.expectSentAt(ms(200) + RTO, t.client, ACK, 1001, 5001, 100);
            t.expectSentAt(ms(225) + RTO, t.server, RST, 5001, 0);
            t.expectSentAt(ms(200) + 3 * RTO, t.client, ACK, 1001, 5001, 100);
            t.runUntil(ms(1200));
            assertEquals(TcpState.ESTABLISHED, e[0].socket.state(), "every RST is lost: the client keeps trying");
        }

        @Test
        void established_rstWithExactSeq_resets() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            int cp = t.clientPort(e[0]);
            t.at(ms(100), () -> t.deliver(fromClient(cp, RST, 1001, 0)));
            t.expectNothingSentUntil(t.server, ms(125));
            Connection sc = t.conn(t.server, 0);
            assertEquals(TcpState.CLOSED, sc.state());
            assertEquals("ESTABLISHED>CLOSED@125", t.path(sc).get(2));
            assertEquals(CloseReason.RESET, t.closed(sc).reason());
            assertEquals(CloseReason.RESET, e[1].reason);
            assertEquals(ms(125), e[1].closedAt);
        }

        @Test
        void established_rstInWindowNotExact_sendsChallengeAck() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            int cp = t.clientPort(e[0]);
            t.at(ms(100), () -> t.deliver(fromClient(cp, RST, 1101, 0)));
            // RFC 5961 3.2 / RFC 9293 3.10.7.4 second: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1001);
            assertEquals(TcpState.ESTABLISHED, e[1].socket.state());
            t.expectNothingSentUntil(t.server, s(5));
            assertEquals(-1, e[1].closedAt);
        }

        @Test
        void established_rstOutOfWindow_ignored() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            int cp = t.clientPort(e[0]);
            t.at(ms(100), () -> t.deliver(fromClient(cp, RST, 1001 - 100_000, 0)));
            t.at(ms(100), () -> t.deliver(fromClient(cp, RST, 1001 + 50_000_000, 0)));
            t.expectNothingSentUntil(t.server, s(5));
            assertEquals(TcpState.ESTABLISHED, e[1].socket.state());
        }

        @Test
        void established_synOutOfWindow_sendsChallengeAck() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            int cp = t.clientPort(e[0]);
            t.at(ms(100), () -> t.deliver(fromClient(cp, SYN, 777_777, 0)));
            // RFC 9293 3.10.7.4 fourth / RFC 5961 4: SYN in a synchronized state -> challenge ACK
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1001);
            t.expectNothingSentUntil(t.server, s(5));
            assertEquals(TcpState.ESTABLISHED, e[1].socket.state());
        }

        @Test
        void established_synInWindow_sendsChallengeAck() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            int cp = t.clientPort(e[0]);
            t.at(ms(100), () -> t.deliver(fromClient(cp, SYN, 1001, 0)));
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1001);
            t.expectNothingSentUntil(t.server, s(5));
            assertEquals(TcpState.ESTABLISHED, e[1].socket.state());
        }

        @Test
        void established_repeatedOutOfWindowSyns_linuxOneChallengeAckPer500ms() {
            // Linux tcp_invalid_ratelimit (RFC 5961 7): at most one such ACK per 500 ms per connection
            TestNet t = TestNet.standard();
            App[] e = t.established();
            int cp = t.clientPort(e[0]);
            t.at(ms(100), () -> t.deliver(fromClient(cp, SYN, 777_777, 0)));
            t.at(ms(200), () -> t.deliver(fromClient(cp, SYN, 777_777, 0)));
            t.at(ms(700), () -> t.deliver(fromClient(cp, SYN, 777_777, 0)));
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1001);
            t.expectSentAt(ms(725), t.server, ACK, 5001, 1001);
            t.expectNothingSentUntil(t.server, s(5));
        }

        @Test
        void established_repeatedOutOfWindowSyns_rfc9293EveryOneAnswered() {
            TestNet t = TestNet.builder().profile(TcpProfile.rfc9293().toBuilder().set(TcpParameter.DELAYED_ACK, 0)
                    .build()).build();
            App[] e = t.established();
            int cp = t.clientPort(e[0]);
            t.at(ms(100), () -> t.deliver(fromClient(cp, SYN, 777_777, 0)));
            t.at(ms(200), () -> t.deliver(fromClient(cp, SYN, 777_777, 0)));
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1001);
            t.expectSentAt(ms(225), t.server, ACK, 5001, 1001);
        }

        @Test
        void established_outOfWindowPureAcks_linuxAnswersOnePer500ms() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            int cp = t.clientPort(e[0]);
            for (int i = 0; i < 3; i++) { // far below RCV.NXT: each would be answered by an ACK (an ACK loop)
                t.at(ms(100), () -> t.deliver(fromClient(cp, ACK, 1001 - 100_000, 5001)));
            }
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1001);
            t.expectNothingSentUntil(t.server, s(5));
        }

        @Test
        void established_outOfWindowPureAcks_rfc9293AnswersEach() {
            TestNet t = TestNet.builder().profile(TcpProfile.rfc9293().toBuilder()
                    .set(TcpParameter.DELAYED_ACK, 0).build()).build();
            App[] e = t.established();
            int cp = t.clientPort(e[0]);
            for (int i = 0; i < 3; i++) {
                t.at(ms(100), () -> t.deliver(fromClient(cp, ACK, 1001 - 100_000, 5001)));
            }
            for (int i = 0; i < 3; i++) {
                t.expectSentAt(ms(125), t.server, ACK, 5001, 1001);
            }
            t.expectNothingSentUntil(t.server, s(5));
        }

        @Test
        void established_repeatedOutOfWindowData_alwaysAnswered() {
            // Linux rate-limits only pure ACKs / SYNs / RSTs: data is not part of an ACK loop
            TestNet t = TestNet.builder().rawClient().build();
            rawEstablished(t);
            t.at(ms(100), () -> t.deliver(fromClient(40000, ACK, 1001 + 50_000_000, 5001, 100)));
            t.at(ms(200), () -> t.deliver(fromClient(40000, ACK, 1001 + 50_000_000, 5001, 100)));
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1001);
            t.expectSentAt(ms(225), t.server, ACK, 5001, 1001);
        }

        @Test
        void established_oldDuplicateData_ackedNotDelivered() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            int cp = t.clientPort(e[0]);
            t.at(ms(100), () -> t.deliver(fromClient(cp, ACK, 901, 5001, 100)));
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1001);
            assertEquals(0, e[1].received);
        }

        @Test
        void established_segmentBeyondWindow_ackedNotDelivered() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            int cp = t.clientPort(e[0]);
            t.at(ms(100), () -> t.deliver(fromClient(cp, ACK, 1001 + 50_000_000, 5001, 100)));
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1001);
            assertEquals(0, e[1].received);
        }

        @Test
        void established_finWithData_deliversThenEntersCloseWait() {
            TestNet t = TestNet.builder().rawClient().build();
            App sv = rawEstablished(t);
            t.at(ms(100), () -> t.deliver(fromClient(40000, FIN | ACK, 1001, 5001, 100)));
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1102);
            assertEquals(TcpState.CLOSE_WAIT, sv.socket.state());
            assertEquals(100, sv.received);
            assertEquals(100, sv.receivedAtPeerClosed, "text before FIN (RFC 9293 3.10.7.4 seventh, eighth)");
        }

        @Test
        void established_finBeyondHole_heldUntilHoleFilled() {
            TestNet t = TestNet.builder().rawClient().build();
            App sv = rawEstablished(t);
            t.at(ms(100), () -> t.deliver(fromClient(40000, FIN | ACK, 1101, 5001, 100)));
            t.at(ms(200), () -> t.deliver(fromClient(40000, ACK, 1001, 5001, 100)));
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1001);
            assertEquals(TcpState.ESTABLISHED, sv.socket.state(), "FIN beyond a hole is not processed yet");
            assertEquals(-1, sv.peerClosedAt);
            t.expectSentAt(ms(225), t.server, ACK, 5001, 1202);
            assertEquals(TcpState.CLOSE_WAIT, sv.socket.state());
            assertEquals(200, sv.received);
            assertEquals(200, sv.receivedAtPeerClosed);
        }

        @Test
        void established_overlappingSegment_trimmedAndDeliveredOnce() {
            TestNet t = TestNet.builder().rawClient().build();
            App sv = rawEstablished(t);
            t.at(ms(100), () -> t.deliver(fromClient(40000, ACK, 1001, 5001, 100)));
            t.at(ms(200), () -> t.deliver(fromClient(40000, ACK, 1051, 5001, 100)));
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1101);
            t.expectSentAt(ms(225), t.server, ACK, 5001, 1151);
            assertEquals(150, sv.received);
        }

        @Test
        void established_ackOfUnsentData_ackedAndDropped() {
            TestNet t = TestNet.builder().rawClient().build();
            App sv = rawEstablished(t);
            t.at(ms(100), () -> t.deliver(fromClient(40000, ACK, 1001, 9999, 100)));
            // RFC 9293 3.10.7.4 fifth: SEG.ACK > SND.NXT -> send an ACK, drop the segment, and return
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1001);
            assertEquals(0, sv.received);
            assertEquals(TcpState.ESTABLISHED, sv.socket.state());
        }

        @Test
        void established_duplicateSynAck_acked() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            int cp = t.clientPort(e[0]);
            t.at(ms(100), () -> t.deliver(fromServer(cp, SYN | ACK, 5000, 1001)));
            // an old duplicate of the SYN,ACK: challenge / duplicate ACK <SEQ=SND.NXT><ACK=RCV.NXT>
            t.expectSentAt(ms(125), t.client, ACK, 1001, 5001);
            assertEquals(TcpState.ESTABLISHED, e[0].socket.state());
            assertEquals(1, e[0].events.stream().filter(x -> x.startsWith("established")).count());
        }

        @Test
        void established_abort_sendsRstPeerResets() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.at(ms(100), () -> e[0].socket.abort());
            // RFC 9293 3.10.5: <SEQ=SND.NXT><CTL=RST>
            assertEquals(ms(100), expectRst(t, t.client, 1001, 5001).time());
            assertEquals(TcpState.CLOSED, e[0].socket.state());
            assertEquals(CloseReason.ABORTED, e[0].reason);
            t.runUntil(ms(125));
            assertEquals(TcpState.CLOSED, e[1].socket.state());
            assertEquals(CloseReason.RESET, e[1].reason);
            assertEquals(ms(125), e[1].closedAt);
            t.expectNothingSentUntil(t.server, s(5));
            t.expectNothingSentUntil(t.client, s(5));
        }

        @Test
        void established_dataLost_retransmittedAfterRto() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.dropUp(DropList.firstMatching(1, TestNet.hasData()));
            t.at(ms(100), () -> e[0].socket.send(100));
            TestNet.Recorder.Sent first = t.expectSent(t.client, ACK, 1001, 5001, 100);
            assertEquals(ms(100), first.time());
            TestNet.Recorder.Sent again = t.expectSent(t.client, ACK, 1001, 5001, 100);
            // Linux after one 50 ms sample: RTO = 50 ms + max(2 x 50 ms, 200 ms) = 250 ms
            assertEquals(TestNet.fmt(ms(100) + RTO), TestNet.fmt(again.time()), t.trace());
            t.expectSentAt(ms(100) + RTO + ms(25), t.server, ACK, 5001, 1101);
        }

        @Test
        void established_threeDuplicateAcks_fastRetransmitBeforeRto() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            int mss = TestNet.quietLinux().mss();
            t.dropUp(DropList.firstMatching(1, TestNet.seg(x -> x.payloadLength() > 0 && x.seq() == 1001 + mss)));
            t.at(ms(100), () -> e[0].socket.send(10L * mss));
            t.runUntil(ms(100));
            long dataSegs = t.rec.sentBy("client").stream().filter(x -> x.seg().payloadLength() > 0).count();
            assertEquals(10, dataSegs, "initial window of 10 segments\n" + t.trace());
            t.skipSent();
            // the server ACKs segment 1 and sends a duplicate ACK for each of the 8 segments after the hole
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1001 + mss);
            for (int i = 0; i < 8; i++) {
                t.expectSentAt(ms(125), t.server, ACK, 5001, 1001 + mss);
            }
            // fast retransmit on the third duplicate ACK (RFC 5681 3.2), long before the RTO
            TestNet.Recorder.Sent retx = t.expectSent(t.client, ACK, 1001 + mss, 5001, mss);
            assertEquals(TestNet.fmt(ms(150)), TestNet.fmt(retx.time()));
            t.runUntil(ms(200));
            assertEquals(10L * mss, e[1].received);
            assertEquals(ms(200), e[0].allAckedAt);
        }
    }

    // =====================================================================================================
    @Nested
    class FinWait1 {
        @Test
        void finWait1_ackOfFin_entersFinWait2() {
            TestNet t = TestNet.standard();
            App c = t.established()[0];
            clientClosesAt100(t, c);
            t.expectSentAt(ms(100), t.client, FIN | ACK, 1001, 5001);
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1002);
            t.expectNothingSentUntil(t.client, ms(150));
            assertEquals(List.of("CLOSED>SYN_SENT@0", "SYN_SENT>ESTABLISHED@50", "ESTABLISHED>FIN_WAIT_1@100",
                    "FIN_WAIT_1>FIN_WAIT_2@150"), t.path(t.conn(t.client, 0)));
        }

        @Test
        void finWait1_fin_entersClosing_simultaneousClose() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.at(ms(100), () -> e[0].socket.close());
            t.at(ms(100), () -> e[1].socket.close());
            t.expectSentAt(ms(100), t.client, FIN | ACK, 1001, 5001);
            t.expectSentAt(ms(100), t.server, FIN | ACK, 5001, 1001);
            // RFC 9293 3.10.7.4 eighth, FIN-WAIT-1: our FIN not yet ACKed -> CLOSING, ACK the FIN
            t.expectSentAt(ms(125), t.client, ACK, 1002, 5002);
            t.expectSentAt(ms(125), t.server, ACK, 5002, 1002);
            t.expectNothingSentUntil(t.client, s(70));
            t.expectNothingSentUntil(t.server, s(70));
            List<String> expected = List.of("ESTABLISHED>FIN_WAIT_1@100", "FIN_WAIT_1>CLOSING@125",
                    "CLOSING>TIME_WAIT@150", "TIME_WAIT>CLOSED@60150");
            assertEquals(expected, t.path(t.conn(t.client, 0)).subList(2, 6));
            assertEquals(expected, t.path(t.conn(t.server, 0)).subList(2, 6));
            assertEquals(CloseReason.NORMAL, e[0].reason);
            assertEquals(CloseReason.NORMAL, e[1].reason);
            assertEquals(s(60) + ms(150), e[0].closedAt);
            assertEquals(s(60) + ms(150), e[1].closedAt);
        }

        @Test
        void finWait1_finTogetherWithAckOfFin_entersTimeWaitDirectly() {
            TestNet t = TestNet.standard();
            Server srv = t.listen();
            srv.setup = a -> a.whenPeerClosed = TcpSocket::close;
            t.dropDown(DropList.firstMatching(1, TestNet.pureAck())); // the server's bare ACK of our FIN, if any
            App c = t.connect();
            clientClosesAt100(t, c);
            t.runUntil(ms(75));
            t.skipSent();
            t.expectSentAt(ms(100), t.client, FIN | ACK, 1001, 5001);
            t.runUntil(ms(150));
            // RFC 9293 3.10.7.4 eighth, FIN-WAIT-1: FIN and ACK of our FIN together -> TIME-WAIT
            Connection cc = t.conn(t.client, 0);
            assertEquals(List.of("CLOSED>SYN_SENT@0", "SYN_SENT>ESTABLISHED@50", "ESTABLISHED>FIN_WAIT_1@100",
                    "FIN_WAIT_1>TIME_WAIT@150"), t.path(cc), t.trace());
            t.expectSentAt(ms(150), t.client, ACK, 1002, 5002);
            t.runUntil(s(61));
            assertEquals("TIME_WAIT>CLOSED@60150", t.path(cc).get(4));
            assertEquals(CloseReason.NORMAL, t.closed(cc).reason());
            Connection sc = t.conn(t.server, 0);
            assertEquals("LAST_ACK>CLOSED@175", t.path(sc).get(t.path(sc).size() - 1));
        }

        @Test
        void finWait1_data_deliveredAndAcked() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.at(ms(100), () -> e[0].socket.close());
            t.at(ms(100), () -> e[1].socket.send(100));
            t.expectSentAt(ms(100), t.client, FIN | ACK, 1001, 5001);
            t.expectSent(t.server, ACK, 5001, 1001, 100);
            // in FIN-WAIT-1 the client still receives: delivered and ACKed (its FIN counted in seq)
            t.expectSentAt(ms(125), t.client, ACK, 1002, 5101);
            t.expectSentAt(ms(125), t.server, ACK, 5101, 1002);
            assertEquals(100, e[0].received);
            t.runUntil(ms(150));
            assertEquals(TcpState.FIN_WAIT_2, e[0].socket.state());
        }

        @Test
        void finWait1_timeout_retransmitsFin() {
            TestNet t = TestNet.standard();
            App c = t.established()[0];
            t.dropUp(DropList.firstMatching(1, TestNet.hasFin()));
            clientClosesAt100(t, c);
            t.expectSentAt(ms(100), t.client, FIN | ACK, 1001, 5001);
            t.expectSentAt(ms(100) + RTO, t.client, FIN | ACK, 1001, 5001);
            t.expectSentAt(ms(125) + RTO, t.server, ACK, 5001, 1002);
            t.runUntil(ms(150) + RTO);
            assertEquals(TcpState.FIN_WAIT_2, c.socket.state());
        }

        @Test
        void finWait1_abort_sendsRst() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.dropDown(DropList.matching(TestNet.pureAck())); // our FIN stays unacknowledged
            clientClosesAt100(t, e[0]);
            t.at(ms(110), () -> e[0].socket.abort());
            t.expectSentAt(ms(100), t.client, FIN | ACK, 1001, 5001);
            // RFC 9293 3.10.5 FIN-WAIT-1: <SEQ=SND.NXT><CTL=RST> (SND.NXT is past our FIN)
            assertEquals(ms(110), expectRst(t, t.client, 1002, 5001).time());
            assertEquals(CloseReason.ABORTED, e[0].reason);
            t.runUntil(ms(135));
            assertEquals(CloseReason.RESET, e[1].reason, t.trace());
        }

        @Test
        void finWait1_rstWithExactSeq_resets() {
            TestNet t = TestNet.standard();
            App c = t.established()[0];
            t.dropDown(DropList.matching(TestNet.pureAck())); // FIN never ACKed; injected RST passes
            clientClosesAt100(t, c);
            int cp = t.clientPort(c);
            t.at(ms(200), () -> t.deliver(fromServer(cp, RST, 5001, 0)));
            t.runUntil(ms(225));
            assertEquals(TcpState.CLOSED, c.socket.state(), t.trace());
            assertEquals(CloseReason.RESET, c.reason);
            assertEquals("FIN_WAIT_1>CLOSED@225", t.path(t.conn(t.client, 0)).get(3));
        }
    }

    // =====================================================================================================
    @Nested
    class FinWait2 {
        @Test
        void finWait2_fin_entersTimeWaitAndAcks() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            clientClosesAt100(t, e[0]);
            t.at(ms(200), () -> e[1].socket.close());
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1002);
            t.expectSentAt(ms(200), t.server, FIN | ACK, 5001, 1002);
            t.skipSent();
            t.expectSentAt(ms(225), t.client, ACK, 1002, 5002);
            Connection cc = t.conn(t.client, 0);
            assertEquals("FIN_WAIT_2>TIME_WAIT@225", t.path(cc).get(4));
            t.expectNothingSentUntil(t.client, s(70));
            assertEquals("TIME_WAIT>CLOSED@60225", t.path(cc).get(5));
        }

        @Test
        void finWait2_data_deliveredAndAcked() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            clientClosesAt100(t, e[0]);
            t.at(ms(200), () -> e[1].socket.send(100));
            t.runUntil(ms(150));
            assertEquals(TcpState.FIN_WAIT_2, e[0].socket.state());
            t.skipSent();
            t.expectSentAt(ms(225), t.client, ACK, 1002, 5101);
            assertEquals(100, e[0].received);
            assertEquals(TcpState.FIN_WAIT_2, e[0].socket.state());
        }

        @Test
        void finWait2_timeout_closesOrphanAndLaterFinMeetsRst() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            clientClosesAt100(t, e[0]);
            t.runUntil(ms(150));
            t.skipSent();
            // Linux tcp_fin_timeout: 60 s after entering FIN-WAIT-2, silently
            t.expectNothingSentUntil(t.client, s(61));
            Connection cc = t.conn(t.client, 0);
            assertEquals("FIN_WAIT_2>CLOSED@60150", t.path(cc).get(4), t.trace());
            assertEquals(s(60) + ms(150), t.closed(cc).time());
            assertEquals(s(60) + ms(150), e[0].closedAt);
            assertEquals(CloseReason.TIMEOUT, e[0].reason, "the peer's FIN never came (NOTE-1)");
            // the server still in CLOSE-WAIT closes later: its FIN meets no connection
            t.at(s(70), () -> e[1].socket.close());
            t.expectSentAt(s(70), t.server, FIN | ACK, 5001, 1002);
            t.expectSentAt(s(70) + ms(25), t.client, RST, 1002, 0);
            t.runUntil(s(70) + ms(50));
            assertEquals(CloseReason.RESET, e[1].reason);
            assertEquals(s(70) + ms(50), e[1].closedAt);
        }

        @Test
        void finWait2_abort_sendsRst() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            clientClosesAt100(t, e[0]);
            t.at(ms(200), () -> e[0].socket.abort());
            t.runUntil(ms(150));
            t.skipSent();
            assertEquals(ms(200), expectRst(t, t.client, 1002, 5001).time());
            assertEquals(CloseReason.ABORTED, e[0].reason);
            t.runUntil(ms(225));
            assertEquals(CloseReason.RESET, e[1].reason, t.trace());
        }

        @Test
        void finWait2_noTimeoutWhenDisabled() {
            TcpProfile p = TestNet.quietLinux().toBuilder().set(TcpParameter.FIN_WAIT_2_TIMEOUT, 0).build();
            TestNet t = TestNet.builder().profile(p).build();
            App c = t.established()[0];
            clientClosesAt100(t, c);
            t.runUntil(ms(150));
            t.skipSent();
            t.expectNothingSentUntil(t.client, s(1000));
            assertEquals(TcpState.FIN_WAIT_2, c.socket.state());
        }
    }

    // =====================================================================================================
    @Nested
    class CloseWait {
        @Test
        void closeWait_close_sendsFinEntersLastAck() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            clientClosesAt100(t, e[0]);
            t.at(ms(200), () -> e[1].socket.close());
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1002);
            t.expectSentAt(ms(200), t.server, FIN | ACK, 5001, 1002);
            assertEquals(TcpState.LAST_ACK, e[1].socket.state());
            assertEquals("CLOSE_WAIT>LAST_ACK@200", t.path(t.conn(t.server, 0)).get(3));
        }

        @Test
        void closeWait_sendThenClose_dataGoesBeforeFin() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            clientClosesAt100(t, e[0]);
            t.at(ms(200), () -> {
                e[1].socket.send(100);
                e[1].socket.close();
            });
            t.runUntil(ms(150));
            t.skipSent();
            t.runUntil(ms(200));
            List<TestNet.Recorder.Sent> out = t.rec.sentBy("server").subList(2, t.rec.sentBy("server").size());
            // either [data 5001+100, FIN 5101] or one [FIN with data 5001+100]; the FIN ends at 5102 either way
            TestNet.Recorder.Sent fin = out.get(out.size() - 1);
            assertTrue(fin.seg().isFin(), out.toString());
            assertEquals(5101, fin.seg().seq() + fin.seg().payloadLength(), out.toString());
            assertEquals(100, out.stream().mapToInt(x -> x.seg().payloadLength()).sum(), out.toString());
            assertEquals(1002, fin.seg().ack());
            t.runUntil(ms(250));
            assertEquals(100, e[0].received);
            assertEquals(TcpState.CLOSED, e[1].socket.state());
        }

        @Test
        void closeWait_retransmittedFin_ackedAgain() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.dropDown(DropList.firstMatching(1, TestNet.pureAck()));
            clientClosesAt100(t, e[0]);
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1002); // lost
            t.expectSentAt(ms(100) + RTO + ms(25), t.server, ACK, 5001, 1002);
            assertEquals(TcpState.CLOSE_WAIT, e[1].socket.state());
            assertEquals(1, e[1].events.stream().filter(x -> x.startsWith("peerClosed")).count(),
                    "peer close reported once");
        }

        @Test
        void closeWait_rstWithExactSeq_resets() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            clientClosesAt100(t, e[0]);
            int cp = t.clientPort(e[0]);
            t.at(ms(200), () -> t.deliver(fromClient(cp, RST, 1002, 0)));
            t.runUntil(ms(225));
            assertEquals(TcpState.CLOSED, e[1].socket.state(), t.trace());
            assertEquals(CloseReason.RESET, e[1].reason);
        }

        @Test
        void closeWait_abort_sendsRst() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            clientClosesAt100(t, e[0]);
            t.at(ms(200), () -> e[1].socket.abort());
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1002);
            assertEquals(ms(200), expectRst(t, t.server, 5001, 1002).time());
            assertEquals(CloseReason.ABORTED, e[1].reason);
            t.runUntil(ms(225));
            assertEquals(TcpState.CLOSED, e[0].socket.state(), t.trace());
            assertEquals(CloseReason.RESET, e[0].reason);
        }
    }

    // =====================================================================================================
    @Nested
    class Closing {
        @Test
        void closing_ackOfFin_entersTimeWait() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.at(ms(100), () -> e[0].socket.close());
            t.at(ms(100), () -> e[1].socket.close());
            t.runUntil(ms(125));
            assertEquals(TcpState.CLOSING, e[0].socket.state());
            t.runUntil(ms(150));
            assertEquals(TcpState.TIME_WAIT, e[0].socket.state());
            assertEquals("CLOSING>TIME_WAIT@150", t.path(t.conn(t.client, 0)).get(4));
        }

        @Test
        void closing_closeOnEstablishedAfterSimultaneousOpen_bothPassClosingToTimeWait() {
            TestNet t = simultaneousOpenNet();
            App a = t.connect(t.clientStack, SERVER_IP, 50000);
            App b = t.connect(t.serverStack, CLIENT_IP, 40000);
            a.whenEstablished = TcpSocket::close;
            b.whenEstablished = TcpSocket::close;
            t.expectSentAt(0, t.client, SYN, 1000, 0);
            t.expectSentAt(ms(25), t.client, SYN | ACK, 1000, 5001);
            // the crossing SYN,ACK: ESTABLISHED, the application closes at once, then the ACK of the SYN,ACK
            t.expectSentAt(ms(50), t.client, FIN | ACK, 1001, 5001);
            t.expectSentAt(ms(50), t.client, ACK, 1002, 5001);
            t.expectSentAt(ms(75), t.client, ACK, 1002, 5002);
            t.expectNothingSentUntil(t.client, s(61));
            t.expectSentAt(0, t.server, SYN, 5000, 0);
            t.expectSentAt(ms(25), t.server, SYN | ACK, 5000, 1001);
            t.expectSentAt(ms(50), t.server, FIN | ACK, 5001, 1001);
            t.expectSentAt(ms(50), t.server, ACK, 5002, 1001);
            t.expectSentAt(ms(75), t.server, ACK, 5002, 1002);
            t.expectNothingSentUntil(t.server, s(61));
            List<String> closing = List.of("SYN_SENT>SYN_RECEIVED@25", "SYN_RECEIVED>ESTABLISHED@50",
                    "ESTABLISHED>FIN_WAIT_1@50", "FIN_WAIT_1>CLOSING@75", "CLOSING>TIME_WAIT@100",
                    "TIME_WAIT>CLOSED@60100");
            assertEquals(closing, t.path(a.socket).subList(1, 7), t.trace());
            assertEquals(closing, t.path(b.socket).subList(1, 7), t.trace());
            assertEquals(List.of("established@50", "peerClosed@75", "closed:NORMAL@60100"), a.events, t.trace());
            assertEquals(TcpState.CLOSED, b.socket.state());
        }

        @Test
        void closing_retransmittedPeerFin_ackedAgain() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.dropUp(DropList.firstMatching(1, TestNet.pureAck())); // the client's ACK of the server's FIN
            t.at(ms(100), () -> e[0].socket.close());
            t.at(ms(100), () -> e[1].socket.close());
            int cp = t.clientPort(e[0]);
            t.at(ms(150), () -> t.deliver(fromClient(cp, FIN | ACK, 1001, 5001)));
            t.runUntil(ms(125));
            t.skipSent();
            assertEquals(TcpState.CLOSING, e[1].socket.state());
            t.expectSentAt(ms(175), t.server, ACK, 5002, 1002);
            assertEquals(TcpState.CLOSING, e[1].socket.state());
        }

        @Test
        void closing_abort_deletesTcbWithoutRst() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.dropDown(DropList.matching(TestNet.pureAck()));
            t.at(ms(100), () -> e[0].socket.close());
            t.at(ms(100), () -> e[1].socket.close());
            t.at(ms(130), () -> e[0].socket.abort());
            t.runUntil(ms(125));
            assertEquals(TcpState.CLOSING, e[0].socket.state());
            t.skipSent();
            // RFC 9293 3.10.5 CLOSING: respond "ok", delete the TCB, no RST
            t.expectNothingSentUntil(t.client, ms(300));
            assertEquals(CloseReason.ABORTED, e[0].reason);
            assertEquals(ms(130), e[0].closedAt);
        }

        @Test
        void closing_ackLost_retransmitsFinPeerInTimeWaitAcksAndRestarts() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.dropDown(DropList.firstMatching(1, TestNet.pureAck())); // the server's ACK of the client's FIN
            t.at(ms(100), () -> e[0].socket.close());
            t.at(ms(100), () -> e[1].socket.close());
            t.expectSentAt(ms(100), t.client, FIN | ACK, 1001, 5001);
            t.expectSentAt(ms(125), t.client, ACK, 1002, 5002);
            t.runUntil(ms(150));
            assertEquals(TcpState.CLOSING, e[0].socket.state());
            assertEquals(TcpState.TIME_WAIT, e[1].socket.state());
            t.skipSent();
            t.expectSentAt(ms(100) + RTO, t.client, FIN | ACK, 1001, 5002);
            t.expectSentAt(ms(125) + RTO, t.server, ACK, 5002, 1002);
            t.runUntil(s(70));
            assertEquals("CLOSING>TIME_WAIT@" + TestNet.fmt(ms(150) + RTO), t.path(t.conn(t.client, 0)).get(4));
            assertEquals(s(60) + ms(150) + RTO, e[0].closedAt);
            // the server's TIME-WAIT restarted when the retransmitted FIN arrived
            assertEquals(s(60) + ms(125) + RTO, e[1].closedAt, t.trace());
        }
    }

    // =====================================================================================================
    @Nested
    class LastAck {
        @Test
        void lastAck_ackOfFin_closesNormally() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            clientClosesAt100(t, e[0]);
            t.at(ms(200), () -> e[1].socket.close());
            t.runUntil(ms(250));
            Connection sc = t.conn(t.server, 0);
            assertEquals(List.of("LISTEN>SYN_RECEIVED@25", "SYN_RECEIVED>ESTABLISHED@75",
                    "ESTABLISHED>CLOSE_WAIT@125", "CLOSE_WAIT>LAST_ACK@200", "LAST_ACK>CLOSED@250"), t.path(sc));
            assertEquals(CloseReason.NORMAL, t.closed(sc).reason());
            assertEquals(ms(250), e[1].closedAt);
            assertEquals(CloseReason.NORMAL, e[1].reason);
            assertEquals(1, e[1].closedCalls);
        }

        @Test
        void lastAck_timeout_retransmitsFinPeerInTimeWaitAcksAndRestarts() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.dropUp(DropList.firstMatching(1, TestNet.seg(x -> x.isAck() && x.ack() == 5002)));
            clientClosesAt100(t, e[0]);
            t.at(ms(200), () -> e[1].socket.close());
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1002);
            t.expectSentAt(ms(200), t.server, FIN | ACK, 5001, 1002);
            t.expectSentAt(ms(200) + RTO, t.server, FIN | ACK, 5001, 1002);
            t.runUntil(ms(250) + RTO);
            assertEquals(ms(250) + RTO, e[1].closedAt);
            assertEquals(CloseReason.NORMAL, e[1].reason);
            // the client's TIME-WAIT (entered at 225 ms, its ACK lost) re-ACKs the FIN and restarts 2 MSL
            t.expectSentAt(ms(100), t.client, FIN | ACK, 1001, 5001);
            t.expectSentAt(ms(225), t.client, ACK, 1002, 5002);
            t.expectSentAt(ms(225) + RTO, t.client, ACK, 1002, 5002);
            t.expectNothingSentUntil(t.client, s(70));
            assertEquals(s(60) + ms(225) + RTO, e[0].closedAt, t.trace());
            assertEquals(CloseReason.NORMAL, e[0].reason);
        }

        @Test
        void lastAck_retransmittedPeerFin_ackedAgain() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.dropUp(DropList.firstMatching(1, TestNet.seg(x -> x.isAck() && x.ack() == 5002)));
            clientClosesAt100(t, e[0]);
            t.at(ms(200), () -> e[1].socket.close());
            int cp = t.clientPort(e[0]);
            t.at(ms(210), () -> t.deliver(fromClient(cp, FIN | ACK, 1001, 5001)));
            t.runUntil(ms(200));
            t.skipSent();
            // old duplicate (seq below RCV.NXT): not acceptable -> <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
            t.expectSentAt(ms(235), t.server, ACK, 5002, 1002);
            assertEquals(TcpState.LAST_ACK, e[1].socket.state());
        }

        @Test
        void lastAck_finRetriesExhausted_closesWithTimeout() {
            TcpProfile sp = TestNet.quietLinux().toBuilder().set(TcpParameter.FIN_RETRIES, 2).build();
            TestNet t = TestNet.builder().serverProfile(sp).build();
            App[] e = t.established();
            clientClosesAt100(t, e[0]);
            t.at(ms(200), () -> e[1].socket.close());
            t.at(ms(150), () -> t.dropUp(DropList.matching(p -> true)));
            t.runUntil(s(600));
            List<Long> fins = t.rec.sentBy("server").stream().filter(x -> x.seg().isFin()).map(x -> x.time())
                    .toList();
            // FIN + 2 retransmissions with exponential backoff (250 ms, 500 ms), then the 1 s timer ends it
            assertEquals(List.of(ms(200), ms(200) + RTO, ms(200) + 3 * RTO), fins, t.trace());
            assertEquals(ms(200) + 7 * RTO, e[1].closedAt);
            assertEquals(TcpState.CLOSED, e[1].socket.state());
            assertEquals(CloseReason.TIMEOUT, e[1].reason);
            assertEquals(CloseReason.TIMEOUT, t.closed(t.conn(t.server, 0)).reason());
        }

        @Test
        void lastAck_abort_closesWithoutRst() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            clientClosesAt100(t, e[0]);
            t.at(ms(200), () -> e[1].socket.close());
            t.at(ms(210), () -> e[1].socket.abort());
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1002);
            t.expectSentAt(ms(200), t.server, FIN | ACK, 5001, 1002);
            // RFC 9293 3.10.5: ABORT in LAST-ACK: no RST
            t.expectNothingSentUntil(t.server, ms(249));
            assertEquals(TcpState.CLOSED, e[1].socket.state());
            assertEquals(CloseReason.ABORTED, e[1].reason);
            assertEquals(ms(210), e[1].closedAt);
        }
    }

    // =====================================================================================================
    @Nested
    class TimeWait {
        /** Client closes at 100, server at 200: client TIME-WAIT at 225 ms with SND.NXT=1002, RCV.NXT=5002. */
        App[] toTimeWait(TestNet t) {
            App[] e = t.established();
            clientClosesAt100(t, e[0]);
            t.at(ms(200), () -> e[1].socket.close());
            t.runUntil(ms(225));
            assertEquals(TcpState.TIME_WAIT, e[0].socket.state(), t.trace());
            t.skipSent();
            return e;
        }

        @Test
        void timeWait_timeout_closesAfterSixtySeconds() {
            TestNet t = TestNet.standard();
            App[] e = toTimeWait(t);
            t.expectNothingSentUntil(t.client, s(100));
            Connection cc = t.conn(t.client, 0);
            assertEquals("TIME_WAIT>CLOSED@60225", t.path(cc).get(5));
            assertEquals(CloseReason.NORMAL, t.closed(cc).reason());
            assertEquals(s(60) + ms(225), e[0].closedAt);
            assertEquals(CloseReason.NORMAL, e[0].reason);
            assertEquals(1, e[0].closedCalls);
        }

        @Test
        void timeWait_shrinksToTimeWaitRecord() {
            TestNet t = TestNet.standard();
            App[] e = toTimeWait(t);
            assertEquals(null, Invariants.tcb(e[0].socket), "the full TCB is gone in TIME_WAIT");
            assertTrue(Invariants.timeWait(e[0].socket) != null);
            assertEquals(TcpState.TIME_WAIT, e[0].socket.state());
            assertEquals(t.clientPort(e[0]), e[0].socket.tuple().localPort(), "the view still answers");
        }

        @Test
        void timeWait_abort_closesWithoutRst() {
            TestNet t = TestNet.standard();
            App[] e = toTimeWait(t);
            t.at(s(1), () -> e[0].socket.abort());
            t.expectNothingSentUntil(t.client, s(100));
            assertEquals(s(1), e[0].closedAt);
            assertEquals(CloseReason.ABORTED, e[0].reason);
            assertEquals(1, e[0].closedCalls);
        }

        @Test
        void timeWait_timeout_rfc9293ProfileWaitsFourMinutes() {
            TcpProfile p = TcpProfile.rfc9293().toBuilder().set(TcpParameter.DELAYED_ACK, 0).build();
            TestNet t = TestNet.builder().profile(p).build();
            App[] e = toTimeWait(t);
            t.runUntil(s(1000));
            assertEquals(s(240) + ms(225), e[0].closedAt, t.trace());
        }

        @Test
        void timeWait_retransmittedFin_ackedAgainAndTimerRestarted() {
            TestNet t = TestNet.standard();
            App[] e = toTimeWait(t);
            int cp = t.clientPort(e[0]);
            t.dropDown(DropList.matching(TestNet.hasRst())); // the closed server's RST answering the re-ACK
            t.at(s(30), () -> t.deliver(fromServer(cp, FIN | ACK, 5001, 1002)));
            t.expectSentAt(s(30) + ms(25), t.client, ACK, 1002, 5002);
            t.expectNothingSentUntil(t.client, s(100));
            assertEquals(s(90) + ms(25), e[0].closedAt, t.trace());
        }

        @Test
        void timeWait_retransmittedFin_rfc9293_ackedAgainAndTimerRestarted() {
            TcpProfile p = TcpProfile.rfc9293().toBuilder().set(TcpParameter.DELAYED_ACK, 0).build();
            TestNet t = TestNet.builder().profile(p).build();
            App[] e = toTimeWait(t);
            int cp = t.clientPort(e[0]);
            t.dropDown(DropList.matching(TestNet.hasRst()));
            t.at(s(30), () -> t.deliver(fromServer(cp, FIN | ACK, 5001, 1002)));
            t.expectSentAt(s(30) + ms(25), t.client, ACK, 1002, 5002);
            t.expectNothingSentUntil(t.client, s(400));
            assertEquals(s(270) + ms(25), e[0].closedAt, t.trace());
        }

        @Test
        void timeWait_rst_closes() {
            TestNet t = TestNet.standard();
            App[] e = toTimeWait(t);
            int cp = t.clientPort(e[0]);
            t.at(s(1), () -> t.deliver(fromServer(cp, RST, 5002, 0)));
            t.expectNothingSentUntil(t.client, s(100));
            Connection cc = t.conn(t.client, 0);
            assertEquals("TIME_WAIT>CLOSED@1025", t.path(cc).get(5), t.trace());
            assertEquals(s(1) + ms(25), t.closed(cc).time());
            assertEquals(1, e[0].closedCalls);
        }

        @Test
        void timeWait_bareAckAtRcvNxt_linuxRestartsTimer() {
            // Linux tcp_timewait_state_process: a bare ACK exactly at RCV.NXT reschedules TIME_WAIT
            TestNet t = TestNet.standard();
            App[] e = toTimeWait(t);
            int cp = t.clientPort(e[0]);
            t.at(s(1), () -> t.deliver(fromServer(cp, ACK, 5002, 1002)));
            t.expectNothingSentUntil(t.client, s(100));
            assertEquals(s(61) + ms(25), e[0].closedAt, t.trace());
        }

        @Test
        void timeWait_bareAckAtRcvNxt_rfc9293KeepsTimer() {
            TcpProfile p = TcpProfile.rfc9293().toBuilder().set(TcpParameter.DELAYED_ACK, 0).build();
            TestNet t = TestNet.builder().profile(p).build();
            App[] e = toTimeWait(t);
            int cp = t.clientPort(e[0]);
            t.at(s(1), () -> t.deliver(fromServer(cp, ACK, 5002, 1002)));
            t.expectNothingSentUntil(t.client, s(300));
            assertEquals(s(240) + ms(225), e[0].closedAt, t.trace());
        }

        @Test
        void timeWait_rstInWindowNotExact_rfc9293ChallengeAck_linuxSilent() {
            TcpProfile p = TcpProfile.rfc9293().toBuilder().set(TcpParameter.DELAYED_ACK, 0).build();
            TestNet r = TestNet.builder().profile(p).build();
            App[] er = toTimeWait(r);
            int cpr = r.clientPort(er[0]);
            r.at(s(1), () -> r.deliver(fromServer(cpr, RST, 5100, 0)));
            r.expectSentAt(s(1) + ms(25), r.client, ACK, 1002, 5002);
            assertEquals(TcpState.TIME_WAIT, er[0].socket.state());
            TestNet l = TestNet.standard();
            App[] el = toTimeWait(l);
            int cpl = l.clientPort(el[0]);
            l.at(s(1), () -> l.deliver(fromServer(cpl, RST, 5100, 0)));
            l.expectNothingSentUntil(l.client, s(2));
            assertEquals(TcpState.TIME_WAIT, el[0].socket.state());
        }

        @Test
        void timeWait_rst_ignoredWithRfc1337() {
            TcpProfile p = TestNet.quietLinux().toBuilder().set(TcpParameter.RFC1337, true).build();
            TestNet t = TestNet.builder().profile(p).build();
            App[] e = toTimeWait(t);
            int cp = t.clientPort(e[0]);
            t.at(s(1), () -> t.deliver(fromServer(cp, RST, 5002, 0)));
            t.runUntil(s(2));
            assertEquals(TcpState.TIME_WAIT, e[0].socket.state(), t.trace());
            t.expectNothingSentUntil(t.client, s(100));
            assertEquals(s(60) + ms(225), e[0].closedAt);
        }

        /** Server closes first (TIME-WAIT on the server) from a client limited to port 40000. */
        TestNet serverTimeWait(int... clientIsns) {
            TcpProfile cp = TestNet.quietLinux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 40000)
                    .set(TcpParameter.EPHEMERAL_PORT_MAX, 40000).build();
            TestNet t = TestNet.builder().clientProfile(cp).clientIsns(clientIsns).build();
            App[] e = t.established();
            t.at(ms(100), () -> e[1].socket.close());
            t.at(ms(150), () -> e[0].socket.close());
            t.runUntil(ms(200));
            assertEquals(TcpState.TIME_WAIT, e[1].socket.state(), t.trace());
            assertEquals(TcpState.CLOSED, e[0].socket.state(), t.trace());
            t.skipSent();
            return t;
        }

        @Test
        void timeWait_synAboveOldSequenceSpace_reopensConnection() {
            TestNet t = serverTimeWait(1000, 2_000_000);
            assertEquals(TcpState.TIME_WAIT, t.serverStack.lookup(PORT, CLIENT_IP, 40000).state());
            App again = t.connect();
            assertEquals(40000, t.clientPort(again));
            t.expectSentAt(ms(200), t.client, SYN, 2_000_000, 0);
            // the new incarnation's ISN lies above the old sequence space: old SND.NXT 5002 + 65535 + 2 (Linux)
            t.expectSentAt(ms(225), t.server, SYN | ACK, 5002 + 65537, 2_000_001);
            t.runUntil(ms(275));
            assertEquals(TcpState.ESTABLISHED, t.serverStack.lookup(PORT, CLIENT_IP, 40000).state());
            assertEquals(ms(250), again.establishedAt, t.trace());
            Connection old = t.conn(t.server, 0);
            Connection fresh = t.conn(t.server, 1);
            assertEquals("TIME_WAIT>CLOSED@225", t.path(old).get(t.path(old).size() - 1), t.trace());
            assertEquals(List.of("LISTEN>SYN_RECEIVED@225", "SYN_RECEIVED>ESTABLISHED@275"), t.path(fresh));
            assertEquals(old.tuple(), fresh.tuple());
        }

        @Test
        void timeWait_connectWithTwReuse_takesTheTupleOnceOneSecondOld() {
            TcpProfile cp = TestNet.quietLinux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 40000)
                    .set(TcpParameter.EPHEMERAL_PORT_MAX, 40000)
                    .set(TcpParameter.TW_REUSE, true).build();
            TestNet t = TestNet.builder().clientProfile(cp).build();
            App[] e = toTimeWait(t);
            t.runUntil(ms(500));
            App early = t.connect();
            t.runUntil(ms(600));
            assertEquals(List.of("closed:PORT_EXHAUSTED@500"), early.events, "TIME_WAIT younger than 1 s");
            t.runUntil(ms(1225));
            App late = t.connect();
            // Linux tcp_twsk_unique: the old incarnation ends, the new ISN is old SND.NXT 1002 + 65535 + 2
            Connection old = t.conn(t.client, 0);
            assertEquals("TIME_WAIT>CLOSED@1225", t.path(old).get(5), t.trace());
            assertEquals("tw-reuse", t.rec.changes.stream().filter(ch -> ch.conn() == old && ch.to() == TcpState.CLOSED)
                    .findFirst().orElseThrow().cause());
            assertEquals(CloseReason.NORMAL, e[0].reason);
            assertEquals(ms(1225), e[0].closedAt);
            t.expectSentAt(ms(1225), t.client, SYN, 1002 + 65537, 0);
            t.expectSentAt(ms(1250), t.server, SYN | ACK, 1_005_000, 1002 + 65538);
            t.runUntil(ms(1300));
            assertEquals(List.of("established@1275"), late.events, t.trace());
        }

        @Test
        void timeWait_synBelowOldSequenceSpace_answeredWithAck() {
            TestNet t = serverTimeWait(1000, 500);
            App again = t.connect();
            t.expectSentAt(ms(200), t.client, SYN, 500, 0);
            // not acceptable in TIME-WAIT: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
            t.expectSentAt(ms(225), t.server, ACK, 5002, 1002);
            // which the SYN-SENT client answers with <SEQ=SEG.ACK><CTL=RST>; exact seq: TIME-WAIT ends (rfc1337 off)
            t.expectSentAt(ms(250), t.client, RST, 1002, 0);
            t.runUntil(ms(275));
            Connection old = t.conn(t.server, 0);
            assertEquals(TcpState.CLOSED, old.state(), t.trace());
            t.expectSentAt(ms(1200), t.client, SYN, 500, 0);
            TestNet.Recorder.Sent synAck = t.nextSent(t.server);
            assertEquals(ms(1225), synAck.time());
            assertEquals(501, synAck.seg().ack());
            t.runUntil(ms(1250));
            assertEquals(ms(1250), again.establishedAt, t.trace());
        }
    }

    // =====================================================================================================
    @Nested
    class HalfOpen {
        @Test
        void oldDuplicateSyn_toTwoListeners_resetReturnsSynReceivedToListen() {
            // RFC 9293 3.5.1 figure 12: an old duplicate SYN reaches B (LISTEN); A, also listening, answers B's
            // SYN,ACK with <SEQ=SEG.ACK><CTL=RST>, which is exactly B's RCV.NXT: B goes back to LISTEN
            TestNet t = TestNet.standard();
            Server b = t.listen();
            Server a = t.listen(t.clientStack, 40000);
            t.deliver(fromClient(40000, SYN, 90, 0));
            t.expectSentAt(ms(25), t.server, SYN | ACK, 5000, 91);
            t.expectSentAt(ms(50), t.client, RST, 91, 0);
            t.runUntil(ms(75));
            Connection sc = t.conn(t.server, 0);
            assertEquals(List.of("LISTEN>SYN_RECEIVED@25", "SYN_RECEIVED>LISTEN@75", "LISTEN>CLOSED@75"), t.path(sc));
            assertTrue(a.accepted.isEmpty() && b.accepted.isEmpty());
            t.expectNothingSentUntil(t.server, s(10));
            t.expectNothingSentUntil(t.client, s(10));
        }

        @Test
        void halfOpen_reconnectAfterCrash_challengeAckRstThenNewConnection() {
            // RFC 9293 3.5.1 figure 10 with RFC 5961: the client "crashes" (abort whose RST is lost) and reconnects
            // from the same port; the stale server connection answers the SYN with a challenge ACK, the client's
            // RST (seq = that ACK's ack = the server's RCV.NXT) resets it, and the retransmitted SYN connects.
            TcpProfile cp = TestNet.quietLinux().toBuilder().set(TcpParameter.EPHEMERAL_PORT_MIN, 40000)
                    .set(TcpParameter.EPHEMERAL_PORT_MAX, 40000).build();
            TestNet t = TestNet.builder().clientProfile(cp).clientIsns(1000, 9000).build();
            App[] e = t.established();
            t.dropUp(DropList.firstMatching(1, TestNet.hasRst()));
            t.at(ms(100), () -> e[0].socket.abort());
            t.runUntil(ms(200));
            assertEquals(TcpState.ESTABLISHED, e[1].socket.state(), "half-open\n" + t.trace());
            t.skipSent();
            App again = t.connect();
            t.expectSentAt(ms(200), t.client, SYN, 9000, 0);
            t.expectSentAt(ms(225), t.server, ACK, 5001, 1001);
            t.expectSentAt(ms(250), t.client, RST, 1001, 0);
            t.runUntil(ms(275));
            assertEquals(TcpState.CLOSED, e[1].socket.state(), t.trace());
            assertEquals(CloseReason.RESET, e[1].reason);
            assertEquals(TcpState.SYN_SENT, again.socket.state());
            t.expectSentAt(ms(1200), t.client, SYN, 9000, 0);
            t.expectSentAt(ms(1225), t.server, SYN | ACK, 1_005_000, 9001);
            t.runUntil(ms(1250));
            assertEquals(ms(1250), again.establishedAt);
        }
    }
}
