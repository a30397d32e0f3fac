package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpsim.tcp.HandshakeTimingTest.sendTimes;
import static tcpsim.tcp.HandshakeTimingTest.synAck;
import static tcpsim.tcp.HandshakeTimingTest.synOnly;
import static tcpsim.tcp.Segment.ACK;
import static tcpsim.tcp.Segment.FIN;
import static tcpsim.tcp.TestNet.ms;
import static tcpsim.tcp.TestNet.s;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.Time;
import tcpsim.kernel.net.DropList;
import tcpsim.tcp.TestNet.App;
import tcpsim.tcp.TestNet.Server;

/**
 * Issue 10, profile key {@code timer-hz}: the hosts' jiffies clock and Linux's timer wheel ({@link Jiffies}). The
 * wheel's arithmetic, then every timer of the model on it, per state, with exact segments and times at 250 Hz and
 * 1000 Hz. 50 ms RTT, ISNs 1000 (client) and 5000 (server); the jiffies phase is 0 (time 0 is a tick, a multiple
 * of every level's granularity) unless a test sets another one.
 */
class TimerHzTest {
    static final long J250 = ms(4);

    /** The quiet profile (no delayed ACK, no probe, no timestamps) on a {@code hz} clock. */
    static TcpProfile quiet(int hz) {
        return TestNet.quietLinux().toBuilder().set(TcpParameter.TIMER_HZ, hz).build();
    }

    static TestNet net(TcpProfile p, long offset) {
        TestNet t = TestNet.builder().profile(p).build();
        t.clientStack.setJiffiesOffset(offset);
        t.serverStack.setJiffiesOffset(offset);
        return t;
    }

    // =====================================================================================================
    @Nested
    class Wheel {
        @Test
        void exactTimers_expireAtNowPlusDelay() {
            Jiffies j = new Jiffies(0);
            assertEquals(ms(1) + 7, j.expiry(ms(1), 7));
            assertEquals(123, j.round(123));
        }

        @Test
        void level0_firesOneTickAfterItsJiffy() {
            Jiffies j = new Jiffies(250);
            // 40 ms = 10 jiffies from jiffy 0: bucket 11, whatever the part of the jiffy already gone
            assertEquals(ms(44), j.expiry(0, ms(40)));
            assertEquals(ms(44), j.expiry(ms(3), ms(40)));
            // a part of a jiffy is a whole one (msecs_to_jiffies rounds up)
            assertEquals(ms(48), j.expiry(0, ms(40) + 1));
            assertEquals(ms(44), new Jiffies(1000).expiry(ms(3), ms(40)));
        }

        @Test
        void level1_roundsUpTo8Jiffies_soOneSecondTakes1000To1032ms() {
            Jiffies j = new Jiffies(250);
            // 250 jiffies: level 1 (63..503), buckets of 8 jiffies
            assertEquals(ms(1024), j.expiry(0, s(1)));
            assertEquals(ms(1024), j.expiry(ms(20), s(1))); // jiffy 5: 255 -> 256
            assertEquals(ms(1056), j.expiry(ms(24), s(1))); // jiffy 6: 256 -> 264, 1.032 s after arming
            assertEquals(Time.SECOND, j.expiry(ms(24), s(1)) - ms(24) - ms(32));
        }

        @Test
        void longTimeouts_roundedToTheirLevel_timeWait60sAt250And1000Hz() {
            // 60 s: 15000 jiffies, level 3 (4032..32255), 512-jiffy buckets: 15360 jiffies = 61.44 s
            assertEquals(ms(61_440), new Jiffies(250).expiry(0, s(60)));
            // at 1000 Hz: 60000 jiffies, level 4, 4096-jiffy buckets: 61440 = 61.44 s too
            assertEquals(ms(61_440), new Jiffies(1000).expiry(0, s(60)));
            // 16 s = 4000 jiffies at 250 Hz: level 2 (504..4031), 64-jiffy buckets: 4032
            assertEquals(ms(16_128), new Jiffies(250).expiry(0, s(16)));
        }

