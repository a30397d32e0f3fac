package tcpsim.tcp;

/**
 * The retransmission timeout of RFC 6298: SRTT and RTTVAR from samples (Karn's rule is the caller's: only
 * segments never retransmitted are sampled), exponential backoff, min and max RTO. With a non-zero
 * {@code rttvarMin} the variance term is floored as Linux does (RTO >= SRTT + 200 ms). Under {@code timer-hz} the
 * RTO is a whole number of jiffies, rounded up from SRTT + variance as Linux's {@code usecs_to_jiffies} in
 * {@code __tcp_set_rto}, so that its doublings stay whole jiffies too (63, 126, 252, 504 ... at 250 Hz).
 */
final class RtoEstimator {
    /** RFC 6298 (5.7): RTO after a handshake that gave no RTT sample because it was retransmitted. */
    static final long FALLBACK_RTO = 3_000_000_000L;

    private final long minRto;
    private final long maxRto;
    private final long rttvarMin;
    /** The jiffy in ns (0 = exact timers). */
    private final long tick;
    private long srtt;
    private long rttvar;
    private boolean sampled;
    private long rto;

    RtoEstimator(TcpProfile profile) {
        this(profile.initialRto(), profile.minRto(), profile.maxRto(), profile.rttvarMin(),
                Jiffies.tickOf(profile.timerHz()));
    }

    RtoEstimator(long initialRto, long minRto, long maxRto, long rttvarMin) {
        this(initialRto, minRto, maxRto, rttvarMin, 0);
    }

    RtoEstimator(long initialRto, long minRto, long maxRto, long rttvarMin, long tick) {
        this.minRto = minRto;
        this.maxRto = maxRto;
        this.rttvarMin = rttvarMin;
        this.tick = tick;
        this.rto = Math.min(jiffies(initialRto), maxRto);
    }

    /** {@code ns} rounded up to whole jiffies (unchanged for exact timers). */
    private long jiffies(long ns) {
        return Jiffies.roundUp(ns, tick);
    }

    /** A round-trip sample {@code r} ns (RFC 6298 2.2 / 2.3); also ends any backoff. */
    void sample(long r) {
        if (!sampled) {
            srtt = r;
            rttvar = r / 2;
            sampled = true;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;
            srtt = (7 * srtt + r) / 8;
        }
        long variance = Math.max(4 * rttvar, rttvarMin);
        rto = Math.min(maxRto, Math.max(minRto, jiffies(srtt + variance)));
    }

    /** RFC 6298 5.5: double the RTO, up to the maximum. */
    void backoff() {
        rto = Math.min(maxRto, rto * 2);
    }

    /** RFC 6298 5.7: no sample from a retransmitted handshake; restart from the fallback RTO. */
    void fallback() {
        if (!sampled) {
            rto = Math.min(maxRto, Math.max(rto, FALLBACK_RTO));
        }
    }

    /** Whether any RTT sample was taken (SRTT is valid). */
    boolean sampled() {
        return sampled;
    }

    long rto() {
        return rto;
    }

    long srtt() {
        return srtt;
    }

    long rttvar() {
        return rttvar;
    }
}
