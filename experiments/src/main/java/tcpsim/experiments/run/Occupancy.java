package tcpsim.experiments.run;

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
public final class Occupancy {
    private static final int STATES = TcpState.values().length;

    private final int hosts;
    private final long warmup;
    private final long duration;
    private final boolean[] recordRows; // by state
    private final boolean keepRows;

    // per (host, state): the count now, the last count written as a row, and a pending change at pendingTime
    private final int[] count;
    private final int[] emitted;
    private final long[] pendingTime;
    private final boolean[] pending;

    // all-host totals
    private final long[] total = new long[STATES];
    private final long[] integral = new long[STATES];
    private final long[] peak = new long[STATES];
    private final long[] entries = new long[STATES];
    private long lastTime;

    private long[] rowTime = new long[1024];
    private int[] rowHostState = new int[1024];
    private int[] rowCount = new int[1024];
    private int rows;

    /**
     * @param hosts number of hosts (indices 0 .. hosts-1)
     * @param keepRows whether step-change rows are kept (for occupancy.csv)
     * @param rowStates the states whose rows are kept
     */
    public Occupancy(int hosts, long warmup, long duration, boolean keepRows, Set<TcpState> rowStates) {
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
        pendingTime = new long[hosts * STATES];
        pending = new boolean[hosts * STATES];
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
            if (time >= warmup && time < duration) {
                entries[to.ordinal()]++;
            }
        }
    }

    private void advance(long time) {
        if (time <= lastTime) {
            return;
        }
        long lo = Math.max(lastTime, warmup);
        long hi = Math.min(time, duration);
        if (hi > lo) {
            for (int s = 0; s < STATES; s++) {
                if (total[s] != 0) {
                    integral[s] = Math.addExact(integral[s], Math.multiplyExact(total[s], hi - lo));
                    peak[s] = Math.max(peak[s], total[s]);
                }
            }
        }
        lastTime = time;
    }

    private void change(long time, int host, TcpState state, int delta) {
        int s = state.ordinal();
        int i = host * STATES + s;
        boolean rowsWanted = keepRows && recordRows[s];
        if (rowsWanted && pending[i] && pendingTime[i] != time) {
            flush(i);
        }
        total[s] += delta;
        count[i] += delta;
        if (rowsWanted) {
            pending[i] = true;
            pendingTime[i] = time;
        }
    }

    /** Writes the pending row of slot {@code i}; {@code count[i]} is the count at the end of its instant. */
    private void flush(int i) {
        pending[i] = false;
        int c = count[i];
        if (c != emitted[i]) {
            addRow(pendingTime[i], i, c);
            emitted[i] = c;
        }
    }

    private void addRow(long time, int hostState, int c) {
        if (rows == rowTime.length) {
            int cap = rows * 2;
            rowTime = Arrays.copyOf(rowTime, cap);
            rowHostState = Arrays.copyOf(rowHostState, cap);
            rowCount = Arrays.copyOf(rowCount, cap);
        }
        rowTime[rows] = time;
        rowHostState[rows] = hostState;
        rowCount[rows] = c;
        rows++;
    }

    /** Closes the window at {@code duration}; call once, after the last transition. */
    public void finish() {
        advance(Math.max(duration, lastTime));
        for (int i = 0; i < pending.length; i++) {
            if (pending[i]) {
                flush(i);
            }
        }
    }

    /** The step changes sorted by time, then host, then state (TcpState order). Call after {@link #finish()}. */
    public Rows rows() {
        Integer[] order = new Integer[rows];
        for (int r = 0; r < rows; r++) {
            order[r] = r;
        }
        // host * STATES + state orders by host, then state
        Arrays.sort(order, (a, b) -> {
            int c = Long.compare(rowTime[a], rowTime[b]);
            return c != 0 ? c : Integer.compare(rowHostState[a], rowHostState[b]);
        });
        long[] t = new long[rows];
        int[] h = new int[rows];
        TcpState[] st = new TcpState[rows];
        int[] c = new int[rows];
        TcpState[] all = TcpState.values();
        for (int r = 0; r < rows; r++) {
            int o = order[r];
            t[r] = rowTime[o];
            h[r] = rowHostState[o] / STATES;
            st[r] = all[rowHostState[o] % STATES];
            c[r] = rowCount[o];
        }
        return new Rows(t, h, st, c);
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

    /** Transitions into {@code state} at times in [warmup, duration). */
    public long entries(TcpState state) {
        return entries[state.ordinal()];
    }

    /** The all-host count in {@code state} now. */
    public long current(TcpState state) {
        return total[state.ordinal()];
    }
}