        @Test
        void levelBoundary_theClockIsOneAheadAfterAnExpiryInTheSameJiffy() {
            Jiffies j = new Jiffies(250);
            // 252 ms = 63 jiffies armed in jiffy 1: distance 63 is level 1 -> bucket 72
            assertEquals(ms(288), j.expiry(ms(4), ms(252)));
            j.expired(ms(5)); // a timer expired in jiffy 1: the wheel's clock is 2, the distance 62, level 0
            assertEquals(ms(260), j.expiry(ms(6), ms(252)));
            assertEquals(ms(288), j.expiry(ms(32), ms(252))); // jiffy 8, no expiry in it: 71 at level 1 -> 72
        }

        @Test
        void offset_shiftsTheTickGrid() {
            Jiffies j = new Jiffies(250);
            j.setOffset(ms(24) + 1_000_000 / 2); // time 0 is 0.5 ms into jiffy 6
            assertEquals(6, j.at(0));
            assertEquals(ms(1056) - ms(24) - 500_000, j.expiry(0, s(1))); // bucket 264
            assertThrows(IllegalArgumentException.class, () -> j.setOffset(-1));
        }

        @Test
        void clock_readAgainWithinAJiffyAtItsEdgesAndAfterANewOffset() {
            Jiffies j = new Jiffies(250);
            assertEquals(0, j.at(0));
            assertEquals(0, j.at(ms(4) - 1)); // the jiffy read before, remembered
            assertEquals(1, j.at(ms(4)));
            assertEquals(0, j.at(ms(2))); // an earlier time is not answered from the later jiffy
            assertEquals(2, j.at(ms(9)));
            j.setOffset(ms(1));
            assertEquals(1, j.at(ms(7) - 1)); // jiffies at t = (t + offset) / tick: 8 ms - 1 ns
            assertEquals(2, j.at(ms(7)));
            assertEquals(2, j.at(ms(11) - 1));
            assertEquals(3, j.at(ms(11)));
        }

        @Test
        void beyondTheWheelsCapacity_cutToItsLastLevel() {
            Jiffies j = new Jiffies(250);
            // LVL_START(9) = 63 << 24 jiffies; a longer timeout expires at clk + that - 2^24, rounded to 2^24
            long cutoff = Jiffies.levelStart(9);
            long bucket = j.bucket(cutoff + 5, 0);
            assertEquals(((cutoff - (1L << 24)) >> 24) + 1 << 24, bucket);
        }

