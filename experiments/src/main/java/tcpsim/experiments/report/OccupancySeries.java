package tcpsim.experiments.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tcpsim.experiments.results.Csv;
import tcpsim.tcp.TcpState;

/**
 * State occupancy over time from {@code occupancy.csv}, summed over hosts, on a regular grid of bins. Each
 * bin holds the exact time average of the step function over the bin (an integral of the recorded step
 * changes, not a sample), per sweep point and replication.
 */
final class OccupancySeries {

    private final double end;
    private final int bins;
    private final double width;
    private final List<String> states;
    private final Map<Integer, Point> points;

    /** One sweep point: for each state index, [replication][bin] time averages. */
    static final class Point {
        private final List<double[][]> byState;
        private final int replications;

        Point(List<double[][]> byState, int replications) {
            this.byState = byState;
            this.replications = replications;
        }

        int replications() {
            return replications;
        }

        /** [replication][bin] for a state index, all zero when the state never occurs. */
        double[][] values(int state, int bins) {
            return state < byState.size() ? byState.get(state) : new double[replications][bins];
        }
    }

    private OccupancySeries(double end, int bins, double width, List<String> states, Map<Integer, Point> points) {
        this.end = end;
        this.bins = bins;
        this.width = width;
        this.states = states;
        this.points = points;
    }

    double end() {
        return end;
    }

    int bins() {
        return bins;
    }

    /** Width of every bin but possibly the last, which ends at {@link #end()}. */
    double binWidth() {
        return width;
    }

    double binCentre(int bin) {
        return (bin * width + Math.min(end, (bin + 1) * width)) / 2;
    }

