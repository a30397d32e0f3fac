package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpsim.tcp.TestNet.ACK;
import static tcpsim.tcp.TestNet.ms;
import static tcpsim.tcp.TestNet.s;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.net.DropList;
import tcpsim.tcp.TestNet.App;

/**
 * Data transfer as far as connection life cycles need it: RFC 6298 RTO (Linux variance floor, backoff, Karn),
 * reassembly, receive window, MSS, delayed ACK, the retry limits, and SEND / CLOSE / ABORT with data queued.
 * Quiet Linux profile (delayed ACK off) unless stated; 50 ms RTT; ISNs 1000 / 5000.
 */
class DataTransferTest {
    static final int MSS = 1460;

    static List<Long> dataSendTimes(TestNet t, String host, int seq) {
        List<Long> out = new ArrayList<>();
        for (TestNet.Recorder.Sent x : t.rec.sentBy(host)) {
            if (x.seg().payloadLength() > 0 && x.seg().seq() == seq) {
                out.add(x.time());
            }
        }
        return out;
    }

    @Nested
    class Rto {
        @Test
        void rto_tinyRtt_clampedToRttPlus200ms() {
            // one-way 1 ms: SRTT 2 ms, Linux RTO = 2 ms + max(4 ms, 200 ms) = 202 ms
            TestNet t = TestNet.builder().oneWay(ms(1)).build();
            t.listen();
            App c = t.connect();
            t.runUntil(ms(10));
            t.dropUp(DropList.firstMatching(1, TestNet.hasData()));
            t.at(ms(10), () -> c.socket.send(100));
            t.runUntil(s(2));
            assertEquals(List.of(ms(10), ms(212)), dataSendTimes(t, "client", 1001), t.trace());
        }

        @Test
        void rto_repeatedLoss_backsOffExponentially() {
            TestNet t = TestNet.standard();
            App c = t.established()[0];
            t.dropUp(DropList.firstMatching(3, TestNet.hasData()));
            t.at(ms(100), () -> c.socket.send(100));
            t.runUntil(s(5));
            // 250 ms, then 500 ms, then 1 s
            assertEquals(List.of(ms(100), ms(350), ms(850), ms(1850)), dataSendTimes(t, "client", 1001), t.trace());
            assertEquals(ms(1900), c.allAckedAt);
        }

        @Test
        void rto_backoff_clampedToMaxRto() {
            TcpProfile p = TestNet.quietLinux().toBuilder().set(TcpParameter.MAX_RTO, ms(600)).build();
            TestNet t = TestNet.builder().profile(p).build();
            App c = t.established()[0];
            t.dropUp(DropList.firstMatching(4, TestNet.hasData()));
            t.at(ms(100), () -> c.socket.send(100));
            t.runUntil(s(5));
            assertEquals(List.of(ms(100), ms(350), ms(850), ms(1450), ms(2050)), dataSendTimes(t, "client", 1001),
                    t.trace());
        }

        @Test
        void rto_rfc9293Profile_minRtoOneSecond() {
            TcpProfile p = TcpProfile.rfc9293().toBuilder().set(TcpParameter.DELAYED_ACK, 0).build();
            TestNet t = TestNet.builder().profile(p).build();
            App c = t.established()[0];
            t.dropUp(DropList.firstMatching(1, TestNet.hasData()));
            t.at(ms(100), () -> c.socket.send(100));
            t.runUntil(s(5));
            assertEquals(List.of(ms(100), ms(1100)), dataSendTimes(t, "client", 1001), t.trace());
        }

        @Test
        void rto_plainRfc6298Formula_withoutLinuxVarianceFloor() {
            // rfc9293 with min RTO 100 ms: RTO = SRTT + 4 RTTVAR = 50 + 4 x 25 = 150 ms (no 200 ms variance floor)
            TcpProfile p = TcpProfile.rfc9293().toBuilder().set(TcpParameter.DELAYED_ACK, 0)
                    .set(TcpParameter.MIN_RTO, ms(100)).build();
            TestNet t = TestNet.builder().profile(p).build();
            App c = t.established()[0];
            t.dropUp(DropList.firstMatching(1, TestNet.hasData()));
            t.at(ms(100), () -> c.socket.send(100));
            t.runUntil(s(5));
            assertEquals(List.of(ms(100), ms(250)), dataSendTimes(t, "client", 1001), t.trace());
        }

