package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static tcpsim.tcp.TestNet.ACK;
import static tcpsim.tcp.TestNet.CLIENT_IP;
import static tcpsim.tcp.TestNet.PORT;
import static tcpsim.tcp.TestNet.RST;
import static tcpsim.tcp.TestNet.SERVER_IP;
import static tcpsim.tcp.TestNet.ms;
import static tcpsim.tcp.TestNet.s;

import java.util.List;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.net.DropList;
import tcpsim.tcp.TestNet.App;
import tcpsim.tcp.TestNet.Recorder.Sent;
import tcpsim.tcp.TestNet.Server;

/**
 * The {@code timestamps} key of the {@code linux} profile (issue 10, RFC 7323): the option on every segment once
 * both ends offer it (TSval = 1 + milliseconds), the data MSS of 1448, the option's 12 bytes in segment sizes, RTT
 * samples from the echo after a retransmitted SYN, PAWS in ESTABLISHED and the echo from TIME_WAIT. 50 ms RTT, delayed
 * ACK off, ISNs 1000 / 5000.
 */
class TimestampsTest {
    static TcpProfile stamped() {
        return TestNet.exactLinux().toBuilder().set(TcpParameter.DELAYED_ACK, 0).build();
    }

    /** "flags seq ack len tsval/tsecr" of a sent segment, "-" for no option. */
    static String ts(Sent x) {
        Segment g = x.seg();
        return TestNet.fmt(x.time()) + " " + g.flagNames() + " " + g.payloadLength() + " "
                + (g.timestamps() ? g.tsVal() + "/" + g.tsEcr() : "-") + " " + g.sizeBytes();
    }

    static List<String> sent(TestNet t, String host) {
        return t.rec.sentBy(host).stream().map(TimestampsTest::ts).toList();
    }

    @Test
    void negotiated_everySegmentCarriesTheOption_dataMss1448_12BytesMore() {
        TestNet t = TestNet.builder().profile(stamped()).build();
        App[] e = t.established();
        e[0].socket.send(3000);
        t.runUntil(ms(200));
        assertEquals(List.of("0 SYN 0 1/0 56", "50 ACK 0 51/26 52", "75 ACK 1448 76/26 1500",
                "75 ACK 1448 76/26 1500", "75 ACK 104 76/26 156"), sent(t, "client"));
        assertEquals(List.of("25 SYN,ACK 0 26/1 56", "100 ACK 0 101/76 52", "100 ACK 0 101/76 52",
                "100 ACK 0 101/76 52"), sent(t, "server"));
        assertEquals(3000, e[1].received);
    }

    @Test
    void serverWithout_neitherEndUsesIt_mss1460() {
        TestNet t = TestNet.builder().clientProfile(stamped())
                .serverProfile(stamped().toBuilder().set(TcpParameter.TIMESTAMPS, false).build()).build();
        App[] e = t.established();
        e[0].socket.send(1500);
        t.runUntil(ms(200));
        assertEquals(List.of("0 SYN 0 1/0 56", "50 ACK 0 - 40", "75 ACK 1460 - 1500", "75 ACK 40 - 80"),
                sent(t, "client"));
        assertEquals(List.of("25 SYN,ACK 0 - 44", "100 ACK 0 - 40", "100 ACK 0 - 40"), sent(t, "server"));
    }

    /** The first SYN lost; the request (100 bytes at 1.05 s) lost once. */
    static TestNet lostSynThenLostRequest(TcpProfile p) {
        TestNet t = TestNet.builder().profile(p).build();
        t.listen();
        t.dropUp(DropList.firstMatching(1, TestNet.synOnly()));
        t.dropUp(DropList.firstMatching(1, TestNet.hasData()));
        App c = t.connect();
        c.whenEstablished = sk -> sk.send(100);
        t.expectSentAt(0, t.client, TestNet.SYN, 1000, 0);
        t.expectSentAt(s(1), t.client, TestNet.SYN, 1000, 0);
        t.expectSentAt(ms(1050), t.client, ACK, 1001, 5001);
        t.expectSentAt(ms(1050), t.client, ACK, 1001, 5001, 100);
        return t;
    }

    @Test
    void ackOfRetransmittedSyn_echoGivesRttSample_requestResentAfter250ms() {
        TestNet t = lostSynThenLostRequest(stamped());
        // SYN-ACK at 1.050 s echoes the second SYN's TSval 1001: RTT 50 ms, RTO 250 ms (and the probe at it)
        t.expectSentAt(ms(1300), t.client, ACK, 1001, 5001, 100);
    }

    @Test
    void timestampsOff_sameLosses_rfc6298FallbackRto3s() {
        TestNet t = lostSynThenLostRequest(stamped().toBuilder().set(TcpParameter.TIMESTAMPS, false).build());
        t.expectSentAt(ms(4050), t.client, ACK, 1001, 5001, 100);
    }

    @Test
    void established_paws_olderTsvalDiscardedAndAcked_rstStillAccepted() {
        TestNet t = TestNet.builder().profile(stamped()).build();
        App[] e = t.established();
        int cp = t.clientPort(e[0]);
        // TS.Recent at the server is 51 (the third ACK); TSval 40 is older: a duplicate of an earlier incarnation
        t.deliver(new Segment(CLIENT_IP, SERVER_IP, cp, PORT, 1001, 5001, ACK, 65535, 100, 0, true, 40, 26));
        t.expectSentAt(ms(100), t.server, ACK, 5001, 1001);
        assertEquals(0, e[1].received);
        assertEquals("paws: old timestamp", t.rec.discarded.get(t.rec.discarded.size() - 1).why());
        t.deliver(new Segment(CLIENT_IP, SERVER_IP, cp, PORT, 1001, 0, RST, 0, 0, 0, true, 40, 26));
        t.runUntil(ms(200));
        assertEquals(CloseReason.RESET, e[1].reason);
    }

    @Test
    void timeWait_reAckOfRetransmittedFin_echoesTheFinsTsval() {
        TestNet t = TestNet.builder().profile(stamped()).build();
        App[] e = t.established();
        e[1].whenPeerClosed = TcpSocket::close;
        t.dropUp(DropList.firstMatching(1, TestNet.seg(x -> x.isAck() && x.ack() == 5002)));
        t.at(ms(100), () -> e[0].socket.close());
        t.runUntil(ms(400));
        List<String> client = sent(t, "client");
        // the client's FIN, its lost ACK of the server's FIN (TSval 126), then from TIME_WAIT the ACK of the probe
        // (the FIN resent at 375 ms with TSval 376)
        assertEquals(List.of("100 FIN,ACK 0 101/26 52", "150 ACK 0 151/126 52", "400 ACK 0 401/376 52"),
                client.subList(client.size() - 3, client.size()));
        assertFalse(t.rec.sentBy("server").stream().anyMatch(x -> !x.seg().timestamps()));
    }
}