    /** The smallest 1, 2 or 5 times a power of ten that is at least {@code raw}. */
    static double niceWidth(double raw) {
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * decade >= raw * (1 - 1e-9)) {
                return m * decade;
            }
        }
        return 10 * decade;
    }

    /** State names in TcpState order (unknown names after them, in order of appearance). */
    List<String> states() {
        return states;
    }

    /** Sweep points in ascending order. */
    Map<Integer, Point> points() {
        return points;
    }

    int stateIndex(String state) {
        return states.indexOf(state);
    }

    /** Mean, minimum and maximum over replications of a state's bin averages at a point. */
    double[][] meanMinMax(int point, String state) {
        double[][] out = new double[3][bins];
        Point p = points.get(point);
        int s = stateIndex(state);
        if (p == null || s < 0 || p.replications() == 0) {
            return out;
        }
        double[][] v = p.values(s, bins);
        for (int b = 0; b < bins; b++) {
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] rep : v) {
                sum += rep[b];
                min = Math.min(min, rep[b]);
                max = Math.max(max, rep[b]);
            }
            out[0][b] = sum / v.length;
            out[1][b] = min;
            out[2][b] = max;
        }
        return out;
    }

    /** True when the state is ever occupied at any point. */
    boolean occurs(String state) {
        int s = stateIndex(state);
        if (s < 0) {
            return false;
        }
        for (Point p : points.values()) {
            for (double[] rep : p.values(s, bins)) {
                for (double v : rep) {
                    if (v != 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Reads the file. The grid spans from 0 to the later of {@code duration} (the configured run length in
     * seconds, NaN when unknown) and the last change in the file, since connections may outlive the arrival
     * period; the bin width is the 1-2-5 step nearest above {@code end / targetBins}.
     */
    static OccupancySeries read(Path file, double duration, int targetBins) throws IOException {
        double last = lastTime(file);
        double end = Double.isNaN(duration) ? last : Math.max(duration, last);
        if (!(end > 0)) {
            end = 1;
        }
        double width = niceWidth(end / targetBins);
        int bins = Math.max(1, (int) Math.ceil(end / width - 1e-9));
        Reader reader = new Reader(file, end, bins, width);
        Csv.stream(file, reader);
        return reader.finish();
    }

    private static double lastTime(Path file) throws IOException {
        double[] max = {0};
        Csv.stream(file, new Csv.RowHandler() {
            int time;

            @Override
            public void header(Csv.Header header) throws IOException {
                time = header.require(file, "time_s");
            }

            @Override
            public void row(String[] fields, long lineNumber) {
                double t = Csv.parseDouble(fields[time]);
                if (t > max[0]) {
                    max[0] = t;
                }
            }
        });
        return max[0];
    }

    /** Streams rows into per-(point, replication) accumulators. */
    private static final class Reader implements Csv.RowHandler {
        final Path file;
        final double end;
        final int bins;
        final double width;
        final List<String> states = new ArrayList<>();
        final Map<String, Integer> stateIndex = new HashMap<>();
        final Map<Long, Run> runs = new TreeMap<>();
        int[] columns;

        Reader(Path file, double end, int bins, double width) {
            this.file = file;
            this.end = end;
            this.bins = bins;
            this.width = width;
            for (TcpState s : TcpState.values()) {
                stateIndex.put(s.name(), states.size());
                states.add(s.name());
            }
        }

        @Override
        public void header(Csv.Header h) throws IOException {
            columns = new int[] {h.require(file, "point"), h.require(file, "replication"), h.require(file, "host"),
                h.require(file, "time_s"), h.require(file, "state"), h.require(file, "count")};
        }

        @Override
        public void row(String[] f, long line) throws IOException {
            int point;
            int replication;
            double time;
            long count;
            try {
                point = Integer.parseInt(f[columns[0]]);
                replication = Integer.parseInt(f[columns[1]]);
                time = Double.parseDouble(f[columns[3]]);
                count = Long.parseLong(f[columns[5]]);
            } catch (NumberFormatException e) {
                throw new IOException(file + ":" + line + ": bad number: " + e.getMessage(), e);
            }
            String state = f[columns[4]];
            Integer s = stateIndex.get(state);
            if (s == null) {
                s = states.size();
                stateIndex.put(state, s);
                states.add(state);
            }
            long key = ((long) point << 32) | (replication & 0xffffffffL);
            Run run = runs.computeIfAbsent(key, k -> new Run(point, replication));
            if (time < run.lastTime) {
                throw new IOException(file + ":" + line + ": time " + f[columns[3]]
                        + " s goes backwards within point " + point + " replication " + replication);
            }
            run.lastTime = time;
            run.change(f[columns[2]], s, count, time);
        }

        OccupancySeries finish() {
            Map<Integer, List<Run>> byPoint = new TreeMap<>();
            for (Run r : runs.values()) {
                r.close();
                byPoint.computeIfAbsent(r.point, k -> new ArrayList<>()).add(r);
            }
            Map<Integer, Point> points = new TreeMap<>();
            for (Map.Entry<Integer, List<Run>> e : byPoint.entrySet()) {
                List<Run> reps = e.getValue();
                reps.sort((a, b) -> Integer.compare(a.replication, b.replication));
                List<double[][]> byState = new ArrayList<>();
                for (int s = 0; s < states.size(); s++) {
                    double[][] v = new double[reps.size()][];
                    for (int r = 0; r < reps.size(); r++) {
                        double[] integral = reps.get(r).integral(s);
                        v[r] = new double[bins];
                        for (int b = 0; b < bins; b++) {
                            v[r][b] = integral[b] / (Math.min(end, (b + 1) * width) - b * width);
                        }
                    }
                    byState.add(v);
                }
                points.put(e.getKey(), new Point(byState, reps.size()));
            }
            return new OccupancySeries(end, bins, width, Collections.unmodifiableList(states),
                    Collections.unmodifiableMap(points));
        }

        /** One run's step functions, summed over hosts, integrated into bins as they go. */
        final class Run {
            final int point;
            final int replication;
            double lastTime;
            final Map<String, long[]> hosts = new HashMap<>();
            long[] total = new long[0];
            double[] since = new double[0];
            double[][] integrals = new double[0][];

            Run(int point, int replication) {
                this.point = point;
                this.replication = replication;
            }

            void change(String host, int state, long count, double time) {
                grow(state + 1);
                long[] counts = hosts.computeIfAbsent(host, h -> new long[0]);
                if (counts.length <= state) {
                    counts = Arrays.copyOf(counts, states.size());
                    hosts.put(host, counts);
                }
                long delta = count - counts[state];
                if (delta == 0) {
                    return;
                }
                counts[state] = count;
                integrate(state, time);
                total[state] += delta;
            }

            void close() {
                grow(states.size());
                for (int s = 0; s < total.length; s++) {
                    integrate(s, end);
                }
            }

            double[] integral(int state) {
                return state < integrals.length ? integrals[state] : new double[bins];
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
    }
}