        @Test
        void rto_karn_noSampleFromRetransmittedSegment_backoffKept() {
            TestNet t = TestNet.standard();
            App c = t.established()[0];
            t.dropUp(DropList.firstMatching(1, TestNet.hasData()));
            t.at(ms(100), () -> c.socket.send(100));
            t.runUntil(ms(400));
            assertEquals(List.of(ms(100), ms(350)), dataSendTimes(t, "client", 1001));
            assertEquals(ms(400), c.allAckedAt);
            // the ACK of a retransmitted segment gives no RTT sample (Karn): the backed-off 500 ms RTO stays
            t.dropUp(DropList.firstMatching(1, TestNet.hasData()));
            t.at(ms(500), () -> c.socket.send(100));
            t.runUntil(s(3));
            assertEquals(List.of(ms(500), ms(1000)), dataSendTimes(t, "client", 1101), t.trace());
        }

        @Test
        void rto_validSampleAfterBackoff_resetsTo250ms() {
            TestNet t = TestNet.standard();
            App c = t.established()[0];
            t.dropUp(DropList.firstMatching(1, TestNet.hasData()));
            t.at(ms(100), () -> c.socket.send(100));
            t.at(ms(500), () -> c.socket.send(100)); // not lost: a valid 50 ms sample
            t.runUntil(ms(600));
            t.dropUp(DropList.firstMatching(1, TestNet.hasData()));
            t.at(ms(600), () -> c.socket.send(100));
            t.runUntil(s(3));
            assertEquals(List.of(ms(600), ms(850)), dataSendTimes(t, "client", 1201), t.trace());
        }

        @Test
        void rto_handshakeGaveNoSample_threeSecondFallback() {
            // RFC 6298 5.7 (and Linux tcp_init_transfer): the SYN was retransmitted, so no RTT sample: RTO 3 s
            TestNet t = TestNet.standard();
            t.listen();
            t.dropUp(DropList.firstMatching(1, TestNet.synOnly()));
            App c = t.connect();
            t.runUntil(ms(1100));
            assertEquals(ms(1050), c.establishedAt);
            t.dropUp(DropList.firstMatching(1, TestNet.hasData()));
            c.socket.send(100);
            t.runUntil(s(10));
            assertEquals(List.of(ms(1100), ms(4100)), dataSendTimes(t, "client", 1001), t.trace());
        }

        @Test
        void initialWindow_afterOneSynRetransmission_linuxKeepsTenSegments() {
            // Linux tcp_init_transfer cuts cwnd to 1 only when more than one SYN / SYN-ACK was retransmitted
            TestNet t = TestNet.standard();
            t.listen();
            t.dropUp(DropList.firstMatching(1, TestNet.synOnly()));
            App c = t.connect();
            t.runUntil(ms(1100));
            c.socket.send(20L * MSS);
            long first = t.rec.sentBy("client").stream().filter(x -> x.seg().payloadLength() > 0).count();
            assertEquals(10, first, t.trace());
        }

        @Test
        void initialWindow_afterTwoSynRetransmissions_oneSegment() {
            TestNet t = TestNet.standard();
            t.listen();
            t.dropUp(DropList.firstMatching(2, TestNet.synOnly()));
            App c = t.connect();
            t.runUntil(ms(2100));
            assertEquals(ms(2050), c.establishedAt);
            c.socket.send(20L * MSS);
            long first = t.rec.sentBy("client").stream().filter(x -> x.seg().payloadLength() > 0).count();
            assertEquals(1, first, "RFC 5681 3.1 / Linux: IW of one segment after a lost handshake\n" + t.trace());
        }

