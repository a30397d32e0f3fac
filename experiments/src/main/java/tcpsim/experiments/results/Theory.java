package tcpsim.experiments.results;

import java.util.Arrays;

/**
 * Closed forms drawn beside the simulated measurements: the expected connection setup time under
 * independent loss (exact, for a fixed retransmission schedule), Cardwell, Savage and Anderson's
 * handshake latency for exponential back-off timers, Little's law (capped by max-tw-buckets), and what Linux's
 * jiffies clock and timer wheel make of a timeout ({@code timer-hz}).
 *
 * <p>Everything here works on plain {@code double} seconds and probabilities; it knows nothing of the
 * TCP model, so that it can be checked by hand.
 */
public final class Theory {

    private Theory() {
    }

    // ---------------------------------------------------------------------------------------------
    // Exact expected setup time for a fixed retransmission schedule
    // ---------------------------------------------------------------------------------------------

    /**
     * Expected client setup time (connect to client ESTABLISHED, seconds) for a fixed SYN schedule and a
     * fixed server SYN-ACK schedule, <em>conditional on the connection being established</em>; both
     * sides wait indefinitely after their last transmission (no give-up). Same as
     * {@link #expectedSetupTime(double[], double, double[], double, double, double, double)} with both
     * give-ups infinite; see there for the model.
     *
     * @param synSendTimes    send offsets of every SYN, the first included, in seconds after connect
     *                        (Linux: 0,1,2,3,4,5,7,11,19,35,67)
     * @param synAckSendTimes send offsets of every SYN-ACK, the first included, in seconds after the first
     *                        SYN arrives at the server (Linux: 0,1,3,7,15,31)
     * @param rtt             path round-trip time in seconds (one way = rtt / 2 each direction)
     * @param pUp             probability that a SYN (client to server) is lost, independently
     * @param pDown           probability that a SYN-ACK (server to client) is lost, independently
     * @return the conditional mean setup time given success; NaN when success is impossible
     */
    public static double expectedSetupTime(double[] synSendTimes, double[] synAckSendTimes, double rtt,
                                           double pUp, double pDown) {
        return expectedSetupTime(synSendTimes, Double.POSITIVE_INFINITY, synAckSendTimes,
                Double.POSITIVE_INFINITY, rtt, pUp, pDown);
    }

