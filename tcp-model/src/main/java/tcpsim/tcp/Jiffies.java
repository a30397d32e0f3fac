package tcpsim.tcp;

import org.apache.commons.math3.random.RandomGenerator;
import tcpsim.kernel.Time;

/**
 * One host's jiffies clock and timer wheel under the profile's {@code timer-hz} (issue 10): when a TCP timer of
 * that host expires. With {@code timer-hz: 0} a timer set for d ns at time t expires at t + d exactly. With HZ
 * ticks a second, as Linux since 4.8 ({@code kernel/time/timer.c}):
 * <ul>
 * <li>a timeout is a whole number of jiffies: d is rounded up to the tick ({@code msecs_to_jiffies},
 *     {@code usecs_to_jiffies});</li>
 * <li>the timer is armed at {@code expires = jiffies + d} and placed in the wheel level that the distance from the
 *     wheel's clock selects: level n holds distances from 63 * 8^(n-1) (level 0 from 0) and has a granularity of
 *     8^n jiffies; the bucket rounds {@code expires} up, past it, to that granularity, so the timer fires at the
 *     tick {@code ((expires >> 3n) + 1) << 3n}: one tick after {@code expires} at level 0, up to 8 jiffies later
 *     at level 1 (a 1 s timer at HZ 250 takes 1.000-1.032 s), 512 jiffies at level 3 (TIME_WAIT's 60 s take up
 *     to 62.05 s);</li>
 * <li>the wheel's clock is jiffies, except in a jiffy in which a timer of this host already expired: the
 *     expiry run leaves the clock one ahead ({@code base->clk++} in {@code __run_timers}), so a timer re-armed
 *     from an expiry, or later in that jiffy, measures its level from jiffies + 1. That decides the level of
 *     timeouts at a boundary (63, 504, 4032 ... jiffies: an RTO of 63 jiffies is doubled onto all of them).</li>
 * </ul>
 * The clock's phase, {@link #offset()}, is the simulated time 0 expressed as a time on the jiffies clock (jiffies
 * at time t = (t + offset) / tick), drawn once per host from the named stream {@code "jiffies:<host>"} over
 * 2^24 jiffies (which covers a period of every level's granularity) unless set; equal offsets model hosts
 * that share one kernel, as the golden cases' two network namespaces did.
 *
 * <p>Not modelled: per-CPU wheels (one wheel per host), timer migration, the lag of an idle CPU's clock, and the
 * order of timers within one bucket (Linux's hlist runs the newest first; here equal times run in the order they
 * were set, as every simulation event does).
 */
final class Jiffies {
    /** LVL_CLK_SHIFT: each level is 8 times coarser than the one below. */
    static final int LEVEL_SHIFT = 3;
    /** LVL_BITS: 64 buckets a level. */
    static final int LEVEL_SIZE = 64;
    /** Span of {@link #offset()} in jiffies: the granularity of level 8, the wheel's last. */
    static final long OFFSET_SPAN = 1L << 24;

    private final long tick;
    /** LVL_DEPTH: 9 levels above 100 Hz, else 8. */
    private final int depth;
    private long offset;
    /** The last jiffy in which a timer of this host expired, or Long.MIN_VALUE. */
    private long lastExpiry = Long.MIN_VALUE;

    /** {@code hz} 0 = exact timers; otherwise a divisor of 10^9 (the profile checks). */
    Jiffies(int hz) {
        this.tick = tickOf(hz);
        this.depth = hz > 100 ? 9 : 8;
    }

    /** The jiffy of {@code hz} ticks a second in ns; 0 for 0 (exact timers). */
    static long tickOf(int hz) {
        return hz == 0 ? 0 : Time.SECOND / hz;
    }

    /** Whether timers are exact (timer-hz 0). */
    boolean exact() {
        return tick == 0;
    }

    /** The tick in ns (0 for exact timers). */
    long tick() {
        return tick;
    }

    long offset() {
        return offset;
    }

    /** Sets the phase of the clock: the simulated time 0 is {@code offset} ns after jiffy 0. */
    void setOffset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("jiffies offset must be >= 0 ns, got " + offset);
        }
        this.offset = offset;
    }

    /** Draws the phase from {@code random}: a whole jiffy count below {@link #OFFSET_SPAN} plus a part of a tick. */
    void drawOffset(RandomGenerator random) {
        if (tick > 0) {
            offset = (long) random.nextInt((int) OFFSET_SPAN) * tick + random.nextInt((int) tick);
        }
    }

    /** The jiffies count at time {@code now}. */
    long at(long now) {
        return Math.floorDiv(now + offset, tick);
    }

    /** The simulated time of the tick that starts jiffy {@code j}. */
    long timeOf(long j) {
        return j * tick - offset;
    }

    /** A timeout in jiffies' resolution: {@code delay} rounded up to whole ticks ({@code usecs_to_jiffies}). */
    long round(long delay) {
        return roundUp(delay, tick);
    }

    /** {@code ns} rounded up to whole ticks of {@code tick} ns; unchanged for exact timers (tick 0). */
    static long roundUp(long ns, long tick) {
        return tick == 0 ? ns : -Math.floorDiv(-ns, tick) * tick;
    }

    /** {@code delay} in whole jiffies, rounded up. */
    private long ticks(long delay) {
        return -Math.floorDiv(-delay, tick);
    }

    /** When a timer set at {@code now} for {@code delay} ns expires (see the class comment). */
    long expiry(long now, long delay) {
        if (tick == 0) {
            return now + delay;
        }
        long j = at(now);
        long expires = j + ticks(delay);
        long clk = j == lastExpiry ? j + 1 : j;
        return timeOf(bucket(expires, clk));
    }

    /** A timer of this host expires now: the wheel's clock is one ahead for the rest of this jiffy. */
    void expired(long now) {
        if (tick != 0) {
            lastExpiry = at(now);
        }
    }

    /** calc_wheel_index: the jiffy at which a timer armed for {@code expires} with the wheel at {@code clk} runs. */
    long bucket(long expires, long clk) {
        long delta = expires - clk;
        if (delta < 0) {
            return clk; // already due: the current bucket
        }
        int level = 0;
        while (level < depth - 1 && delta >= levelStart(level + 1)) {
            level++;
        }
        if (level == depth - 1 && delta >= levelStart(depth)) {
            // WHEEL_TIMEOUT_CUTOFF: a longer timeout is cut to the wheel's capacity
            expires = clk + levelStart(depth) - (1L << (LEVEL_SHIFT * (depth - 1)));
        }
        int shift = LEVEL_SHIFT * level;
        return ((expires >> shift) + 1) << shift;
    }

    /** LVL_START(n): the least distance that level n takes, 63 * 8^(n-1). */
    static long levelStart(int n) {
        return (long) (LEVEL_SIZE - 1) << (LEVEL_SHIFT * (n - 1));
    }
}
