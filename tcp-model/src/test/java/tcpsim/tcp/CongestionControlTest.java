package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CongestionControlTest {
    static final int MSS = 1000;

    @Test
    void initialWindowAndSlowStart() {
        CongestionControl cc = new CongestionControl(MSS, 10, 3, 0);
        assertEquals(10_000, cc.cwnd);
        cc.onNewAck(2 * MSS, 2001);
        assertEquals(12_000, cc.cwnd);
        cc.onNewAck(5 * MSS, 7001); // byte counting limited to 2 SMSS per ACK
        assertEquals(14_000, cc.cwnd);
    }

    @Test
    void congestionAvoidanceAddsAboutOneMssPerWindow() {
        CongestionControl cc = new CongestionControl(MSS, 10, 3, 0);
        cc.ssthresh = 10_000;
        for (int i = 0; i < 10; i++) {
            cc.onNewAck(MSS, 1 + (i + 1) * MSS);
        }
        assertTrue(cc.cwnd >= 10_900 && cc.cwnd <= 11_000, "cwnd " + cc.cwnd);
    }

    @Test
    void threeDupAcksEnterFastRecoveryPartialAndFullAck() {
        CongestionControl cc = new CongestionControl(MSS, 10, 3, 0);
        int una = 1;
        assertFalse(cc.onDupAck(una, 10_000, 10_001));
        assertFalse(cc.onDupAck(una, 10_000, 10_001));
        assertTrue(cc.onDupAck(una, 10_000, 10_001));
        assertEquals(5_000, cc.ssthresh);
        assertEquals(8_000, cc.cwnd);
        assertTrue(cc.inRecovery);
        assertFalse(cc.onDupAck(una, 10_000, 10_001));
        assertEquals(9_000, cc.cwnd);
        assertTrue(cc.onNewAck(2_000, 2_001)); // partial: deflate by 2000, add back 1 MSS
        assertEquals(8_000, cc.cwnd);
        assertFalse(cc.onNewAck(8_000, 10_001)); // full
        assertFalse(cc.inRecovery);
        assertEquals(5_000, cc.cwnd);
    }

    @Test
    void dupThreshTwoEntersFastRecoveryOnTheSecondAndInflatesByTwoSegments() {
        CongestionControl cc = new CongestionControl(MSS, 10, 2, 0);
        assertFalse(cc.onDupAck(1, 10_000, 10_001));
        assertTrue(cc.onDupAck(1, 10_000, 10_001));
        assertEquals(5_000, cc.ssthresh);
        assertEquals(7_000, cc.cwnd);
        assertTrue(cc.inRecovery);
    }

    @Test
    void timeoutCollapsesTheWindowAndBlocksFastRetransmitOfOldData() {
        CongestionControl cc = new CongestionControl(MSS, 10, 3, 0);
        cc.onTimeout(10_000, 10_001);
        assertEquals(MSS, cc.cwnd);
        assertEquals(5_000, cc.ssthresh);
        cc.onDupAck(1, 10_000, 10_001);
        cc.onDupAck(1, 10_000, 10_001);
        assertFalse(cc.onDupAck(1, 10_000, 10_001)); // ack 1 does not cover "recover" (RFC 6582 4.1)
    }

    @Test
    void onlyTheFirstPartialAckRestartsTheTimer() {
        CongestionControl cc = new CongestionControl(MSS, 10, 3, 0);
        assertTrue(cc.restartTimerOnAck());
        cc.onDupAck(1, 10_000, 10_001);
        cc.onDupAck(1, 10_000, 10_001);
        cc.onDupAck(1, 10_000, 10_001);
        assertTrue(cc.onNewAck(1_000, 1_001));
        assertTrue(cc.restartTimerOnAck());
        assertTrue(cc.onNewAck(1_000, 2_001));
        assertFalse(cc.restartTimerOnAck());
        cc.onNewAck(8_000, 10_001);
        assertTrue(cc.restartTimerOnAck());
    }
}
