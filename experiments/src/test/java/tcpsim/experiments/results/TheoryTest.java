package tcpsim.experiments.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TheoryTest {

    static final double[] LINUX_SYN = {0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67};
    static final double LINUX_SYN_GIVE_UP = 131;
    static final double[] LINUX_SYNACK = {0, 1, 3, 7, 15, 31};
    static final double LINUX_SYNACK_GIVE_UP = 63;
    static final double EPS = 1e-12;

    @Nested
    class ExpectedSetupTime {

        @Test
        void noLossIsOneRtt() {
            assertEquals(0.1, Theory.expectedSetupTime(LINUX_SYN, LINUX_SYNACK, 0.1, 0, 0), EPS);
            assertEquals(0.05, Theory.expectedSetupTime(LINUX_SYN, LINUX_SYN_GIVE_UP, LINUX_SYNACK,
                    LINUX_SYNACK_GIVE_UP, 0.05, 0, 0), EPS);
            assertEquals(1.0, Theory.setupSuccessProbability(LINUX_SYN, LINUX_SYNACK, 0.1, 0, 0), EPS);
        }

        @Test
        void synLossOnlyTwoSyns() {
            // X = 0 w.p. 1-p, X = 1 w.p. p(1-p): E[X | success] = p / (1 + p)
            double p = 0.3;
            assertEquals(0.2 + p / (1 + p), Theory.expectedSetupTime(new double[] {0, 1}, new double[] {0},
                    0.2, p, 0), EPS);
            assertEquals(1 - p * p, Theory.setupSuccessProbability(new double[] {0, 1}, new double[] {0}, 0.2,
                    p, 0), EPS);
        }

        @Test
        void synAckLossOnlyServerScheduleAlone() {
            double q = 0.4;
            double mean = (q * (1 - q) * 1 + q * q * (1 - q) * 3) / (1 - q * q * q);
            assertEquals(0.1 + mean, Theory.expectedSetupTime(new double[] {0}, new double[] {0, 1, 3}, 0.1, 0, q),
                    EPS);
        }

        @Test
        void retransmittedSynsTriggerImmediateSynAcks() {
            // chances at 0 (scheduled), 1 and 2 (retransmitted SYNs), 3 (scheduled), each failing w.p. p
            double p = 0.25;
            double mean = (1 - p) * (p + 2 * p * p + 3 * p * p * p) / (1 - Math.pow(p, 4));
            assertEquals(0.01 + mean, Theory.expectedSetupTime(new double[] {0, 1, 2}, new double[] {0, 3}, 0.01,
                    0, p), EPS);
        }

        @Test
        void timerAndRetransmittedSynAtTheSameInstantAreTwoChances() {
            double p = 0.5;
            double mean = p * (1 + p) / (1 + p + p * p);
            assertEquals(mean, Theory.expectedSetupTime(new double[] {0, 1}, new double[] {0, 1}, 0, 0, p), EPS);
            assertEquals(1 - p * p * p, Theory.setupSuccessProbability(new double[] {0, 1}, new double[] {0, 1},
                    0, 0, p), EPS);
        }

        @Test
        void synAfterServerGaveUpStartsAFreshRequest() {
            double p = 0.3;
            double[] s = {0, 10};
            double[] a = {0, 4};
            // server drops the request 5 s after the SYN: request 1 = {0, 4}; the SYN at 10 opens request 2 = {10, 14}
            double withGiveUp = (1 - p) * (4 * p + 10 * p * p + 14 * p * p * p) / (1 - Math.pow(p, 4));
            assertEquals(withGiveUp, Theory.expectedSetupTime(s, Double.POSITIVE_INFINITY, a, 5, 0, 0, p), EPS);
            // never gives up: chances 0, 4 and 10 (the retransmitted SYN)
            double without = (1 - p) * (4 * p + 10 * p * p) / (1 - p * p * p);
            assertEquals(without, Theory.expectedSetupTime(s, a, 0, 0, p), EPS);
            // a SYN arriving while the request is alive is answered at once, the late schedule entry is cut
            double alive = p * (1 - p) * 10 / (1 - p * p);
            assertEquals(alive, Theory.expectedSetupTime(s, Double.POSITIVE_INFINITY, new double[] {0, 20}, 15, 0, 0,
                    p), EPS);
        }

        @Test
        void clientGiveUpCutsLateSynAcks() {
            double p = 0.2;
            // the SYN-ACK for the second SYN would arrive at 1.5 >= 1.2: only the first SYN can succeed
            assertEquals(0.5, Theory.expectedSetupTime(new double[] {0, 1}, 1.2, new double[] {0},
                    Double.POSITIVE_INFINITY, 0.5, p, 0), EPS);
            assertEquals(1 - p, Theory.setupSuccessProbability(new double[] {0, 1}, 1.2, new double[] {0},
                    Double.POSITIVE_INFINITY, 0.5, p, 0), EPS);
        }

        @Test
        void bothDirectionsLossyByHand() {
            double p = 0.3;
            double q = 0.2;
            double later = p + (1 - p) * q;
            // first SYN arrives (1-p): chances 0 (q) and 1 (later); only the second arrives p(1-p): chance 1 (q)
            double mass = (1 - p) * ((1 - q) + q * (1 - later)) + p * (1 - p) * (1 - q);
            double sum = (1 - p) * q * (1 - later) * 1 + p * (1 - p) * (1 - q) * 1;
            assertEquals(0.1 + sum / mass, Theory.expectedSetupTime(new double[] {0, 1}, new double[] {0}, 0.1, p, q),
                    EPS);
            assertEquals(mass, Theory.setupSuccessProbability(new double[] {0, 1}, new double[] {0}, 0.1, p, q), EPS);
        }

        @Test
        void impossibleSuccessIsNaN() {
            assertTrue(Double.isNaN(Theory.expectedSetupTime(LINUX_SYN, LINUX_SYNACK, 0.1, 1, 0)));
            assertTrue(Double.isNaN(Theory.expectedSetupTime(LINUX_SYN, LINUX_SYNACK, 0.1, 0, 1)));
        }

        @Test
        void badInputIsRejected() {
            assertThrows(IllegalArgumentException.class,
                    () -> Theory.expectedSetupTime(new double[] {}, LINUX_SYNACK, 0.1, 0, 0));
            assertThrows(IllegalArgumentException.class,
                    () -> Theory.expectedSetupTime(new double[] {1, 0}, LINUX_SYNACK, 0.1, 0, 0));
            assertThrows(IllegalArgumentException.class,
                    () -> Theory.expectedSetupTime(LINUX_SYN, LINUX_SYNACK, 0.1, 1.5, 0));
            assertThrows(IllegalArgumentException.class,
                    () -> Theory.expectedSetupTime(LINUX_SYN, LINUX_SYNACK, -1, 0, 0));
        }

        @Test
        void agreesWithMonteCarloLinuxModerateLoss() {
            checkMonteCarlo(LINUX_SYN, Double.POSITIVE_INFINITY, LINUX_SYNACK, Double.POSITIVE_INFINITY, 0.1, 0.3,
                    0.2, 200_000, 1);
        }

        @Test
        void agreesWithMonteCarloLinuxHeavyLossWithGiveUps() {
            // heavy loss: failures, give-ups and fresh requests after the server dropped the first one
            checkMonteCarlo(LINUX_SYN, LINUX_SYN_GIVE_UP, LINUX_SYNACK, LINUX_SYNACK_GIVE_UP, 0.6, 0.7, 0.6,
                    200_000, 2);
        }

        @Test
        void agreesWithMonteCarloLongRttOverlappingRetransmissions() {
            checkMonteCarlo(LINUX_SYN, LINUX_SYN_GIVE_UP, LINUX_SYNACK, 10, 2.5, 0.4, 0.5, 200_000, 3);
        }

        @Test
        void equalsExhaustiveEnumerationOfEveryLossPattern() {
            // every sequence of loss decisions of the event-driven model, weighted by its probability
            double[][] synSchedules = {{0, 1, 3}, {0, 1, 2, 3, 5}, {0, 0.5, 1}};
            double[][] synAckSchedules = {{0, 2}, {0, 1, 3}, {0, 1}};
            double[] giveUps = {Double.POSITIVE_INFINITY, 2.5, 1};
            double[] clientGiveUps = {Double.POSITIVE_INFINITY, 10, 4.2};
            for (int c = 0; c < synSchedules.length; c++) {
                for (double h : giveUps) {
                    for (double rtt : new double[] {0.1, 0.8, 2}) {
                        double[] s = synSchedules[c];
                        double[] a = synAckSchedules[c];
                        double g = clientGiveUps[c];
                        double[] exhaustive = enumerate(s, g, a, h, rtt, 0.3, 0.45);
                        String what = "case " + c + " h=" + h + " rtt=" + rtt;
                        assertEquals(exhaustive[0], Theory.setupSuccessProbability(s, g, a, h, rtt, 0.3, 0.45), 1e-12,
                                what);
                        assertEquals(exhaustive[1] / exhaustive[0], Theory.expectedSetupTime(s, g, a, h, rtt, 0.3,
                                0.45), 1e-12, what);
                    }
                }
            }
        }

        /** {P(success), E[T; success]} by depth-first enumeration of the coin decisions. */
        private double[] enumerate(double[] s, double g, double[] a, double h, double rtt, double pUp,
                                   double pDown) {
            java.util.List<Boolean> path = new java.util.ArrayList<>();
            double success = 0;
            double sum = 0;
            double total = 0;
            int paths = 0;
            while (true) {
                int[] depth = {0};
                double[] weight = {1};
                double t = simulateHandshake(s, g, a, h, rtt, pUp, pDown, p -> {
                    if (depth[0] == path.size()) {
                        path.add(false);
                    }
                    boolean lost = path.get(depth[0]++);
                    weight[0] *= lost ? p : 1 - p;
                    return lost;
                });
                while (path.size() > depth[0]) {
                    path.remove(path.size() - 1);
                }
                total += weight[0];
                paths++;
                if (!Double.isNaN(t)) {
                    success += weight[0];
                    sum += weight[0] * t;
                }
                // next path: flip the deepest "not lost" to "lost" and drop what follows it
                int i = path.size() - 1;
                while (i >= 0 && path.get(i)) {
                    path.remove(i--);
                }
                if (i < 0) {
                    assertEquals(1.0, total, 1e-12, "the paths cover every outcome");
                    assertTrue(paths > 10, "paths: " + paths);
                    return new double[] {success, sum};
                }
                path.set(i, true);
            }
        }

        private void checkMonteCarlo(double[] s, double g, double[] a, double h, double rtt, double pUp,
                                     double pDown, int trials, long seed) {
            Random random = new Random(seed);
            long successes = 0;
            double sum = 0;
            double sumSq = 0;
            for (int t = 0; t < trials; t++) {
                double time = simulateHandshake(s, g, a, h, rtt, pUp, pDown, random);
                if (!Double.isNaN(time)) {
                    successes++;
                    sum += time;
                    sumSq += time * time;
                }
            }
            double mean = sum / successes;
            double variance = (sumSq - successes * mean * mean) / (successes - 1);
            double standardError = Math.sqrt(variance / successes);
            double expected = Theory.expectedSetupTime(s, g, a, h, rtt, pUp, pDown);
            assertEquals(expected, mean, 4 * standardError,
                    "Monte Carlo mean " + mean + " +- " + standardError + " vs exact " + expected);
            double pHat = (double) successes / trials;
            double pExpected = Theory.setupSuccessProbability(s, g, a, h, rtt, pUp, pDown);
            double pError = Math.sqrt(pExpected * (1 - pExpected) / trials);
            assertEquals(pExpected, pHat, 4 * pError + 1e-12);
        }
    }

    /**
     * A small event-driven simulation of the handshake model, independent of the closed form: returns the
     * client setup time, or NaN when the client gives up.
     */
    static double simulateHandshake(double[] s, double g, double[] a, double h, double rtt, double pUp,
                                    double pDown, Random random) {
        return simulateHandshake(s, g, a, h, rtt, pUp, pDown, p -> random.nextDouble() < p);
    }

    /** Decides whether a segment is lost, given its loss probability. */
    interface Coin {
        boolean lost(double p);
    }

    static double simulateHandshake(double[] s, double g, double[] a, double h, double rtt, double pUp,
                                    double pDown, Coin coin) {
        final int giveUp = 0;  // client give-up (before a SYN-ACK arriving at the same instant: strict < G)
        final int drop = 1;    // server drops its request (before a SYN arriving at the same instant)
        final int synAckArrives = 2;
        final int synArrives = 3;
        final int timer = 4;
        final int clientSends = 5;
        record Ev(double time, int kind, long seq, int arg, long request) {}
        PriorityQueue<Ev> queue = new PriorityQueue<>((x, y) -> x.time != y.time ? Double.compare(x.time, y.time)
                : x.kind != y.kind ? Integer.compare(x.kind, y.kind) : Long.compare(x.seq, y.seq));
        long[] seq = {0};
        double oneWay = rtt / 2;
        java.util.function.BiConsumer<Double, Integer> push0 = (time, kind) -> queue.add(
                new Ev(time, kind, seq[0]++, 0, 0));
        for (int i = 0; i < s.length; i++) {
            queue.add(new Ev(s[i], clientSends, seq[0]++, i, 0));
        }
        if (!Double.isInfinite(g)) {
            push0.accept(g, giveUp);
        }
        long request = 0; // current request id at the server, 0 = none
        long requests = 0;
        while (!queue.isEmpty()) {
            Ev e = queue.poll();
            switch (e.kind) {
                case giveUp:
                    return Double.NaN;
                case clientSends:
                    if (!coin.lost(pUp)) {
                        push0.accept(e.time + oneWay, synArrives);
                    }
                    break;
                case synArrives:
                    if (!coin.lost(pDown)) {
                        push0.accept(e.time + oneWay, synAckArrives);
                    }
                    if (request == 0) {
                        request = ++requests;
                        for (int k = 1; k < a.length; k++) {
                            if (a[k] < h) {
                                queue.add(new Ev(e.time + a[k], timer, seq[0]++, k, request));
                            }
                        }
                        if (!Double.isInfinite(h)) {
                            queue.add(new Ev(e.time + h, drop, seq[0]++, 0, request));
                        }
                    }
                    break;
                case timer:
                    if (e.request == request && !coin.lost(pDown)) {
                        push0.accept(e.time + oneWay, synAckArrives);
                    }
                    break;
                case drop:
                    if (e.request == request) {
                        request = 0;
                    }
                    break;
                case synAckArrives:
                    return e.time;
                default:
                    throw new AssertionError(e.kind);
            }
        }
        return Double.NaN;
    }

    @Nested
    class Cardwell {

        @Test
        void noLossIsOneRtt() {
            assertEquals(0.07, Theory.cardwellHandshake(0.07, 0, 0, 3, -1), EPS);
            assertEquals(0.07, Theory.cardwellHandshake(0.07, 0, 0, 3, 6), EPS);
        }

        @Test
        void equationFourAsPublished() {
            // RTT + Ts ((1-pr)/(1-2pr) + (1-pf)/(1-2pf) - 2) = 0.1 + 3 (0.9/0.8 + 0.9/0.8 - 2) = 0.85
            assertEquals(0.85, Theory.cardwellHandshake(0.1, 0.1, 0.1, 3, -1), EPS);
            // asymmetric: 0.2 + 1 * ((1-0.2)/(1-0.4) + 1 - 2) = 0.2 + 1/3
            assertEquals(0.2 + 1.0 / 3, Theory.cardwellHandshake(0.2, 0, 0.2, 1, -1), EPS);
            assertEquals(Double.POSITIVE_INFINITY, Theory.cardwellHandshake(0.1, 0.5, 0, 3, -1));
        }

        @Test
        void manyRetriesConvergeToEquationFour() {
            assertEquals(Theory.cardwellHandshake(0.1, 0.2, 0.15, 3, -1),
                    Theory.cardwellHandshake(0.1, 0.2, 0.15, 3, 80), 1e-9);
        }

        @Test
        void finiteRetriesByHand() {
            // one retry, forward only: cost T w.p. p(1-p), normalised by 1 - p^2
            double p = 0.3;
            assertEquals(0.1 + 2 * p / (1 + p), Theory.cardwellHandshake(0.1, p, 0, 2, 1), EPS);
        }

        @Test
        void equalsExactScheduleSumWhenOnlySynsAreLost() {
            // doubling SYN schedule 0, T, 3T, 7T, ... : the exact sum is the truncated Cardwell forward term
            double t0 = 1;
            int retries = 6;
            double[] doubling = doubling(t0, retries + 1);
            for (double p : new double[] {0.01, 0.1, 0.3, 0.6}) {
                assertEquals(Theory.cardwellHandshake(0.05, p, 0, t0, retries),
                        Theory.expectedSetupTime(doubling, doubling, 0.05, p, 0), 1e-12);
            }
        }

        @Test
        void agreesWithExactScheduleSumForSmallLoss() {
            // with loss both ways the exact model also counts the SYN-ACKs that retransmitted SYNs trigger,
            // which Cardwell et al. ignore: the extra delay over one RTT agrees to first order in p
            double t0 = 3;
            double rtt = 0.1;
            double[] doubling = doubling(t0, 7);
            for (double p : new double[] {1e-4, 1e-3, 1e-2}) {
                double cardwell = Theory.cardwellHandshake(rtt, p, p, t0, 6) - rtt;
                double exact = Theory.expectedSetupTime(doubling, doubling, rtt, p, p) - rtt;
                assertEquals(cardwell, exact, 4 * p * cardwell, "p = " + p);
            }
        }

        private double[] doubling(double t0, int n) {
            double[] times = new double[n];
            for (int i = 1; i < n; i++) {
                times[i] = 2 * times[i - 1] + t0;
            }
            return times;
        }
    }

    @Test
    void nanosecondsToSeconds() {
        double[] s = Theory.seconds(0L, 1_000_000_000L, 67_000_000_000L, 25_000_000L);
        assertEquals(4, s.length);
        assertEquals(1.0, s[1], 0);
        assertEquals(67.0, s[2], 0);
        assertEquals(0.025, s[3], 1e-15);
    }

    @Test
    void littlesLaw() {
        assertEquals(600.0, Theory.littlesLaw(10, 60), EPS);
        assertEquals(0.0, Theory.littlesLaw(0, 60), EPS);
        assertThrows(IllegalArgumentException.class, () -> Theory.littlesLaw(-1, 60));
    }

    /** max-tw-buckets: Little's law capped per host, min(rate_h W, buckets), summed over the hosts. */
    @Nested
    class TimeWaitLevel {
        @Test
        void unlimitedOrBelowTheCap_isLittlesLawOfTheTotalRate_bitForBit() {
            double total = 0.1 + 0.2; // 0.30000000000000004: the total, not the sum of the hosts, is multiplied
            double[] hosts = {0.1, 0.2};
            assertEquals(Theory.littlesLaw(total, 61.024), Theory.timeWaitLevel(total, hosts, 61.024, 0), 0);
            assertEquals(Theory.littlesLaw(total, 61.024), Theory.timeWaitLevel(total, hosts, 61.024, 131072), 0);
        }

        @Test
        void eachHostIsCappedAtItsBuckets() {
            // 10/s x 1 s = 10 wanted on one host, 3 buckets: 3
            assertEquals(3.0, Theory.timeWaitLevel(10, new double[] {10}, 1, 3), 0);
            // two hosts at 10/s and 2/s, 60 s, 300 buckets: 600 capped at 300, 120 free: 420, not min(720, 600)
            assertEquals(420.0, Theory.timeWaitLevel(12, new double[] {10, 2}, 60, 300), 0);
            // exactly at the cap: not capped, Little's law itself
            assertEquals(300.0, Theory.timeWaitLevel(5, new double[] {5}, 60, 300), 0);
            assertThrows(IllegalArgumentException.class, () -> Theory.timeWaitLevel(1, new double[] {1}, 1, -1));
        }
    }

    /**
     * syncookies: a cookie SYN-ACK is never resent, so a SYN answered by a cookie has the one-element SYN-ACK schedule
     * {0}. Where SYN-ACKs are never lost the server's schedule never matters: both give the same value, bit for bit
     * (why Summarizer.theorySetup keeps the value there); with SYN-ACK loss they differ, and a point mixes them.
     */
    @Test
    void cookieSchedule_sameAsTheServersWithoutSynAckLoss_differentWithIt() {
        double[] cookie = {0};
        for (double pUp : new double[] {0, 0.1, 0.4}) {
            assertEquals(Theory.expectedSetupTime(LINUX_SYN, LINUX_SYN_GIVE_UP, LINUX_SYNACK, LINUX_SYNACK_GIVE_UP,
                    0.05, pUp, 0), Theory.expectedSetupTime(LINUX_SYN, LINUX_SYN_GIVE_UP, cookie,
                    Double.POSITIVE_INFINITY, 0.05, pUp, 0), 0);
        }
        // SYN-ACK loss 0.1, no SYN loss: with cookies every SYN gets one SYN-ACK, so the k-th SYN is the first to
        // get through with probability 0.9 x 0.1^k; the server's schedule adds its own retransmissions (at 1, 3 ..
        // s) to the SYNs' (at 1, 2 .. s), which only helps
        double withCookies = Theory.expectedSetupTime(LINUX_SYN, LINUX_SYN_GIVE_UP, cookie, Double.POSITIVE_INFINITY,
                0.05, 0, 0.1);
        double byHand = 0;
        double norm = 0;
        for (int k = 0; k < LINUX_SYN.length; k++) {
            double w = 0.9 * Math.pow(0.1, k);
            byHand += w * (0.05 + LINUX_SYN[k]);
            norm += w;
        }
        assertEquals(byHand / norm, withCookies, EPS);
        assertTrue(Theory.expectedSetupTime(LINUX_SYN, LINUX_SYN_GIVE_UP, LINUX_SYNACK, LINUX_SYNACK_GIVE_UP, 0.05, 0,
                0.1) < withCookies);
    }

    /** Issue 10, timer-hz: Linux's jiffies and timer wheel; the numbers are worked by hand in the comments. */
    @Nested
    class TimerWheel {
        /** Linux's SYN timeouts: 1 s five times (linear), then 2, 4 ... 64 s, the last the give-up wait. */
        final double[] synTimeouts = Theory.timeouts(LINUX_SYN, LINUX_SYN_GIVE_UP - 67);

        @Test
        void timeoutsInWholeJiffies_roundedUp() {
            assertEquals(250, Theory.jiffies(1, 250));
            assertEquals(10, Theory.jiffies(0.04, 250)); // 0.04 * 250 is 10.000000000000002 in doubles
            assertEquals(11, Theory.jiffies(0.0401, 250));
            assertEquals(40, Theory.jiffies(0.04, 1000));
        }

        @Test
        void granularity_8PowLevel_fromLvlStart() {
            assertEquals(1, Theory.wheelGranularity(62, 250));
            assertEquals(8, Theory.wheelGranularity(63, 250)); // LVL_START(1) = 63
            assertEquals(8, Theory.wheelGranularity(503, 250));
            assertEquals(64, Theory.wheelGranularity(504, 250)); // LVL_START(2) = 504
            assertEquals(512, Theory.wheelGranularity(15_000, 250)); // TIME_WAIT at 250 Hz: level 3
            assertEquals(4096, Theory.wheelGranularity(60_000, 1000)); // at 1000 Hz: level 4
            assertEquals(1L << 24, Theory.wheelGranularity(Long.MAX_VALUE, 250)); // level 8, the last above 100 Hz
            assertEquals(1L << 21, Theory.wheelGranularity(Long.MAX_VALUE, 100)); // level 7 at 100 Hz
        }

        @Test
        void expiry_roundsUpPastTheJiffy_theClockAheadAtABoundary() {
            assertEquals(256, Theory.wheelExpiry(0, 250, false, 250)); // 250 -> next multiple of 8
            assertEquals(512, Theory.wheelExpiry(256, 250, true, 250)); // re-armed by its expiry: 1.024 s again
            assertEquals(72, Theory.wheelExpiry(1, 63, false, 250)); // distance 63: level 1
            assertEquals(65, Theory.wheelExpiry(1, 63, true, 250)); // clock ahead: distance 62, level 0, e + 1
            assertEquals(11, Theory.wheelExpiry(0, 10, false, 250)); // the delayed ACK's 10 jiffies: 44 ms
        }

        @Test
        void meanLifetime_timeWait60s_61024msAt250Hz_62048msAt1000Hz() {
            assertEquals(61.024, Theory.meanTimerLifetime(60, 250), EPS); // (15000 + 512 / 2) / 250
            assertEquals(62.048, Theory.meanTimerLifetime(60, 1000), EPS); // (60000 + 4096 / 2) / 1000
            assertEquals(60.0, Theory.meanTimerLifetime(60, 0), EPS);
            // the delayed ACK: level 0, one tick after its 10 jiffies less the part of the jiffy gone: 10.5 jiffies
            assertEquals(0.042, Theory.meanTimerLifetime(0.04, 250), EPS);
        }

        @Test
        void littlesLevel_withTheWheelsLifetime_1point7PercentAboveNominal() {
            // 1000 closes/s: 60000 connections by the nominal 60 s, 61024 by the lifetime the wheel gives
            assertEquals(61_024, Theory.littlesLaw(1000, Theory.meanTimerLifetime(60, 250)), 1e-9);
        }

        @Test
        void synSchedule_phase0_asTheSimulationSendsIt() {
            // the same schedule as tcpsim.tcp.TimerHzTest.SynSent (phase 0): the model and the theory agree
            double[] w = Theory.wheelSchedule(synTimeouts, 250, 0, 0);
            double[] want = {0, 1.024, 2.048, 3.072, 4.096, 5.120, 7.136, 11.264, 19.456, 35.584, 69.632, 135.168};
            for (int k = 0; k < want.length; k++) {
                assertEquals(want[k], w[k], 1e-9, "send " + k);
            }
            assertEquals(want.length, w.length);
        }

        @Test
        void synSchedule_meanOverThePhase() {
            double[] m = Theory.meanWheelSchedule(synTimeouts, 250);
            // first timer: 250 jiffies + a mean (8 + 1) / 2 to its bucket - the half jiffy gone: 254 jiffies;
            // re-armed at a bucket (a multiple of 8), each 1 s is 256 jiffies and the 2 s 504 exactly
            assertEquals(1.016, m[1], 1e-9);
            assertEquals(2.040, m[2], 1e-9);
            assertEquals(5.112, m[5], 1e-9);
            assertEquals(7.128, m[6], 1e-9);
            // 4 s = 1000 jiffies at level 2 from j = 8i mod 64, i uniform: 1024 - 8i for i < 3, 1088 - 8i for
            // i >= 3, mean 1036 jiffies
            assertEquals(7.128 + 4.144, m[7], 1e-9);
            assertEquals(Theory.meanTimerLifetime(60, 250), Theory.meanWheelSchedule(new double[] {60}, 250)[1],
                    1e-9);
            assertEquals(68.744, m[10], 1e-9);
            assertEquals(134.28, m[11], 1e-9); // the give-up; the measured kernel gave up after 134 s
        }

        @Test
        void exactScheduleSum_withTheWheelsMeanSchedule() {
            // two SYNs (1 s apart) and a 1 s give-up wait at 250 Hz: sends at 0 and 1.016 s on average, give-up at
            // 2.040 s; half the SYNs lost: E = rtt + 1.016 p / (1 + p)
            double[] m = Theory.meanWheelSchedule(new double[] {1, 1}, 250);
            assertEquals(1.016, m[1], 1e-9);
            assertEquals(2.040, m[2], 1e-9);
            double e = Theory.expectedSetupTime(new double[] {0, m[1]}, m[2], new double[] {0},
                    Double.POSITIVE_INFINITY, 0.05, 0.5, 0);
            assertEquals(0.05 + 1.016 * 0.5 / 1.5, e, 1e-12);
        }

        @Test
        void exactTimers_theScheduleIsTheSumOfTheTimeouts() {
            double[] w = Theory.wheelSchedule(synTimeouts, 0, 0, 0);
            assertEquals(131.0, w[11], EPS);
            assertEquals(67.0, Theory.meanWheelSchedule(synTimeouts, 0)[10], EPS);
            assertThrows(IllegalArgumentException.class, () -> Theory.wheelSchedule(synTimeouts, 250, 0, 1.0));
        }
    }
}