    /**
     * Exact expected client setup time (connect to client ESTABLISHED, seconds), conditional on success,
     * for fixed retransmission schedules on both sides.
     *
     * <p><b>Model.</b> The client sends SYN number {@code i} at {@code s[i]} after connect (as long as it is
     * still in SYN_SENT) and gives up at {@code synGiveUp}. Each SYN is lost independently with probability
     * {@code pUp}, each SYN-ACK with {@code pDown}; every segment that is not lost takes {@code rtt / 2}.
     * The first SYN that reaches the server creates a request in SYN_RECEIVED: the server sends a SYN-ACK
     * at once and retransmits it at the offsets {@code a[k]} after that arrival (its own schedule,
     * unaffected by anything else), and drops the request {@code synAckGiveUp} after that arrival. Every
     * later SYN that arrives while the request is alive makes the server send one more SYN-ACK at once
     * (Linux {@code tcp_check_req}). A SYN that arrives after the request was dropped creates a new
     * request with a fresh schedule. The client is established when the first SYN-ACK arrives, provided
     * that is strictly before {@code synGiveUp}; otherwise the connection fails. SYNs that the client
     * would send after it is established do not matter: they can only produce later SYN-ACKs.
     *
     * <p><b>Derivation.</b> Measure server times shifted by the one-way delay, so that SYN {@code i}
     * "arrives" at {@code s[i]} and a SYN-ACK "sent" at {@code x} reaches the client at {@code x + rtt}.
     * The setup time is {@code T = rtt + X} where {@code X} is the earliest SYN-ACK that is not lost.
     * Enumerate the index {@code j} of the first SYN that arrives (probability
     * {@code pUp^(j-m) (1 - pUp)} when looking from index {@code m}). Given {@code j}, the request offers
     * independent chances at known times: the scheduled SYN-ACKs at {@code s[j] + a[k]}
     * ({@code a[k] < synAckGiveUp}), each failing with probability {@code pDown}, and one chance at
     * {@code s[i]} for every later SYN {@code i} with {@code s[i] < s[j] + synAckGiveUp}, which fails when
     * the SYN or its SYN-ACK is lost: {@code pUp + (1 - pUp) pDown}. Because these chances are independent,
     * with the chances sorted by time {@code t_1 <= t_2 <= ...} and failure probabilities {@code f_e},
     * {@code P(X = t_e, e is the first success) = f_1 ... f_(e-1) (1 - f_e)}. If every chance of the
     * request fails, the search restarts at the first SYN sent at or after {@code s[j] + synAckGiveUp}
     * (those SYNs have not been used yet, so independence is kept), and all its chances come later in
     * time. Summing gives {@code P(success)} and {@code E[X; success]}, and the result is
     * {@code rtt + E[X; success] / P(success)}. Chances at equal times (a retransmission timer and a
     * retransmitted SYN at the same instant) count as two independent SYN-ACKs.
     *
     * <p>The model ignores serialisation delay and Linux's re-arming of the SYN-ACK timer after a SYN-ACK
     * sent in reply to a retransmitted SYN.
     *
     * @param synSendTimes    SYN send offsets (s, non-decreasing, non-negative)
     * @param synGiveUp       time after connect at which the client fails (s); +infinity for never
     * @param synAckSendTimes SYN-ACK send offsets after the first SYN arrival (s, non-decreasing, non-negative)
     * @param synAckGiveUp    time after the SYN arrival at which the server drops the request (s); +infinity
     *                        for never
     * @param rtt             round-trip time (s)
     * @param pUp             SYN loss probability
     * @param pDown           SYN-ACK loss probability
     * @return the expected setup time given success (s); NaN when success is impossible
     */
    public static double expectedSetupTime(double[] synSendTimes, double synGiveUp, double[] synAckSendTimes,
                                           double synAckGiveUp, double rtt, double pUp, double pDown) {
        double[] r = setup(synSendTimes, synGiveUp, synAckSendTimes, synAckGiveUp, rtt, pUp, pDown);
        return r[0] > 0 ? rtt + r[1] / r[0] : Double.NaN;
    }

    /**
     * Probability that the handshake succeeds under the model of
     * {@link #expectedSetupTime(double[], double, double[], double, double, double, double)}.
     */
    public static double setupSuccessProbability(double[] synSendTimes, double synGiveUp,
                                                 double[] synAckSendTimes, double synAckGiveUp, double rtt,
                                                 double pUp, double pDown) {
        return setup(synSendTimes, synGiveUp, synAckSendTimes, synAckGiveUp, rtt, pUp, pDown)[0];
    }

    /** Probability of success with no give-up on either side (see the five-argument expectedSetupTime). */
    public static double setupSuccessProbability(double[] synSendTimes, double[] synAckSendTimes, double rtt,
                                                 double pUp, double pDown) {
        return setupSuccessProbability(synSendTimes, Double.POSITIVE_INFINITY, synAckSendTimes,
                Double.POSITIVE_INFINITY, rtt, pUp, pDown);
    }

