package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static tcpsim.tcp.TestNet.ACK;
import static tcpsim.tcp.TestNet.FIN;
import static tcpsim.tcp.TestNet.ms;
import static tcpsim.tcp.TestNet.s;

import org.junit.jupiter.api.Test;
import tcpsim.kernel.net.DropList;
import tcpsim.tcp.TestNet.App;
import tcpsim.tcp.TestNet.Server;

/**
 * The {@code tlp} and {@code retries-by-time} keys of the {@code linux} profile (issue 10): exact segments and
 * times of the tail loss probe in ESTABLISHED, FIN-WAIT-1 and LAST-ACK, and the give-up of an unacknowledged FIN
 * as a time. 50 ms RTT, delayed ACK and timestamps off, ISNs 1000 / 5000; every end's first RTT sample is 50 ms, so its RTO is
 * 50 ms + 200 ms (the RTTVAR floor) = 250 ms and a single segment's PTO min(2 * 50 + 200, 250) = 250 ms.
 */
class TailLossProbeTest {
    /** The linux profile without delayed ACK and without timestamps (so segments are 1460 bytes, RTTs timed). */
    static TcpProfile probing() {
        return TestNet.exactLinux().toBuilder().set(TcpParameter.DELAYED_ACK, 0)
                .set(TcpParameter.TIMESTAMPS, false).build();
    }

    static TestNet net(TcpProfile p) {
        return TestNet.builder().profile(p).build();
    }

    /** Client data of 3000 bytes at 75 ms in segments 1001+1460, 2461+1460, 3921+80; the last two lost once. */
    static App[] tailOfTwoLost(TestNet t) {
        App[] e = t.established();
        t.dropUp(DropList.firstMatching(1, TestNet.seg(x -> x.seq() == 2461 && x.payloadLength() > 0)));
        t.dropUp(DropList.firstMatching(1, TestNet.seg(x -> x.seq() == 3921 && x.payloadLength() > 0)));
        e[0].socket.send(3000);
        return e;
    }

    @Test
    void established_twoTailSegmentsLost_probeResendsTheLastAfter2SrttPlus2ms_thenRtoTheHole() {
        TestNet t = net(probing());
        App[] e = tailOfTwoLost(t);
        t.expectSentAt(ms(75), t.client, ACK, 1001, 5001, 1460);
        t.expectSentAt(ms(75), t.client, ACK, 2461, 5001, 1460);
        t.expectSentAt(ms(75), t.client, ACK, 3921, 5001, 80);
        // the ACK of the first segment (at 125 ms) leaves two in flight: PTO = 2 * 50 ms + 2 ms
        t.expectSentAt(ms(227), t.client, ACK, 3921, 5001, 80);
        // the RTO restarts from the probe (250 ms), unbacked-off
        t.expectSentAt(ms(477), t.client, ACK, 2461, 5001, 1460);
        t.expectNothingSentUntil(t.client, s(2));
        t.expectSentAt(ms(100), t.server, ACK, 5001, 2461);
        t.expectSentAt(ms(252), t.server, ACK, 5001, 2461); // the probe arrived beyond the hole
        t.expectSentAt(ms(502), t.server, ACK, 5001, 4001); // the hole filled: all of it
        assertEquals(3000, e[1].received);
    }

    @Test
    void established_tlpOff_sameLoss_rtoResendsTheHoleAt375() {
        TestNet t = net(probing().toBuilder().set(TcpParameter.TLP, false).build());
        tailOfTwoLost(t);
        t.expectSentAt(ms(75), t.client, ACK, 1001, 5001, 1460);
        t.expectSentAt(ms(75), t.client, ACK, 2461, 5001, 1460);
        t.expectSentAt(ms(75), t.client, ACK, 3921, 5001, 80);
        t.expectSentAt(ms(375), t.client, ACK, 2461, 5001, 1460);
    }

    @Test
    void finWait1_finLostTwice_probeAtPto_thenRtoFromTheProbe() {
        TestNet t = net(probing());
        App[] e = t.established();
        t.dropUp(DropList.firstMatching(2, TestNet.hasFin()));
        t.at(ms(100), () -> e[0].socket.close());
        t.expectSentAt(ms(100), t.client, FIN | ACK, 1001, 5001);
        t.expectSentAt(ms(350), t.client, FIN | ACK, 1001, 5001); // probe: PTO capped at the RTO (250 ms)
        t.expectSentAt(ms(600), t.client, FIN | ACK, 1001, 5001); // RTO 250 ms from the probe, not 500
        t.expectNothingSentUntil(t.client, s(2));
        t.expectSentAt(ms(625), t.server, ACK, 5001, 1002);
        assertEquals(ms(650), t.entered(t.conn(t.client, 0), TcpState.FIN_WAIT_2));
    }