        @Test
        void profile_refusesAHzWithoutAWholeNanosecondTick() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TcpProfile.linux().toBuilder().set(TcpParameter.TIMER_HZ, 300).build());
            assertEquals("timer-hz must be 0 or divide 1000000000 (a tick of whole ns: 100, 250, 1000 ...), got 300 Hz",
                    e.getMessage());
            assertEquals(250, TcpProfile.linux().timerHz());
            assertEquals(0, TcpProfile.rfc9293().timerHz());
        }

        @Test
        void rto_isWholeJiffies_soItsDoublingsStayOnTheGrid() {
            RtoEstimator r250 = new RtoEstimator(TcpProfile.linux());
            r250.sample(ms(50) + 400_000); // 50.4 + 200 ms variance floor = 250.4 ms -> 63 jiffies
            assertEquals(ms(252), r250.rto());
            r250.backoff();
            assertEquals(ms(504), r250.rto());
            RtoEstimator r1000 = new RtoEstimator(TcpProfile.linux().toBuilder().set(TcpParameter.TIMER_HZ, 1000)
                    .build());
            r1000.sample(ms(50) + 400_000);
            assertEquals(ms(251), r1000.rto());
            RtoEstimator exact = new RtoEstimator(TestNet.exactLinux());
            exact.sample(ms(50) + 400_000);
            assertEquals(ms(250) + 400_000, exact.rto());
        }
    }

    // =====================================================================================================
    @Nested
    class SynSent {
        @Test
        void everySynLost_250Hz_scheduleOnTheWheel_giveUpAt135s() {
            TestNet t = net(quiet(250), 0);
            t.dropUp(DropList.matching(TestNet.synOnly()));
            App c = t.connect();
            t.runUntil(s(200));
            // 1 s timers: 250 jiffies -> the next 8-jiffy bucket (1.024 s; re-armed in the expiry's jiffy, from
            // clock + 1: 249 -> still level 1); 2 s: 1784; 4, 8, 16 s: 64-jiffy buckets; 32, 64 s: 512-jiffy ones
            assertEquals(List.of(0L, ms(1024), ms(2048), ms(3072), ms(4096), ms(5120), ms(7136), ms(11_264),
                    ms(19_456), ms(35_584), ms(69_632)), sendTimes(t, "client", synOnly()), t.trace());
            assertEquals(ms(135_168), c.closedAt);
            assertEquals(CloseReason.TIMEOUT, c.reason);
        }

        @Test
        void firstSynLost_1000Hz_secondAt1024ms_establishedAt1074ms() {
            TestNet t = net(quiet(1000), 0);
            t.listen();
            t.dropUp(DropList.firstMatching(1, TestNet.synOnly()));
            App c = t.connect();
            t.runUntil(s(3));
            // 1000 jiffies: level 2 (504..4031), 64-jiffy buckets -> 1024
            assertEquals(List.of(0L, ms(1024)), sendTimes(t, "client", synOnly()));
            assertEquals(ms(1074), c.establishedAt);
        }
    }

    // =====================================================================================================
    @Nested
    class SynReceived {
        /**
         * The first SYN-ACK is lost. The client's 1 s SYN timer (armed at 0) and the server's SYN-ACK timer (armed
         * 25 ms later) round up to 8-jiffy buckets: which fires first depends on where the jiffies grid lies.
         */
        TestNet race(long offset) {
            TestNet t = net(TcpProfile.linux(), offset);
            t.listen();
            t.dropDown(DropList.firstMatching(1, TestNet.seg(x -> x.isSyn() && x.isAck())));
            return t;
        }

        @Test
        void phase0_timersInDifferentBuckets_synArrivesFirst_oneSynAck_timerPushedBack() {
            TestNet t = race(0);
            App c = t.connect();
            t.runUntil(s(5));
            // client: jiffy 0 + 250 -> bucket 256 (1.024 s); server: jiffy 6 + 250 -> 264 (1.056 s). The SYN arrives
            // at 1.049 s: the SYN-ACK answers it and its timer restarts (1 s), so no timer SYN-ACK follows
            assertEquals(List.of(0L, ms(1024)), sendTimes(t, "client", synOnly()));
            assertEquals(List.of(ms(25), ms(1049)), sendTimes(t, "server", synAck()), t.trace());
            assertEquals(ms(1074), c.establishedAt);
        }

        @Test
        void phase24ms_timersInOneBucket_timerFirst_twoSynAcks() {
            TestNet t = race(ms(24));
            App c = t.connect();
            t.runUntil(s(5));
            // time 0 = jiffy 6: client 256 -> 264, server (jiffy 12) 262 -> 264: both at 264 * 4 - 24 = 1032 ms. The
            // timer's SYN-ACK leaves before the SYN arrives (1.057 s), which is answered by one more SYN-ACK
            assertEquals(List.of(0L, ms(1032)), sendTimes(t, "client", synOnly()));
            assertEquals(List.of(ms(25), ms(1032), ms(1057)), sendTimes(t, "server", synAck()), t.trace());
            assertEquals(ms(1057), c.establishedAt);
            // the handshake's ACK, then the one answering the duplicate SYN-ACK
            assertEquals(List.of(ms(1057), ms(1082)), sendTimes(t, "client", x -> x.isAck() && !x.isSyn()));
        }

        /** Whether the server's SYN-ACK timer fired before the retransmitted SYN arrived (three SYN-ACKs). */
        boolean timerFirst(long clientOffset, long serverOffset) {
            TestNet t = TestNet.builder().profile(TcpProfile.linux()).build();
            t.clientStack.setJiffiesOffset(clientOffset);
            t.serverStack.setJiffiesOffset(serverOffset);
            t.listen();
            t.dropDown(DropList.firstMatching(1, TestNet.seg(x -> x.isSyn() && x.isAck())));
            t.connect();
            t.runUntil(s(2));
            int synAcks = sendTimes(t, "server", synAck()).size();
            assertTrue(synAcks == 2 || synAcks == 3, t.trace());
            return synAcks == 3;
        }

        /**
         * Over the phases at 1 ms steps: the client's SYN timer fires R_c = 1..32 ms after its nominal 1 s (24 - a
         * for a phase of a < 24 ms, 56 - a above: each value once), the server's R_s likewise (its phase shifted by
         * the 25 ms). The timer is first when R_s <= R_c (an equal time too: it was scheduled first). One clock
         * (as the golden cases' namespaces): the same bucket, R_s = R_c - 25, for R_c of 26..32 only, 7 phases of
         * 32 (Linux: the SYN first in about 78%). Independent phases (tcpsim's default, hosts of their own):
         * (1024 + 32) / 2 = 528 pairs of 1024, about half.
         */
        @Test
        void raceOverThePhases_oneClock7of32TimerFirst_independentClocks528of1024() {
            int shared = 0;
            for (int a = 0; a < 32; a++) {
                shared += timerFirst(ms(a), ms(a)) ? 1 : 0;
            }
            assertEquals(7, shared);
            int independent = 0;
            for (int a = 0; a < 32; a++) {
                for (int b = 0; b < 32; b++) {
                    independent += timerFirst(ms(a), ms(b)) ? 1 : 0;
                }
            }
            assertEquals(528, independent);
        }

        @Test
        void exactTimers_sameInstant_timerFirstAlways() {
            TestNet t = TestNet.builder().profile(TestNet.exactLinux()).build();
            t.listen();
            t.dropDown(DropList.firstMatching(1, TestNet.seg(x -> x.isSyn() && x.isAck())));
            t.connect();
            t.runUntil(s(5));
            assertEquals(List.of(ms(25), ms(1025), ms(1025)), sendTimes(t, "server", synAck()));
        }
    }

    // =====================================================================================================
    @Nested
    class Closing {
        /** Client closes at 100 ms, server at 200 ms: the client's TIME_WAIT starts at 225 ms. */
        App[] toTimeWait(TestNet t) {
            App[] e = t.established();
            t.at(ms(100), () -> e[0].socket.close());
            t.at(ms(200), () -> e[1].socket.close());
            t.runUntil(ms(225));
            assertEquals(TcpState.TIME_WAIT, e[0].socket.state(), t.trace());
            return e;
        }

        @Test
        void timeWait_250Hz_phase0_lasts61215ms() {
            TestNet t = net(quiet(250), 0);
            App[] e = toTimeWait(t);
            t.runUntil(s(70));
            // jiffy 56 + 15000 = 15056: level 3, bucket 15360 = 61.44 s
            assertEquals(ms(61_440), e[0].closedAt, t.trace());
            assertEquals(CloseReason.NORMAL, e[0].reason);
        }

        @Test
        void timeWait_250Hz_phase1s_lasts60215ms() {
            TestNet t = net(quiet(250), s(1));
            App[] e = toTimeWait(t);
            t.runUntil(s(70));
            // jiffy 306 + 15000 = 15306: bucket 15360, at 15360 * 4 ms - 1 s = 60.44 s
            assertEquals(ms(60_440), e[0].closedAt, t.trace());
        }

        @Test
        void timeWait_1000Hz_lasts61215ms() {
            TestNet t = net(quiet(1000), 0);
            App[] e = toTimeWait(t);
            t.runUntil(s(70));
            // jiffy 225 + 60000: level 4, 4096-jiffy buckets: 61440
            assertEquals(ms(61_440), e[0].closedAt, t.trace());
        }

        @Test
        void timeWait_retransmittedFin_restartsOnTheWheel() {
            TestNet t = net(quiet(250), 0);
            App[] e = toTimeWait(t);
            int cp = t.clientPort(e[0]);
            t.skipSent();
            t.dropDown(DropList.matching(TestNet.hasRst()));
            t.at(s(30), () -> t.deliver(TestNet.fromServer(cp, FIN | ACK, 5001, 1002)));
            t.expectSentAt(s(30) + ms(25), t.client, ACK, 1002, 5002);
            t.runUntil(s(100));
            // jiffy 7506 + 15000 = 22506: bucket 22528 = 90.112 s
            assertEquals(ms(90_112), e[0].closedAt, t.trace());
        }

        @Test
        void finWait2_orphan_250Hz_timesOutAt61440ms() {
            TestNet t = net(quiet(250), 0);
            App[] e = t.established();
            t.at(ms(100), () -> e[0].socket.close());
            t.runUntil(ms(150));
            assertEquals(TcpState.FIN_WAIT_2, e[0].socket.state(), t.trace());
            t.runUntil(s(70));
            // jiffy 37 + 15000 = 15037: bucket 15360
            assertEquals(ms(61_440), e[0].closedAt, t.trace());
            assertEquals(CloseReason.TIMEOUT, e[0].reason);
        }

        @Test
        void closeWait_delayedFinAck_250Hz_elevenJiffies() {
            TestNet t = net(TcpProfile.linux(), 0);
            App[] e = t.established();
            t.at(ms(100), () -> e[0].socket.close());
            t.at(ms(300), () -> e[1].socket.close());
            t.expectSentAt(ms(100), t.client, FIN | ACK, 1001, 5001);
            // the FIN arrives at 125 ms, jiffy 31: 10 jiffies, level 0, bucket 42 = 168 ms
            t.expectSentAt(ms(168), t.server, ACK, 5001, 1002);
            t.expectSentAt(ms(300), t.server, FIN | ACK, 5001, 1002);
            t.expectSentAt(ms(325), t.client, ACK, 1002, 5002);
        }

        @Test
        void closeWait_delayedFinAck_1000Hz_41Jiffies() {
            TestNet t = net(TcpProfile.linux().toBuilder().set(TcpParameter.TIMER_HZ, 1000).build(), 0);
            App[] e = t.established();
            t.at(ms(100), () -> e[0].socket.close());
            t.expectSentAt(ms(100), t.client, FIN | ACK, 1001, 5001);
            t.expectSentAt(ms(166), t.server, ACK, 5001, 1002); // jiffy 125 + 40 -> 166
        }

        @Test
        void finWait1_finLost_250Hz_probeThenRtoOnTheWheel() {
            TcpProfile p = TcpProfile.linux().toBuilder().set(TcpParameter.DELAYED_ACK, 0).build();
            TestNet t = net(p, 0);
            App[] e = t.established();
            // server sends 1000 bytes at 100 ms (acked at 150: SRTT 50 ms), then closes first at 200 ms; its FIN is
            // lost twice. RTO: 50 + 200 ms floor = 250 ms -> 63 jiffies = 252 ms; PTO 2 SRTT + 200 ms, capped at it
            t.at(ms(100), () -> e[1].socket.send(1000));
            t.runUntil(ms(150));
            t.dropDown(DropList.firstMatching(2, TestNet.hasFin()));
            e[0].whenPeerClosed = TcpSocket::close;
            t.at(ms(200), () -> e[1].socket.close());
            t.skipSent();
            t.expectSentAt(ms(200), t.server, FIN | ACK, 6001, 1001);
            // the probe: jiffy 50 + 63 = 113, distance 63 -> level 1, bucket 120 = 480 ms
            t.expectSentAt(ms(480), t.server, FIN | ACK, 6001, 1001);
            // the RTO, armed in the probe's expiry (clock 121, distance 62, level 0): 120 + 63 + 1 = 184 = 736 ms
            t.expectSentAt(ms(736), t.server, FIN | ACK, 6001, 1001);
            t.expectSentAt(ms(761), t.client, ACK, 1001, 6002); // delayed-ack 0: the FIN's ACK at once
            t.expectSentAt(ms(761), t.client, FIN | ACK, 1001, 6002);
            t.runUntil(s(2));
            assertEquals(ms(786), t.entered(t.conn(t.server, 0), TcpState.TIME_WAIT), t.trace());
            assertEquals(ms(811), e[0].closedAt);
        }
    }

    // =====================================================================================================
    @Nested
    class Lanes {
        @Test
        void timeWaitTimersOfManyConnections_stayFifo_noneFallsBackToTheHeap() {
            TestNet t = net(quiet(250), ms(1) + 300_000);
            Server srv = t.listen();
            srv.setup = a -> a.whenPeerClosed = TcpSocket::close;
            int n = 40;
            App[] clients = new App[n];
            for (int i = 0; i < n; i++) {
                int k = i;
                // connections every 1.7 ms: their TIME_WAIT entries fall in every jiffy and bucket phase
                t.at(ms(17) * i / 10, () -> {
                    clients[k] = t.connect();
                    clients[k].whenEstablished = TcpSocket::close;
                });
            }
            t.runUntil(s(70));
            long last = 0;
            for (App c : clients) {
                assertEquals(CloseReason.NORMAL, c.reason, t.trace());
                assertTrue(c.closedAt >= last, "TIME_WAIT ends in the order the connections entered it");
                last = c.closedAt;
            }
            assertEquals(0, t.clientStack.lane(Timer.Kind.TIME_WAIT).fallbacks());
            assertTrue(last > s(61), t.trace());
        }
    }
}