    /** Returns {P(success), E[X; success]} where X = time of the first SYN-ACK that is not lost. */
    private static double[] setup(double[] s, double synGiveUp, double[] a, double synAckGiveUp, double rtt,
                                  double pUp, double pDown) {
        checkSchedule("synSendTimes", s);
        checkSchedule("synAckSendTimes", a);
        checkProbability("pUp", pUp);
        checkProbability("pDown", pDown);
        if (!(rtt >= 0) || Double.isInfinite(rtt)) {
            throw new IllegalArgumentException("rtt must be finite and >= 0, got " + rtt);
        }
        if (!(synGiveUp > 0)) {
            throw new IllegalArgumentException("synGiveUp must be > 0, got " + synGiveUp);
        }
        if (!(synAckGiveUp > 0)) {
            throw new IllegalArgumentException("synAckGiveUp must be > 0, got " + synAckGiveUp);
        }
        int n = s.length;
        // SYNs the client would only send at or after its give-up never happen.
        while (n > 0 && s[n - 1] >= synGiveUp) {
            n--;
        }
        double laterFail = pUp + (1 - pUp) * pDown;
        // prob[m], mean[m]: P(success) and E[X; success] when looking for the first arriving SYN from index m.
        double[] prob = new double[n + 1];
        double[] mean = new double[n + 1];
        for (int m = n - 1; m >= 0; m--) {
            double p = 0;
            double e = 0;
            double reach = 1; // P(SYNs m..j-1 all lost)
            for (int j = m; j < n && reach > 0; j++) {
                double weight = reach * (1 - pUp);
                if (weight > 0) {
                    double end = s[j] + synAckGiveUp; // request alive on [s[j], end)
                    int next = j + 1;
                    while (next < n && s[next] < end) {
                        next++;
                    }
                    int scheduled = 0;
                    while (scheduled < a.length && a[scheduled] < synAckGiveUp) {
                        scheduled++;
                    }
                    int later = next - j - 1;
                    double[] times = new double[scheduled + later];
                    double[] fails = new double[scheduled + later];
                    for (int k = 0; k < scheduled; k++) {
                        times[k] = s[j] + a[k];
                        fails[k] = pDown;
                    }
                    for (int i = 0; i < later; i++) {
                        times[scheduled + i] = s[j + 1 + i];
                        fails[scheduled + i] = laterFail;
                    }
                    Integer[] order = new Integer[times.length];
                    for (int k = 0; k < order.length; k++) {
                        order[k] = k;
                    }
                    Arrays.sort(order, (x, y) -> Double.compare(times[x], times[y]));
                    double survive = 1; // P(all earlier chances of this request failed)
                    for (int k : order) {
                        double t = times[k];
                        double success = survive * (1 - fails[k]);
                        if (rtt + t < synGiveUp) {
                            p += weight * success;
                            e += weight * success * t;
                        }
                        survive *= fails[k];
                    }
                    if (next < n && survive > 0) {
                        p += weight * survive * prob[next];
                        e += weight * survive * mean[next];
                    }
                }
                reach *= pUp;
            }
            prob[m] = p;
            mean[m] = e;
        }
        return new double[] {prob[0], mean[0]};
    }

    // ---------------------------------------------------------------------------------------------
    // Cardwell, Savage and Anderson 2000
    // ---------------------------------------------------------------------------------------------

    /**
     * Expected handshake latency (s) after N. Cardwell, S. Savage and T. Anderson, "Modeling TCP Latency",
     * Proc. IEEE INFOCOM 2000, pp. 1742-1751, doi:10.1109/INFCOM.2000.832574, equation (4):
     *
     * <pre>
     *   E[T_h] = RTT + T_s * ( (1 - p_r) / (1 - 2 p_r) + (1 - p_f) / (1 - 2 p_f) - 2 )
     * </pre>
     *
     * where {@code p_f} is the loss rate in the forward (SYN) direction, {@code p_r} in the reverse
     * (SYN-ACK) direction and {@code T_s} the initial SYN timeout, doubled after each timeout. The model
     * behind it: the SYN is lost {@code i} times in a row with probability {@code p_f^i (1 - p_f)} and then
     * costs {@code (2^i - 1) T_s} of timeouts; the SYN-ACK independently likewise with {@code p_r}.
     *
     * <p>With {@code maxRetries < 0} this returns equation (4) exactly as published (unlimited retries); it
     * is finite only for {@code p_f, p_r < 1/2} and +infinity otherwise (the expectation diverges). With
     * {@code maxRetries >= 0} each direction makes at most {@code maxRetries + 1} attempts and the result is
     * the same model conditional on success, term by term
     * {@code T_s * sum_{i=0..R} p^i (1-p) (2^i - 1) / (1 - p^(R+1))}; it converges to equation (4) as
     * {@code maxRetries} grows when {@code p < 1/2}. The model ignores that a retransmitted SYN also
     * triggers a SYN-ACK, so it agrees with the exact schedule sum
     * ({@link #expectedSetupTime(double[], double[], double, double, double)} with doubling schedules)
     * to first order in the loss rates only.
     *
     * @param rtt        round-trip time (s)
     * @param pForward   SYN loss probability {@code p_f}
     * @param pReverse   SYN-ACK loss probability {@code p_r}
     * @param t0         initial SYN timeout {@code T_s} (s); 3 s in the paper, 1 s on Linux
     * @param maxRetries retransmissions allowed per direction, or negative for unlimited (equation (4))
     * @return expected handshake latency (s); NaN when success is impossible with finite retries
     */
    public static double cardwellHandshake(double rtt, double pForward, double pReverse, double t0,
                                           int maxRetries) {
        checkProbability("pForward", pForward);
        checkProbability("pReverse", pReverse);
        if (!(rtt >= 0) || Double.isInfinite(rtt)) {
            throw new IllegalArgumentException("rtt must be finite and >= 0, got " + rtt);
        }
        if (!(t0 >= 0) || Double.isInfinite(t0)) {
            throw new IllegalArgumentException("t0 must be finite and >= 0, got " + t0);
        }
        if (maxRetries < 0) {
            if (pForward >= 0.5 || pReverse >= 0.5) {
                return Double.POSITIVE_INFINITY;
            }
            return rtt + t0 * ((1 - pReverse) / (1 - 2 * pReverse) + (1 - pForward) / (1 - 2 * pForward) - 2);
        }
        double forward = backoffCost(pForward, maxRetries);
        double reverse = backoffCost(pReverse, maxRetries);
        if (Double.isNaN(forward) || Double.isNaN(reverse)) {
            return Double.NaN;
        }
        return rtt + t0 * (forward + reverse);
    }

