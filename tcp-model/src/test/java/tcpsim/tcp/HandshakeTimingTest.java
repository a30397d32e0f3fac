package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpsim.tcp.TestNet.ms;
import static tcpsim.tcp.TestNet.s;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.net.DropList;
import tcpsim.kernel.net.Packet;
import tcpsim.tcp.TestNet.App;
import tcpsim.tcp.TestNet.Server;

/**
 * Connection setup times under the unmodified {@code linux} profile on a 50 ms RTT link, asserted as exact
 * nanosecond counts, and the SYN / SYN-ACK retransmission schedules.
 */
class HandshakeTimingTest {
    static final long RTT = ms(50);

    static TestNet linux() {
        return TestNet.builder().profile(TestNet.exactLinux()).build();
    }

    static List<Long> sendTimes(TestNet t, String host, Predicate<Segment> which) {
        List<Long> out = new ArrayList<>();
        for (TestNet.Recorder.Sent x : t.rec.sentBy(host)) {
            if (which.test(x.seg())) {
                out.add(x.time());
            }
        }
        return out;
    }

    static List<Long> seconds(long... s) {
        List<Long> out = new ArrayList<>();
        for (long v : s) {
            out.add(s(v));
        }
        return out;
    }

    static Predicate<Segment> synOnly() {
        return x -> x.isSyn() && !x.isAck();
    }

    static Predicate<Segment> synAck() {
        return x -> x.isSyn() && x.isAck();
    }

    @Test
    void noLoss_clientEstablishedExactlyOneRtt() {
        TestNet t = linux();
        Server srv = t.listen();
        App c = t.connect();
        t.runUntil(s(10));
        assertEquals(50_000_000L, c.establishedAt);
        assertEquals(75_000_000L, srv.accepted.get(0).establishedAt);
    }

    @Test
    void firstSynDropped_establishedAtOneSecondPlusRtt() {
        TestNet t = linux();
        t.listen();
        t.dropUp(DropList.firstMatching(1, TestNet.synOnly()));
        App c = t.connect();
        t.runUntil(s(10));
        assertEquals(1_050_000_000L, c.establishedAt);
        assertEquals(seconds(0, 1), sendTimes(t, "client", synOnly()));
    }

    @Test
    void firstFiveSynsDropped_establishedAtFiveSecondsPlusRtt() {
        TestNet t = linux();
        t.listen();
        t.dropUp(DropList.firstMatching(5, TestNet.synOnly()));
        App c = t.connect();
        t.runUntil(s(20));
        assertEquals(5_050_000_000L, c.establishedAt);
        assertEquals(seconds(0, 1, 2, 3, 4, 5), sendTimes(t, "client", synOnly()));
    }

    @Test
    void everySynDropped_connectFailsWithTimeoutAt131s() {
        TestNet t = linux();
        t.listen();
        t.dropUp(DropList.matching(TestNet.synOnly()));
        App c = t.connect();
        t.runUntil(s(300));
        assertEquals(seconds(0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67), sendTimes(t, "client", synOnly()));
        assertEquals(131_000_000_000L, c.closedAt, t.trace());
        assertEquals(CloseReason.TIMEOUT, c.reason);
        assertEquals(1, c.closedCalls);
        Connection cc = t.conn(t.client, 0);
        assertEquals(List.of("CLOSED>SYN_SENT@0", "SYN_SENT>CLOSED@131000"), t.path(cc));
        assertEquals(CloseReason.TIMEOUT, t.closed(cc).reason());
        assertEquals(131_000_000_000L, t.closed(cc).time());
        // the model agrees with the profile's analytic schedule
        assertEquals(TestNet.exactLinux().synGiveUp(), c.closedAt);
    }

    @Test
    void everySynDropped_linearTimeoutsZero_classicScheduleFailsAt127s() {
        TcpProfile p = TestNet.exactLinux().toBuilder().set(TcpParameter.SYN_LINEAR_TIMEOUTS, 0).build();
        TestNet t = TestNet.builder().profile(p).build();
        t.listen();
        t.dropUp(DropList.matching(TestNet.synOnly()));
        App c = t.connect();
        t.runUntil(s(300));
        assertEquals(seconds(0, 1, 3, 7, 15, 31, 63), sendTimes(t, "client", synOnly()));
        assertEquals(127_000_000_000L, c.closedAt, t.trace());
        assertEquals(CloseReason.TIMEOUT, c.reason);
    }

    @Test
    void everySynDropped_sendTimesMatchProfileSchedule_rfc9293() {
        TcpProfile p = TcpProfile.rfc9293();
        TestNet t = TestNet.builder().profile(p).build();
        t.listen();
        t.dropUp(DropList.matching(TestNet.synOnly()));
        App c = t.connect();
        t.runUntil(s(3600));
        List<Long> expected = new ArrayList<>();
        for (long v : p.synSchedule()) {
            expected.add(v);
        }
        assertEquals(expected, sendTimes(t, "client", synOnly()));
        assertEquals(p.synGiveUp(), c.closedAt);
        assertTrue(c.closedAt >= s(180), "MUST-23: SYN retransmission for at least 3 minutes");
        assertEquals(CloseReason.TIMEOUT, c.reason);
    }

