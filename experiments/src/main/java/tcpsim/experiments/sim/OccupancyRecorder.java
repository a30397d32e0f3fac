package tcpsim.experiments.sim;

import java.util.Arrays;
import java.util.Set;
import tcpsim.tcp.TcpState;

/**
 * The exact occupancy of every TCP state on every host as a step function, fed by state transitions.
 *
 * <p>Two products: the step changes ({@link #rows()}: from {@code time} on, {@code host} holds {@code count}
 * connections in {@code state}; several changes at one instant collapse into one row, and a row appears only when
 * the count really changes), and the exact time integrals of the all-host totals over the steady-state window
 * [warmup, duration], from which time averages follow without sampling. Only times up to {@code duration} are
 * recorded.
 */
public final class OccupancyRecorder {
    private static final int STATES = TcpState.values().length;

    private final int hosts;
    private final long warmup;
    private final long duration;
    private final long entriesFrom;
    private final boolean[] recordRows; // by state
    private final boolean keepRows;

    // per (host, state): the count now, the last count written as a row, and whether it changed this instant
    private final int[] count;
    private final int[] emitted;
    private final boolean[] pending;
    private int[] pendingSlots = new int[64];
    private int pendingCount;

    // all-host totals
    private final long[] total = new long[STATES];
    private final long[] integral = new long[STATES];
    private final long[] peak = new long[STATES];
    // when each total last changed: its integral and peak are folded up to there (see hold)
    private final long[] since = new long[STATES];
    private final long[] timeWaitOffered; // by host
    private long lastTime;

    private final MemoryOutput kept = new MemoryOutput(); // the rows, unless they are streamed
    private RunOutput stream = kept;
    private static final TcpState[] ALL = TcpState.values();

    /**
     * @param hosts number of hosts (indices 0 .. hosts-1)
     * @param keepRows whether step-change rows are kept (for occupancy.csv)
     * @param rowStates the states whose rows are kept
     */
    public OccupancyRecorder(int hosts, long warmup, long duration, boolean keepRows, Set<TcpState> rowStates) {
        this(hosts, warmup, duration, keepRows, rowStates, warmup);
    }

    /**
     * @param entriesFrom start of the interval [entriesFrom, duration) in which {@link #timeWaitOffered} counts
     *        arrivals into TIME_WAIT (e.g. warmup - TIME_WAIT duration: every connection whose TIME_WAIT overlaps
     *        the window)
     */
    public OccupancyRecorder(int hosts, long warmup, long duration, boolean keepRows, Set<TcpState> rowStates,
            long entriesFrom) {
        this.entriesFrom = Math.max(0, Math.min(entriesFrom, warmup));
        this.hosts = hosts;
        this.warmup = warmup;
        this.duration = duration;
        this.keepRows = keepRows;
        this.recordRows = new boolean[STATES];
        for (TcpState s : rowStates) {
            recordRows[s.ordinal()] = true;
        }
        count = new int[hosts * STATES];
        emitted = new int[hosts * STATES];
        pending = new boolean[hosts * STATES];
        timeWaitOffered = new long[hosts];
    }

    private static boolean counted(TcpState s) {
        return s != TcpState.CLOSED && s != TcpState.LISTEN;
    }

    /** A connection on {@code host} moved from {@code from} to {@code to} at {@code time}. */
    public void transition(long time, int host, TcpState from, TcpState to) {
        if (time > duration || from == to) {
            return;
        }
        advance(time);
        if (counted(from)) {
            change(time, host, from, -1);
        }
        if (counted(to)) {
            change(time, host, to, +1);
            if (to == TcpState.TIME_WAIT && time >= entriesFrom && time < duration) {
                timeWaitOffered[host]++;
            }
        }
    }

    /**
     * A connection on {@code host} would have entered TIME_WAIT at {@code time} but found no bucket (max-tw-buckets)
     * and went to CLOSED: counted in {@link #timeWaitOffered}, the load the buckets were offered.
     */
    public void timeWaitOverflow(long time, int host) {
        if (time >= entriesFrom && time < duration) {
            timeWaitOffered[host]++;
        }
    }

    /** A new instant: the rows of the last one are final. */
    private void advance(long time) {
        if (time <= lastTime) {
            return;
        }
        flushAll();
        lastTime = time;
    }