    @Test
    void lastAck_finalAckLostFiveTimes_finAtPtoThenRtoDoubling_closedAt4175ms() {
        TestNet t = net(probing());
        App[] e = t.established();
        e[1].whenPeerClosed = TcpSocket::close;
        t.dropUp(DropList.firstMatching(5, TestNet.seg(x -> x.isAck() && x.ack() == 5002)));
        t.at(ms(100), () -> e[0].socket.close());
        t.expectSentAt(ms(125), t.server, ACK, 5001, 1002);
        t.expectSentAt(ms(125), t.server, FIN | ACK, 5001, 1002);
        for (long at : new long[] {375, 625, 1125, 2125, 4125}) {
            t.expectSentAt(ms(at), t.server, FIN | ACK, 5001, 1002);
        }
        t.runUntil(s(5));
        assertEquals(ms(4175), e[1].closedAt);
        assertEquals(CloseReason.NORMAL, e[1].reason);
        t.expectNothingSentUntil(t.server, s(10));
    }

    @Test
    void lastAck_neverAcked_nineResendsThenTimeoutAt128s() {
        TestNet t = net(probing());
        App[] e = t.established();
        e[1].whenPeerClosed = TcpSocket::close;
        t.dropUp(DropList.matching(TestNet.seg(x -> x.isAck() && x.ack() == 5002)));
        t.at(ms(100), () -> e[0].socket.close());
        t.expectSentAt(ms(125), t.server, ACK, 5001, 1002);
        t.expectSentAt(ms(125), t.server, FIN | ACK, 5001, 1002);
        // probe, then the RTO doubling from it; fin-retries 8 as a time: 102.2 s after the probe has passed at
        // the timeout of 128.125 s (63.75 s after it had not)
        for (long at : new long[] {375, 625, 1125, 2125, 4125, 8125, 16125, 32125, 64125}) {
            t.expectSentAt(ms(at), t.server, FIN | ACK, 5001, 1002);
        }
        t.expectNothingSentUntil(t.server, s(200));
        assertEquals(ms(128_125), e[1].closedAt);
        assertEquals(CloseReason.TIMEOUT, e[1].reason);
    }

    /** RTT 500 ms: RTO 500 ms + 4 * 250 ms = 1.5 s, a FIN's PTO min(2 * 500 ms + 200 ms, 1.5 s) = 1.2 s. */
    static TestNet longRtt(TcpProfile p) {
        TestNet t = TestNet.builder().profile(p).oneWay(ms(250)).build();
        Server srv = t.listen();
        App c = t.connect();
        t.runUntil(s(1));
        assertEquals(TcpState.ESTABLISHED, c.socket.state());
        assertEquals(1, srv.accepted.size());
        t.skipSent();
        t.dropUp(DropList.matching(TestNet.hasFin()));
        c.socket.close();
        return t;
    }

    @Test
    void finWait1_retriesByTime_longRttExhaustsTheTimeBeforeTheCount() {
        TestNet t = longRtt(probing().toBuilder().set(TcpParameter.FIN_RETRIES, 2).build());
        t.expectSentAt(s(1), t.client, FIN | ACK, 1001, 5001);
        t.expectSentAt(ms(2200), t.client, FIN | ACK, 1001, 5001); // the probe
        // the first timeout always resends (Linux: no retransmission counted yet) and starts the clock at the
        // probe; fin-retries 2 = 7 * 200 ms = 1.4 s have passed at the next timeout (6.7 s)
        t.expectSentAt(ms(3700), t.client, FIN | ACK, 1001, 5001);
        t.expectNothingSentUntil(t.client, s(60));
        Connection c = t.conn(t.client, 0);
        assertEquals(ms(6700), t.closed(c).time());
        assertEquals(CloseReason.TIMEOUT, t.closed(c).reason());
    }

    @Test
    void finWait1_retriesCounted_sameLoss_twoRtoResendsThenTimeout() {
        TestNet t = longRtt(probing().toBuilder().set(TcpParameter.FIN_RETRIES, 2)
                .set(TcpParameter.RETRIES_BY_TIME, false).build());
        t.expectSentAt(s(1), t.client, FIN | ACK, 1001, 5001);
        t.expectSentAt(ms(2200), t.client, FIN | ACK, 1001, 5001);
        t.expectSentAt(ms(3700), t.client, FIN | ACK, 1001, 5001);
        t.expectSentAt(ms(6700), t.client, FIN | ACK, 1001, 5001);
        t.expectNothingSentUntil(t.client, s(60));
        assertEquals(ms(12_700), t.closed(t.conn(t.client, 0)).time());
    }
}
