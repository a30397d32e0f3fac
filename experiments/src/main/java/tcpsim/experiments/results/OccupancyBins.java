package tcpsim.experiments.results;

import java.util.Arrays;

/**
 * One run's occupancy summed over hosts and integrated into a regular grid of time bins as the step changes
 * come (the occupancy charts' data): bin b of state s holds the integral of the all-host count over
 * [b w, min(end, (b + 1) w)), clipped to [0, end). Times are seconds as doubles, exactly the values that
 * occupancy.csv's text parses to, so integrating while writing and integrating while re-reading agree to the bit.
 */
public final class OccupancyBins {
    /** The charts' time grid: about this many bins per run. */
    public static final int TARGET_BINS = 300;

    private final double end;
    private final int bins;
    private final double width;
    private long[][] hosts = new long[0][]; // [host][state] the count of each host's last row
    private long[] total = new long[0];
    private double[] since = new double[0];
    private double[][] integrals = new double[0][];
    private double lastTime;
    private boolean any;

    public OccupancyBins(double end, int bins, double width) {
        this.end = end;
        this.bins = bins;
        this.width = width;
    }

    /** The grid for a run (or study) whose rows end at {@code end} s: width the 1-2-5 step nearest above. */
    public static OccupancyBins grid(double end) {
        double width = niceWidth(end / TARGET_BINS);
        int bins = Math.max(1, (int) Math.ceil(end / width - 1e-9));
        return new OccupancyBins(end, bins, width);
    }

    /** The smallest 1, 2 or 5 times a power of ten that is at least {@code raw}. */
    public static double niceWidth(double raw) {
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * decade >= raw * (1 - 1e-9)) {
                return m * decade;
            }
        }
        return 10 * decade;
    }

    /** The same grid, no data. */
    public OccupancyBins empty() {
        return new OccupancyBins(end, bins, width);
    }

    public double end() {
        return end;
    }

    public int bins() {
        return bins;
    }

    public double width() {
        return width;
    }

    /** True once a row came. */
    public boolean any() {
        return any;
    }

    /** The time of the last row. */
    public double lastTime() {
        return lastTime;
    }

    /** From {@code time} on, host number {@code host} holds {@code count} connections in state number {@code state}. */
    public void change(int host, int state, long count, double time) {
        any = true;
        lastTime = time;
        grow(state + 1);
        if (host >= hosts.length) {
            hosts = Arrays.copyOf(hosts, host + 1);
        }
        long[] counts = hosts[host];
        if (counts == null) {
            counts = new long[state + 1];
            hosts[host] = counts;
        } else if (counts.length <= state) {
            counts = Arrays.copyOf(counts, state + 1);
            hosts[host] = counts;
        }
        long delta = count - counts[state];
        if (delta == 0) {
            return;
        }
        counts[state] = count;
        integrate(state, time);
        total[state] += delta;
    }

    /** Integrates every state up to the end of the grid; call once, after the last row, for {@code states}. */
    public void close(int states) {
        grow(states);
        for (int s = 0; s < total.length; s++) {
            integrate(s, end);
        }
    }

    /** The number of states seen (integrals beyond it are zero). */
    public int states() {
        return integrals.length;
    }

    /** The bin integrals of a state, count x s; zeros for a state never seen. */
    public double[] integral(int state) {
        return state < integrals.length ? integrals[state] : new double[bins];
    }

    /** Sets the bin integrals of a state (read back from a file). */
    public void setIntegral(int state, double[] values) {
        any = true;
        grow(state + 1);
        integrals[state] = values.clone();
    }

    /** The time average of a state in each bin. */
    public double[] averages(int state) {
        double[] integral = integral(state);
        double[] v = new double[bins];
        for (int b = 0; b < bins; b++) {
            v[b] = integral[b] / (Math.min(end, (b + 1) * width) - b * width);
        }
        return v;
    }

    private void grow(int n) {
        if (total.length < n) {
            int old = total.length;
            total = Arrays.copyOf(total, n);
            since = Arrays.copyOf(since, n);
            integrals = Arrays.copyOf(integrals, n);
            for (int i = old; i < n; i++) {
                integrals[i] = new double[bins];
            }
        }
    }

    /** Adds total[state] over [since[state], time) to the bins, clipped to [0, end). */
    private void integrate(int state, double time) {
        double from = Math.max(0, since[state]);
        double to = Math.min(end, time);
        long v = total[state];
        since[state] = time;
        if (v == 0 || !(to > from)) {
            return;
        }
        double[] bin = integrals[state];
        int b = Math.min(bins - 1, (int) (from / width));
        while (b < bins && from < to) {
            double binEnd = b == bins - 1 ? end : (b + 1) * width;
            double upTo = Math.min(to, binEnd);
            bin[b] += v * (upTo - from);
            from = upTo;
            b++;
        }
    }
}