    /**
     * Folds the time the all-host total of state {@code s} has held its value since it last changed, within
     * [warmup, duration], into its integral and peak; called when it changes and at the end. Folding each total
     * only when it changes gives the same exact integers as folding every total at every instant, at a tenth of
     * the work (one state of eleven changes at a time).
     */
    private void hold(int s, long time) {
        long lo = Math.max(since[s], warmup);
        long hi = Math.min(time, duration);
        if (hi > lo && total[s] != 0) {
            integral[s] = Math.addExact(integral[s], Math.multiplyExact(total[s], hi - lo));
            peak[s] = Math.max(peak[s], total[s]);
        }
        since[s] = time;
    }

    private void change(long time, int host, TcpState state, int delta) {
        int s = state.ordinal();
        int i = host * STATES + s;
        hold(s, time);
        total[s] += delta;
        count[i] += delta;
        if (keepRows && recordRows[s] && !pending[i]) {
            pending[i] = true;
            if (pendingCount == pendingSlots.length) {
                pendingSlots = Arrays.copyOf(pendingSlots, pendingCount * 2);
            }
            pendingSlots[pendingCount++] = i;
        }
    }

    /**
     * Writes a row for every (host, state) changed at the instant {@code lastTime} whose count at the end of that
     * instant differs from its last row; in (host, state) order, so rows come out sorted by time, host, state.
     */
    private void flushAll() {
        if (pendingCount == 0) {
            return;
        }
        Arrays.sort(pendingSlots, 0, pendingCount);
        for (int k = 0; k < pendingCount; k++) {
            int i = pendingSlots[k];
            pending[i] = false;
            if (count[i] != emitted[i]) {
                addRow(lastTime, i, count[i]);
                emitted[i] = count[i];
            }
        }
        pendingCount = 0;
    }

    /** Streams the step changes to {@code out} as they are final instead of keeping them for {@link #rows()}. */
    void streamTo(RunOutput out) {
        this.stream = out;
    }

    private void addRow(long time, int hostState, int c) {
        try {
            stream.occupancy(time, hostState / STATES, ALL[hostState % STATES], c);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Closes the window at {@code duration}; call once, after the last transition. */
    public void finish() {
        long end = Math.max(duration, lastTime);
        advance(end);
        for (int s = 0; s < STATES; s++) {
            hold(s, end);
        }
        flushAll();
    }

    /**
     * The step changes sorted by time, then host, then state (TcpState order); none when they were streamed.
     * Call after {@link #finish()}.
     */
    public Rows rows() {
        return kept.rows();
    }

    /** Step changes in column form: row r says host[r] holds count[r] connections in state[r] from time[r] on. */
    public static final class Rows {
        private final long[] time;
        private final int[] host;
        private final TcpState[] state;
        private final int[] count;

        Rows(long[] time, int[] host, TcpState[] state, int[] count) {
            this.time = time;
            this.host = host;
            this.state = state;
            this.count = count;
        }

        public int size() {
            return time.length;
        }

        public long time(int r) {
            return time[r];
        }

        public int host(int r) {
            return host[r];
        }

        public TcpState state(int r) {
            return state[r];
        }

        public int count(int r) {
            return count[r];
        }
    }

    public int hosts() {
        return hosts;
    }

    /** Integral over [warmup, duration] of the number of connections in {@code state} on all hosts, count x ns. */
    public long integral(TcpState state) {
        return integral[state.ordinal()];
    }

    /** Time average over [warmup, duration] of the all-host count in {@code state}. */
    public double mean(TcpState state) {
        return integral[state.ordinal()] / (double) (duration - warmup);
    }

    /** Largest all-host count in {@code state} held for a positive time within [warmup, duration]. */
    public long peak(TcpState state) {
        return peak[state.ordinal()];
    }

    /** Length of [entriesFrom, duration), ns. */
    public long entriesWindow() {
        return duration - entriesFrom;
    }

    /**
     * Connections of {@code host} that entered TIME_WAIT, or would have but found no bucket (max-tw-buckets), at
     * times in [entriesFrom, duration): the TIME_WAIT load offered to the host's buckets.
     */
    public long timeWaitOffered(int host) {
        return timeWaitOffered[host];
    }

    /** The all-host count in {@code state} now. */
    public long current(TcpState state) {
        return total[state.ordinal()];
    }
}
