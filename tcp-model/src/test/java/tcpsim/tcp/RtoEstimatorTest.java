package tcpsim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tcpsim.kernel.Time;

class RtoEstimatorTest {
    @Test
    void initialRtoBeforeAnySample() {
        assertEquals(Time.seconds(1), new RtoEstimator(TcpProfile.rfc9293()).rto());
    }

    @Test
    void firstSampleRfc6298() {
        RtoEstimator e = new RtoEstimator(Time.seconds(1), Time.millis(1), Time.seconds(60), 0);
        e.sample(Time.millis(100));
        assertEquals(Time.millis(100), e.srtt());
        assertEquals(Time.millis(50), e.rttvar());
        assertEquals(Time.millis(300), e.rto()); // SRTT + 4 RTTVAR
    }

    @Test
    void laterSamplesSmooth() {
        RtoEstimator e = new RtoEstimator(Time.seconds(1), Time.millis(1), Time.seconds(60), 0);
        e.sample(Time.millis(100));
        e.sample(Time.millis(200));
        // RTTVAR = 3/4 * 50 + 1/4 * |100 - 200| = 62.5; SRTT = 7/8 * 100 + 1/8 * 200 = 112.5
        assertEquals(62_500_000L, e.rttvar());
        assertEquals(112_500_000L, e.srtt());
        assertEquals(362_500_000L, e.rto());
    }

    @Test
    void rfc9293MinimumIsOneSecond() {
        RtoEstimator e = new RtoEstimator(TcpProfile.rfc9293());
        e.sample(Time.millis(50));
        assertEquals(Time.seconds(1), e.rto());
    }

    @Test
    void linuxKeepsTheVarianceTermAtLeast200ms() {
        RtoEstimator e = new RtoEstimator(TestNet.exactLinux());
        for (int i = 0; i < 50; i++) {
            e.sample(Time.millis(50));
        }
        assertEquals(Time.millis(250), e.rto()); // SRTT 50 ms + 200 ms
        RtoEstimator big = new RtoEstimator(TestNet.exactLinux());
        big.sample(Time.millis(500));
        assertEquals(Time.millis(1500), big.rto()); // 500 + 4 * 250
    }

    @Test
    void backoffDoublesUpToMaxAndSampleEndsIt() {
        RtoEstimator e = new RtoEstimator(Time.seconds(1), Time.millis(200), Time.seconds(3), 0);
        e.backoff();
        assertEquals(Time.seconds(2), e.rto());
        e.backoff();
        assertEquals(Time.seconds(3), e.rto());
        e.sample(Time.millis(100));
        assertEquals(Time.millis(300), e.rto());
    }

    @Test
    void fallbackAfterRetransmittedHandshake() {
        RtoEstimator e = new RtoEstimator(TestNet.exactLinux());
        e.fallback();
        assertEquals(Time.seconds(3), e.rto());
    }
}