        @Test
        void dataRetriesExhausted_connectionTimesOut() {
            TcpProfile p = TestNet.quietLinux().toBuilder().set(TcpParameter.DATA_RETRIES, 3).build();
            TestNet t = TestNet.builder().profile(p).build();
            App[] e = t.established();
            t.dropUp(DropList.matching(TestNet.hasData()));
            t.at(ms(100), () -> e[0].socket.send(100));
            t.runUntil(s(60));
            assertEquals(List.of(ms(100), ms(350), ms(850), ms(1850)), dataSendTimes(t, "client", 1001), t.trace());
            assertEquals(TcpState.CLOSED, e[0].socket.state());
            assertEquals(CloseReason.TIMEOUT, e[0].reason);
            assertEquals(ms(3850), e[0].closedAt, "the timer after the last retransmission expires");
        }

        @Test
        void finRetriesExhaustedInFinWait1_connectionTimesOut() {
            TcpProfile p = TestNet.quietLinux().toBuilder().set(TcpParameter.FIN_RETRIES, 2).build();
            TestNet t = TestNet.builder().profile(p).build();
            App[] e = t.established();
            t.dropUp(DropList.matching(TestNet.hasFin()));
            t.at(ms(100), () -> e[0].socket.close());
            t.runUntil(s(60));
            long fins = t.rec.sentBy("client").stream().filter(x -> x.seg().isFin()).count();
            assertEquals(3, fins, t.trace());
            assertEquals(CloseReason.TIMEOUT, e[0].reason);
            assertEquals(TcpState.CLOSED, e[0].socket.state());
        }
    }