    /** E[2^i - 1 | i <= r] for i geometric with failure probability p, truncated at r retries. */
    private static double backoffCost(double p, int r) {
        double sum = 0;
        double norm = 0;
        double pi = 1; // p^i
        double cost = 0; // 2^i - 1
        for (int i = 0; i <= r; i++) {
            sum += pi * (1 - p) * cost;
            norm += pi * (1 - p);
            pi *= p;
            cost = 2 * cost + 1;
        }
        return norm > 0 ? sum / norm : Double.NaN;
    }

    // ---------------------------------------------------------------------------------------------
    // Little's law
    // ---------------------------------------------------------------------------------------------

    /**
     * Little's law, L = lambda W: the time-averaged number of connections in a state equals the rate at
     * which connections pass through it times the mean time each spends there. For TIME_WAIT: close rate
     * (per second) times the TIME_WAIT duration (s).
     *
     * @param ratePerSecond  arrival (here: close) rate, per second
     * @param sojournSeconds mean time in the state, seconds
     * @return the mean occupancy (number of connections)
     */
    public static double littlesLaw(double ratePerSecond, double sojournSeconds) {
        if (!(ratePerSecond >= 0) || !(sojournSeconds >= 0)) {
            throw new IllegalArgumentException("rate and sojourn must be >= 0, got " + ratePerSecond + " and "
                    + sojournSeconds);
        }
        return ratePerSecond * sojournSeconds;
    }

    /**
     * Little's law for TIME_WAIT under a per-host bucket limit (max-tw-buckets, Linux tcp_max_tw_buckets): the mean
     * number of connections in TIME_WAIT over all hosts, when host {@code h}'s connections come to TIME_WAIT at
     * {@code hostRates[h]} per second (counting those that find no bucket) and stay {@code sojournSeconds}.
     *
     * <p>Why a cap per host: a host never holds more than {@code buckets} TIME_WAITs, and a connection that finds
     * them all taken skips TIME_WAIT, so host {@code h} holds {@code min(hostRates[h] W, buckets)}, the fluid level
     * (an upper bound: its connections that do enter TIME_WAIT, at most {@code hostRates[h]}, obey Little's law, and
     * it holds at most {@code buckets}). Under saturation the true mean lies a little below the cap, since a bucket
     * freed by an expiry stays empty until the host's next close: for closes at a constant gap {@code g} at least
     * {@code buckets W / (W + g)}; for Poisson closes it is Erlang's carried load {@code rho (1 - B(rho, buckets))}
     * ({@code rho = rate W}; M/G/c/c, insensitive to the lifetime's distribution). Without a limit
     * ({@code buckets == 0}) or with no host at its limit this is {@link #littlesLaw} of {@code totalRate} (the sum
     * of {@code hostRates}, passed so that the value is exactly the summary's close rate times W).
     *
     * @param totalRate      the rate of all hosts together, per second
     * @param hostRates      the rate of each host, per second
     * @param sojournSeconds the mean TIME_WAIT lifetime W, s
     * @param buckets        TIME_WAIT buckets per host; 0 for unlimited
     * @return the mean TIME_WAIT occupancy summed over all hosts (connections)
     */
    public static double timeWaitLevel(double totalRate, double[] hostRates, double sojournSeconds, long buckets) {
        if (buckets < 0) {
            throw new IllegalArgumentException("buckets must be >= 0, got " + buckets);
        }
        boolean capped = false;
        for (double rate : hostRates) {
            capped |= buckets > 0 && littlesLaw(rate, sojournSeconds) > buckets;
        }
        if (!capped) {
            return littlesLaw(totalRate, sojournSeconds);
        }
        double level = 0;
        for (double rate : hostRates) {
            level += Math.min(littlesLaw(rate, sojournSeconds), buckets);
        }
        return level;
    }