    @Test
    void firstSynAckDropped_establishedAtRttPlusOneSecond_timerFiresBeforeSynArrives() {
        TestNet t = linux();
        Server srv = t.listen();
        t.dropDown(DropList.firstMatching(1, TestNet.seg(x -> x.isSyn() && x.isAck())));
        App c = t.connect();
        t.runUntil(s(10));
        assertEquals(RTT + s(1), c.establishedAt, t.trace());
        assertEquals(RTT + s(1) + ms(25), srv.accepted.get(0).establishedAt);
        // At 1.025 s the server's SYN-ACK timer (armed at 25 ms, scheduled first) and the client's retransmitted SYN
        // (sent at 1 s) coincide. Pinned order: the timer fires first and retransmits the SYN-ACK, then the SYN
        // arrives and (Linux tcp_check_req) makes the server send one more SYN-ACK at once.
        assertEquals(List.of(ms(25), ms(1025), ms(1025)), sendTimes(t, "server", synAck()), t.trace());
        assertEquals(seconds(0, 1), sendTimes(t, "client", synOnly()));
        int timerSend = -1;
        int synRecv = -1;
        for (int i = 0; i < t.rec.lines.size(); i++) {
            String l = t.rec.lines.get(i);
            if (timerSend < 0 && l.startsWith("1025 server SENT [SYN,ACK]")) {
                timerSend = i;
            }
            if (synRecv < 0 && l.startsWith("1025 server RECV [SYN]")) {
                synRecv = i;
            }
        }
        assertTrue(timerSend >= 0 && synRecv >= 0 && timerSend < synRecv, t.trace());
        assertEquals(1, t.rec.connectionsOf("server").size(), "the retransmitted SYN matched the same connection");
    }

    @Test
    void thirdAckNeverArrives_synAckSchedule0_1_3_7_15_31s_thenGivesUp() {
        TestNet t = linux();
        t.listen();
        Predicate<Packet> notSyn = TestNet.seg(x -> !x.isSyn());
        t.dropUp(DropList.matching(notSyn));
        App c = t.connect();
        t.runUntil(s(200));
        assertEquals(ms(50), c.establishedAt);
        List<Long> expected = new ArrayList<>();
        for (long v : new long[] {0, 1, 3, 7, 15, 31}) {
            expected.add(s(v) + ms(25));
        }
        assertEquals(expected, sendTimes(t, "server", synAck()), t.trace());
        Connection sc = t.conn(t.server, 0);
        assertEquals(TcpState.CLOSED, sc.state());
        // Linux drops the request when the timer after the 5th retransmission (31 s + 32 s) expires
        assertEquals(s(63) + ms(25), t.closed(sc).time(), t.trace());
        assertEquals(CloseReason.TIMEOUT, t.closed(sc).reason());
        assertEquals(6, t.rec.sentBy("server").size(), "nothing but the six SYN-ACKs\n" + t.trace());
    }

    @Test
    void profileSynAckSchedule_matchesModel() {
        long[] sched = TestNet.exactLinux().synAckSchedule();
        List<Long> expected = new ArrayList<>();
        for (long v : sched) {
            expected.add(v + ms(25));
        }
        TestNet t = linux();
        t.listen();
        t.dropUp(DropList.matching(TestNet.seg(x -> !x.isSyn())));
        t.connect();
        t.runUntil(s(200));
        assertEquals(expected, sendTimes(t, "server", synAck()));
    }

    @Test
    void thirdAckNeverArrives_rfc9293_matchesProfileSchedule() {
        TcpProfile p = TcpProfile.rfc9293();
        TestNet t = TestNet.builder().profile(p).build();
        t.listen();
        t.dropUp(DropList.matching(TestNet.seg(x -> !x.isSyn())));
        t.connect();
        t.runUntil(s(3600));
        List<Long> expected = new ArrayList<>();
        for (long v : p.synAckSchedule()) {
            expected.add(v + ms(25));
        }
        assertEquals(expected, sendTimes(t, "server", synAck()), t.trace());
        Connection sc = t.conn(t.server, 0);
        assertEquals(p.synAckGiveUp() + ms(25), t.closed(sc).time());
        assertEquals(CloseReason.TIMEOUT, t.closed(sc).reason());
    }

    @Test
    void rttEqualToInitialRto_establishedAtOneSecond() {
        // the SYN-ACK arrives exactly when the 1 s SYN timer fires; whichever runs first, ESTABLISHED at 1 s
        TestNet t = TestNet.builder().profile(TestNet.exactLinux()).oneWay(ms(500)).build();
        t.listen();
        App c = t.connect();
        t.runUntil(s(10));
        assertEquals(s(1), c.establishedAt, t.trace());
    }
}
