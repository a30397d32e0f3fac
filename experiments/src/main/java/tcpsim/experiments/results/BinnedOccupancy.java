package tcpsim.experiments.results;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;
import tcpsim.experiments.config.Units;
import tcpsim.tcp.TcpState;

/**
 * One run's rows of a binned occupancy.csv, made from its step changes as they stream (in time, host, state
 * order): per bin [k w, min((k + 1) w, duration)), host and state, the time-average count over the bin and the
 * largest count held in it. A (bin, host, state) with a count of 0 throughout has no row, so the table's size follows
 * the live connections and the duration, not the connections ever made; rows come sorted by bin, host, state.
 * The averages are exact integrals of the step function (count x ns, in a double: exact below 2^53) divided by the
 * bin's width.
 */
final class BinnedOccupancy {
    static final String HEADER = "bin_start_s,bin_end_s,host,state,mean,max";
    private static final TcpState[] STATES = TcpState.values();

    private final Writer out;
    private final String prefix;
    private final List<String> hosts;
    private final long width;
    private final long end;
    private long binStart;
    // per (host, state) slot: the count now, since when, the integral and the largest count in this bin
    private int[] count = new int[0];
    private long[] since = new long[0];
    private double[] integral = new double[0];
    private int[] max = new int[0];
    /** The slots with a count above 0 at some time of this bin, unsorted; {@code listed} marks them. */
    private int[] active = new int[16];
    private int activeCount;
    private boolean[] listed = new boolean[0];
    private final StringBuilder line = new StringBuilder(128);

    /**
     * @param prefix the cells that start every row ({@code point,replication,<params>,})
     * @param width the bin width, ns
     * @param end the run's duration, ns: no bin goes past it
     */
    BinnedOccupancy(Writer out, String prefix, List<String> hosts, long width, long end) {
        this.out = out;
        this.prefix = prefix;
        this.hosts = hosts;
        this.width = width;
        this.end = end;
    }

    /** From {@code time} on, host number {@code host} holds {@code c} connections in {@code state}. */
    void change(long time, int host, TcpState state, int c) throws IOException {
        if (time >= end) {
            return; // the step at duration changes nothing in [0, duration)
        }
        while (time >= binStart + width) {
            if (activeCount == 0) {
                binStart += (time - binStart) / width * width; // bins where nothing was held have no rows
                break;
            }
            closeBin();
        }
        int slot = host * STATES.length + state.ordinal();
        grow(slot + 1);
        integral[slot] += (double) count[slot] * (time - Math.max(since[slot], binStart));
        count[slot] = c;
        since[slot] = time;
        max[slot] = Math.max(max[slot], c);
        if (c > 0 && !listed[slot]) {
            list(slot);
        }
    }

    /** Writes the bins up to the duration; call once, after the last change. */
    void finish() throws IOException {
        while (binStart < end && activeCount > 0) {
            closeBin();
        }
    }

    private void list(int slot) {
        if (activeCount == active.length) {
            active = Arrays.copyOf(active, 2 * activeCount);
        }
        listed[slot] = true;
        active[activeCount++] = slot;
    }

    /** Writes the rows of the bin [binStart, binStart + width) and starts the next. */
    private void closeBin() throws IOException {
        long binEnd = Math.min(end, binStart + width);
        Arrays.sort(active, 0, activeCount);
        int kept = 0;
        for (int k = 0; k < activeCount; k++) {
            int slot = active[k];
            double area = integral[slot] + (double) count[slot] * (binEnd - Math.max(since[slot], binStart));
            line.setLength(0);
            line.append(prefix);
            Units.appendSeconds(line, binStart).append(',');
            Units.appendSeconds(line, binEnd).append(',').append(hosts.get(slot / STATES.length)).append(',')
                    .append(STATES[slot % STATES.length].name()).append(',')
                    .append(Units.plain(area / (binEnd - binStart))).append(',').append(max[slot]).append('\n');
            out.append(line);
            integral[slot] = 0;
            max[slot] = count[slot];
            if (count[slot] > 0) {
                active[kept++] = slot; // still held: it has a row in the next bin too
            } else {
                listed[slot] = false;
            }
        }
        activeCount = kept;
        binStart = binEnd;
    }

    private void grow(int n) {
        if (count.length < n) {
            int cap = Math.max(n, 2 * count.length);
            count = Arrays.copyOf(count, cap);
            since = Arrays.copyOf(since, cap);
            integral = Arrays.copyOf(integral, cap);
            max = Arrays.copyOf(max, cap);
            listed = Arrays.copyOf(listed, cap);
        }
    }
}