    // ---------------------------------------------------------------------------------------------
    // Timers on Linux's jiffies clock and timer wheel (profile key timer-hz)
    // ---------------------------------------------------------------------------------------------

    /*
     * The arithmetic of kernel/time/timer.c (since 4.8), as tcpsim.tcp.Jiffies applies it in the simulation; kept
     * here on its own, as everything in this class, so that the theory can be checked by hand against the model.
     * A timeout of d seconds is ceil(d * hz) jiffies; armed at jiffy j it "expires" at e = j + ceil(d * hz) and runs
     * at the tick ((e >> 3n) + 1) << 3n, n being the wheel level the distance from the wheel's clock selects (level
     * n takes distances from 63 * 8^(n-1), level 0 from 0): one tick after e at level 0, up to 8^n after it above.
     */

    /** A timeout of {@code seconds} in whole jiffies of a {@code hz} clock (rounded up, to within 1 ns). */
    public static long jiffies(double seconds, int hz) {
        checkHz(hz);
        return (long) Math.ceil(seconds * hz - 1e-9 * hz);
    }

    /**
     * The granularity (jiffies) of the wheel level that takes a timer {@code distance} jiffies from the wheel's
     * clock: 1, 8, 64 ... 8^(depth-1), depth being 9 levels above 100 Hz and 8 otherwise.
     */
    public static long wheelGranularity(long distance, int hz) {
        checkHz(hz);
        int depth = hz > 100 ? 9 : 8;
        int level = 0;
        while (level < depth - 1 && distance >= (63L << (3 * level))) {
            level++;
        }
        return 1L << (3 * level);
    }

    /**
     * The jiffy at which a timer armed in jiffy {@code jiffy} for {@code delay} jiffies runs; {@code clockAhead}
     * when it is armed in a jiffy in which a timer already ran (the wheel's clock is then one ahead of jiffies, so
     * the distance is one less), as a timer re-armed by its own expiry is.
     */
    public static long wheelExpiry(long jiffy, long delay, boolean clockAhead, int hz) {
        long expires = jiffy + delay;
        long distance = clockAhead ? delay - 1 : delay;
        if (distance < 0) {
            return jiffy + 1;
        }
        long g = wheelGranularity(distance, hz);
        int depth = hz > 100 ? 9 : 8;
        long capacity = 63L << (3 * (depth - 1));
        if (distance >= capacity) { // the wheel's cutoff: expire at its capacity
            expires = (clockAhead ? jiffy + 1 : jiffy) + capacity - g;
        }
        return (Math.floorDiv(expires, g) + 1) * g;
    }

    /**
     * Mean lifetime (s) of a timer of {@code seconds} armed at a random instant (uniform over the jiffy and over
     * the level's buckets, as the arrivals of a long run are), not in a jiffy in which another timer ran: with
     * {@code d = ceil(seconds * hz)} jiffies and its level's granularity {@code g}, (d + g / 2) / hz; exactly
     * {@code seconds} for {@code hz} 0. The lifetime lies in (d / hz, (d + g) / hz]. TIME_WAIT's 60 s: 61.024 s at
     * 250 Hz (60 - 62.048 s), 62.048 s at 1000 Hz (60 - 64.096 s).
     */
    public static double meanTimerLifetime(double seconds, int hz) {
        if (hz == 0) {
            return seconds;
        }
        long d = jiffies(seconds, hz);
        return (d + wheelGranularity(d, hz) / 2.0) / hz;
    }