    @Nested
    class Reassembly {
        @Test
        void holeFilledByRetransmission_cumulativeAckAndDeliveryAtOnce() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.dropUp(DropList.firstMatching(1, TestNet.hasData()));
            t.at(ms(100), () -> e[0].socket.send(3L * MSS));
            t.runUntil(ms(100));
            t.skipSent();
            // two duplicate ACKs for the out-of-order segments (no fast retransmit with only two)
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1001);
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1001);
            assertEquals(0, e[1].received);
            t.expectSentAt(ms(350), t.client, ACK, 1001, 5001);
            t.expectSentAt(ms(375), t.server, ACK, 5001, 1001 + 3 * MSS);
            assertEquals(3L * MSS, e[1].received);
            assertEquals(ms(375), e[1].lastDataAt);
        }

        @Test
        void fiveGigabytes_sequenceSpaceWrapsTwice_deliveredExactlyAndClosed() {
            TcpProfile p = TestNet.quietLinux().toBuilder().set(TcpParameter.MSS, 65_000)
                    .set(TcpParameter.RECEIVE_WINDOW, 1 << 26).build();
            TestNet t = TestNet.builder().profile(p).clientIsns(0xFFFF_FF00).build();
            TestNet.Server srv = t.listen();
            srv.setup = a -> a.whenPeerClosed = TcpSocket::close;
            App c = t.connect();
            long n = 5_000_000_000L;
            c.whenEstablished = sock -> {
                sock.send(n);
                sock.close();
            };
            t.runUntil(s(200));
            assertEquals(n, srv.accepted.get(0).received, t.rec.lines.get(t.rec.lines.size() - 1));
            assertEquals(n, srv.accepted.get(0).receivedAtPeerClosed);
            assertEquals(CloseReason.NORMAL, c.reason);
            TestNet.Recorder.Sent fin = t.rec.sentBy("client").stream().filter(x -> x.seg().isFin()).findFirst()
                    .orElseThrow();
            assertEquals((int) (0xFFFF_FF00L + 1 + n), fin.seg().seq() + fin.seg().payloadLength());
        }

        @Test
        void fiveGigabytes_noClose_exactlyNBytesArrive() {
            TcpProfile p = TestNet.quietLinux().toBuilder().set(TcpParameter.MSS, 65_000)
                    .set(TcpParameter.RECEIVE_WINDOW, 1 << 26).build();
            TestNet t = TestNet.builder().profile(p).clientIsns(0xFFFF_FF00).build();
            TestNet.Server srv = t.listen();
            App c = t.connect();
            long n = 5_000_000_000L;
            c.whenEstablished = sock -> sock.send(n);
            t.runUntil(s(200));
            assertEquals(n, srv.accepted.get(0).received, "no byte more, no byte less");
            assertTrue(c.allAckedAt > 0);
        }

        @Test
        void sequenceWrap_dataAcrossTwoToThe32_deliveredExactly() {
            TestNet t = TestNet.builder().clientIsns(0xFFFF_F000).serverIsns(0xFFFF_FF00).build();
            TestNet.Server srv = t.listen();
            App c = t.connect();
            c.whenEstablished = s -> s.send(50_000);
            srv.setup = a -> a.socket.send(50_000);
            t.runUntil(s(10));
            assertEquals(50_000, c.received);
            assertEquals(50_000, srv.accepted.get(0).received);
            assertTrue(c.allAckedAt > 0 && srv.accepted.get(0).allAckedAt > 0, t.trace());
        }
    }

    @Nested
    class AfterGoBack {
        @Test
        void pureAckAfterRetransmissionTimeout_carriesHighestSequenceSent() {
            // After an RTO the sender goes back (SND.NXT = SND.UNA) to resend 1001..2460, but 2461 (1 byte) was
            // already sent and received. A pure ACK must still carry the highest sequence sent (BSD uses snd_max
            // for ACK-only segments; Linux never moves snd_nxt back): the peer's RCV.NXT is 2462, and an ACK with
            // SEQ=2461 is unacceptable to it (RFC 9293 3.10.7.4 first), so its ACK field would be ignored.
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.dropUp(DropList.firstMatching(1, TestNet.hasData()));
            t.at(ms(100), () -> e[0].socket.send(MSS + 1));
            t.at(ms(360), () -> e[1].socket.send(100));
            t.runUntil(ms(100));
            t.skipSent();
            t.expectSentAt(ms(350), t.client, ACK, 1001, 5001, MSS); // the retransmission
            t.expectSentAt(ms(385), t.client, ACK, 2462, 5101, 0);    // ACK of the server's data
            t.runUntil(s(2));
            List<Long> serverData = dataSendTimes(t, "server", 5001);
            assertEquals(List.of(ms(360)), serverData, "no spurious retransmission of the server's data\n"
                    + t.trace());
        }

        @Test
        void abortAfterRetransmissionTimeout_rstAtHighestSequenceResetsPeer() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.dropUp(DropList.firstMatching(1, TestNet.hasData()));
            t.at(ms(100), () -> e[0].socket.send(MSS + 1));
            t.at(ms(360), () -> e[0].socket.abort());
            t.runUntil(ms(360));
            TestNet.Recorder.Sent rst = t.rec.sentBy("client").get(t.rec.sentBy("client").size() - 1);
            assertTrue(rst.seg().isRst(), t.trace());
            // the server has received up to 2462 (1 byte at 2461 is buffered beyond the hole, the resend fills it
            // at 375 ms): an RST at 2461 would be outside its window and ignored, leaving it half-open
            assertEquals(2462, rst.seg().seq(), t.trace());
            t.runUntil(ms(400));
            assertEquals(CloseReason.RESET, e[1].reason, t.trace());
        }

        @Test
        void bothSidesGoBackAfterLoss_noAckStorm_bothCloseNormally() {
            // found by TcpPropertiesTest.independentCloseTimes...: up=[3] down=[2] req=resp=1461, both close at once
            TestNet t = TestNet.builder().profile(TestNet.exactLinux()).build();
            t.dropUp(DropList.positions(3));
            t.dropDown(DropList.positions(2));
            TestNet.Server srv = t.listen();
            srv.setup = a -> {
                a.socket.send(MSS + 1);
                a.socket.close();
            };
            App c = t.connect();
            c.whenEstablished = sock -> {
                sock.send(MSS + 1);
                sock.close();
            };
            t.runUntil(s(130));
            assertTrue(t.rec.sent.size() < 60, t.rec.sent.size() + " segments: ACK storm\n"
                    + String.join("\n", t.rec.lines.subList(0, Math.min(80, t.rec.lines.size()))));
            assertEquals(CloseReason.NORMAL, c.reason);
            assertEquals(CloseReason.NORMAL, srv.accepted.get(0).reason);
            assertEquals(MSS + 1, c.received);
            assertEquals(MSS + 1, srv.accepted.get(0).received);
        }
    }

    @Nested
    class Windows {
        @Test
        void receiveWindow_senderNeverExceedsIt() {
            TcpProfile sp = TestNet.quietLinux().toBuilder().set(TcpParameter.RECEIVE_WINDOW, 4000).build();
            TestNet t = TestNet.builder().serverProfile(sp).build();
            App[] e = t.established();
            t.at(ms(100), () -> e[0].socket.send(30_000));
            t.runUntil(s(10));
            assertEquals(30_000, e[1].received);
            // walk the client's view: highest ACK received vs. the end of every data segment sent
            int highestAck = 1001;
            int ri = 0;
            List<TestNet.Recorder.Sent> rcvd = new ArrayList<>();
            for (TestNet.Recorder.Sent x : t.rec.received) {
                if (x.host().equals("client") && x.seg().isAck()) {
                    rcvd.add(x);
                }
            }
            for (TestNet.Recorder.Sent x : t.rec.sentBy("client")) {
                while (ri < rcvd.size() && rcvd.get(ri).time() <= x.time()) {
                    if (Seq.gt(rcvd.get(ri).seg().ack(), highestAck)) {
                        highestAck = rcvd.get(ri).seg().ack();
                    }
                    ri++;
                }
                int end = x.seg().seq() + x.seg().payloadLength();
                assertTrue(Seq.le(end, highestAck + 4000), "segment " + x + " beyond the window of " + highestAck
                        + "+4000\n" + t.trace());
            }
            for (TestNet.Recorder.Sent x : t.rec.sentBy("server")) {
                assertEquals(4000, x.seg().window(), "advertised window " + x);
            }
        }

        @Test
        void mss_smallerPeerMss_segmentsNoLargerThanIt() {
            TcpProfile sp = TestNet.quietLinux().toBuilder().set(TcpParameter.MSS, 536).build();
            TestNet t = TestNet.builder().serverProfile(sp).build();
            App[] e = t.established();
            t.at(ms(100), () -> e[0].socket.send(5000));
            t.runUntil(s(5));
            assertEquals(5000, e[1].received);
            assertTrue(t.rec.sentBy("client").stream().allMatch(x -> x.seg().payloadLength() <= 536), t.trace());
            assertEquals(536, t.rec.sentBy("server").get(0).seg().mss(), "SYN,ACK announces 536");
            assertTrue(t.rec.sentBy("client").stream().anyMatch(x -> x.seg().payloadLength() == 536));
        }

        @Test
        void initialWindow_tenSegmentsThenSlowStart() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.at(ms(100), () -> e[0].socket.send(100L * MSS));
            t.runUntil(ms(100));
            long first = t.rec.sentBy("client").stream().filter(x -> x.seg().payloadLength() > 0).count();
            assertEquals(10, first, "IW 10 (RFC 6928)");
            t.runUntil(ms(150));
            long second = t.rec.sentBy("client").stream().filter(x -> x.seg().payloadLength() > 0
                    && x.time() == ms(150)).count();
            assertEquals(20, second, "slow start: each ACK of a full segment opens two (delayed ACK off)");
            t.runUntil(s(5));
            assertEquals(100L * MSS, e[1].received);
        }
    }

    @Nested
    class DelayedAck {
        /**
         * Linux values (delayed ACK 40 ms) without Linux's quick-ACK phase: the RFC 1122 / 5681 rules alone; no
         * timestamps, so full segments are 1460 bytes.
         */
        TestNet delayedNoQuickAck() {
            return TestNet.builder().profile(TestNet.exactLinux().toBuilder().set(TcpParameter.LINUX_QUIRKS, false)
                    .set(TcpParameter.TIMESTAMPS, false)
                    .build()).build();
        }

        @Test
        void singleSegment_linuxQuickAckPhase_ackedAtOnce() {
            // Linux tcp_event_data_recv: the first data segments of a connection are ACKed at once (quick ACK)
            TestNet t = TestNet.builder().profile(TestNet.exactLinux()).build();
            App[] e = t.established();
            t.at(ms(100), () -> e[0].socket.send(100));
            t.runUntil(ms(100));
            t.skipSent();
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1101);
        }

        @Test
        void singleSegment_noQuickAck_ackedAfterDelayedAckTimeout() {
            TestNet t = delayedNoQuickAck();
            App[] e = t.established();
            t.at(ms(100), () -> e[0].socket.send(100));
            t.runUntil(ms(100));
            t.skipSent();
            t.expectSentAt(ms(165), t.server, ACK, 5001, 1101);
        }

        @Test
        void twoFullSegments_ackedAtOnce() {
            // RFC 5681 4.2: an ACK at least for every second full-sized segment
            TestNet t = delayedNoQuickAck();
            App[] e = t.established();
            t.at(ms(100), () -> e[0].socket.send(2L * MSS));
            t.runUntil(ms(100));
            t.skipSent();
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1001 + 2 * MSS);
            t.expectNothingSentUntil(t.server, ms(300));
        }

        @Test
        void responseWithinDelay_ackPiggybacked() {
            TestNet t = delayedNoQuickAck();
            TestNet.Server srv = t.listen();
            srv.setup = a -> a.whenData = (sock, n) -> sock.send(200);
            App c = t.connect();
            t.at(ms(100), () -> c.socket.send(100));
            t.runUntil(ms(100));
            t.skipSent();
            t.expectSentAt(ms(125), t.server, ACK, 5001, 1101, 200);
            t.expectNothingSentUntil(t.server, ms(500));
            assertEquals(200, c.received);
        }
    }

    @Nested
    class UserCalls {
        @Test
        void closeWithUnsentData_finAfterLastByte_finWait1AtOnce() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.at(ms(100), () -> {
                e[0].socket.send(30_000);
                e[0].socket.close();
            });
            t.runUntil(ms(100));
            assertEquals(TcpState.FIN_WAIT_1, e[0].socket.state());
            t.runUntil(s(10));
            assertEquals(30_000, e[1].received);
            TestNet.Recorder.Sent fin = t.rec.sentBy("client").stream().filter(x -> x.seg().isFin()).findFirst()
                    .orElseThrow();
            assertEquals(1001 + 30_000, fin.seg().seq() + fin.seg().payloadLength());
            assertTrue(e[1].peerClosedAt > 0);
            assertEquals(30_000, e[1].receivedAtPeerClosed, "all data before the FIN");
        }

        @Test
        void sendAfterClose_ignored() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.at(ms(100), () -> {
                e[0].socket.close();
                e[0].socket.send(500);
            });
            t.runUntil(s(5));
            assertEquals(0, e[1].received);
            assertFalse(t.rec.sentBy("client").stream().anyMatch(x -> x.seg().payloadLength() > 0), t.trace());
        }

        @Test
        void abortWithQueuedData_rstAtSndNxt() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.at(ms(100), () -> {
                e[0].socket.send(100L * MSS);
                e[0].socket.abort();
            });
            t.runUntil(ms(100));
            List<TestNet.Recorder.Sent> out = t.rec.sentBy("client");
            TestNet.Recorder.Sent rst = out.get(out.size() - 1);
            assertTrue(rst.seg().isRst(), t.trace());
            long dataSent = out.stream().mapToLong(x -> x.seg().payloadLength()).sum();
            assertEquals(1001 + (int) dataSent, rst.seg().seq(), "RST at SND.NXT\n" + t.trace());
            t.runUntil(ms(200));
            assertEquals(CloseReason.RESET, e[1].reason);
            assertEquals(CloseReason.ABORTED, e[0].reason);
        }

        @Test
        void allDataAcked_reportedWhenBufferDrains() {
            TestNet t = TestNet.standard();
            App[] e = t.established();
            t.at(ms(100), () -> e[0].socket.send(100));
            t.at(ms(110), () -> e[0].socket.send(100));
            t.runUntil(s(1));
            // 160 ms when the second SEND goes out at once, 200 ms when Nagle holds it until the first is ACKed
            assertEquals(1, e[0].events.stream().filter(x -> x.startsWith("allAcked")).count(), t.trace());
            assertTrue(e[0].allAckedAt == ms(160) || e[0].allAckedAt == ms(200), t.trace());
        }
    }
}