    /**
     * Send times (s after the first) of a schedule whose timer is re-armed by each expiry, on the wheel: the first
     * timer is armed at time 0, which lies {@code fraction} (0..1) into jiffy {@code jiffy}; element k is when the
     * k-th timeout expires ({@code out[0] = 0}). With {@code timeouts} the profile's successive timeouts (the SYN
     * schedule's gaps and its give-up wait) this is the schedule the simulation gives for that phase.
     */
    public static double[] wheelSchedule(double[] timeouts, int hz, long jiffy, double fraction) {
        checkHz(hz);
        if (hz == 0) {
            return cumulative(timeouts);
        }
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1), got " + fraction);
        }
        double[] out = new double[timeouts.length + 1];
        long j = jiffy;
        for (int k = 0; k < timeouts.length; k++) {
            j = wheelExpiry(j, jiffies(timeouts[k], hz), k > 0, hz);
            out[k + 1] = (j - jiffy - fraction) / hz;
        }
        return out;
    }

    /**
     * {@link #wheelSchedule} averaged over the phase of time 0 (uniform over the jiffy and over the largest
     * granularity the schedule meets, which is exact: the schedule depends on nothing else), for the exact-schedule
     * sum of {@link #expectedSetupTime} under {@code timer-hz}. Linux's SYN schedule at 250 Hz: 0, 1.016, 2.040,
     * 3.064, 4.088, 5.112, 7.128, 11.272, 19.464, 35.592, 68.744 s and the give-up (131 s nominal) at 134.28 s, as
     * the measured kernel's 134 s. The exact-schedule sum with these means is not the mean of the sums over the
     * phase (the sum is not linear in the schedule), and it keeps that sum's independent chances: on the wheel the
     * server's SYN-ACK timer and a retransmitted SYN due at one nominal instant no longer coincide, and Linux pushes
     * the timer back when the SYN comes first (see {@link #expectedSetupTime}).
     */
    public static double[] meanWheelSchedule(double[] timeouts, int hz) {
        checkHz(hz);
        if (hz == 0) {
            return cumulative(timeouts);
        }
        long period = 1;
        for (double t : timeouts) {
            period = Math.max(period, wheelGranularity(jiffies(t, hz), hz));
        }
        double[] sum = new double[timeouts.length + 1];
        for (long j = 0; j < period; j++) {
            double[] one = wheelSchedule(timeouts, hz, j, 0);
            for (int k = 1; k < sum.length; k++) {
                sum[k] += one[k];
            }
        }
        double[] out = new double[sum.length];
        for (int k = 1; k < out.length; k++) {
            out[k] = sum[k] / period - 0.5 / hz; // the mean part of the jiffy already gone at time 0
        }
        return out;
    }

    /** Successive gaps of {@code sendTimes} followed by {@code last}: the timeouts of a schedule. */
    public static double[] timeouts(double[] sendTimes, double last) {
        double[] out = new double[sendTimes.length];
        for (int i = 1; i < sendTimes.length; i++) {
            out[i - 1] = sendTimes[i] - sendTimes[i - 1];
        }
        out[sendTimes.length - 1] = last;
        return out;
    }

    private static double[] cumulative(double[] timeouts) {
        double[] out = new double[timeouts.length + 1];
        for (int k = 0; k < timeouts.length; k++) {
            out[k + 1] = out[k] + timeouts[k];
        }
        return out;
    }

    private static void checkHz(int hz) {
        if (hz < 0 || hz > 1_000_000_000) {
            throw new IllegalArgumentException("hz must be in 0..10^9, got " + hz);
        }
    }

    /**
     * Nanosecond times (as {@code TcpProfile.synSchedule()} returns them) to seconds, for the schedule
     * arguments above.
     */
    public static double[] seconds(long... nanos) {
        double[] out = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            out[i] = nanos[i] / 1e9;
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------

    private static void checkSchedule(String name, double[] times) {
        if (times == null || times.length == 0) {
            throw new IllegalArgumentException(name + " must hold at least one send time");
        }
        double previous = 0;
        for (double t : times) {
            if (!(t >= previous) || Double.isInfinite(t)) {
                throw new IllegalArgumentException(name + " must be finite, non-negative and non-decreasing: "
                        + Arrays.toString(times));
            }
            previous = t;
        }
    }

    private static void checkProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + p);
        }
    }
}
