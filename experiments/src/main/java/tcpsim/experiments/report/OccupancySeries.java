package tcpsim.experiments.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tcpsim.experiments.results.Csv;
import tcpsim.experiments.results.OccupancyBins;
import tcpsim.tcp.TcpState;

/**
 * State occupancy over time, summed over hosts, on a regular grid of bins: from {@code occupancy-bins.json},
 * integrated while the data was written, or else from {@code occupancy.csv}. Each
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
        return OccupancyBins.niceWidth(raw);
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
        Reader reader = new Reader(file, new OccupancyBins(end, bins, width));
        Csv.stream(file, reader);
        return reader.finish();
    }

    /**
     * Reads occupancy-bins.json, the same series integrated while the data was written (so occupancy.csv is
     * never re-read): the grid and, per run with occupancy rows, the bin integrals of each state that occurs.
     */
    static OccupancySeries readBins(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.path("end_s").isNumber() || !root.path("bin_width_s").isNumber()
                || !root.path("bins").isInt() || !root.path("runs").isArray()) {
            throw new IOException(file + ": expected end_s, bin_width_s, bins and runs");
        }
        OccupancyBins grid = new OccupancyBins(root.get("end_s").doubleValue(), root.get("bins").intValue(),
                root.get("bin_width_s").doubleValue());
        List<String> states = new ArrayList<>();
        for (TcpState s : TcpState.values()) {
            states.add(s.name());
        }
        List<RunBins> runs = new ArrayList<>();
        for (JsonNode r : root.get("runs")) {
            OccupancyBins b = grid.empty();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.path("states").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                int s = states.indexOf(e.getKey());
                if (s < 0 || !e.getValue().isArray() || e.getValue().size() != grid.bins()) {
                    throw new IOException(file + ": bad state " + e.getKey() + " in point " + r.path("point")
                            + " replication " + r.path("replication"));
                }
                double[] v = new double[grid.bins()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = e.getValue().get(k).doubleValue();
                }
                b.setIntegral(s, v);
            }
            runs.add(new RunBins(r.path("point").asInt(), r.path("replication").asInt(), b));
        }
        return of(grid, states, runs);
    }

    /**
     * Refuses a binned table: occupancy-bins.json is written whenever the duration is not swept; with a swept one the
     * charts need the exact steps themselves.
     */
    private static void requireSteps(Path file, Csv.Header h) throws IOException {
        if (h.find("bin_start_s") >= 0) {
            throw new IOException(file + " is binned, and a sweep of duration leaves no occupancy-bins.json: the"
                    + " occupancy charts need its exact steps (output.occupancy: exact)");
        }
    }

    private static double lastTime(Path file) throws IOException {
        double[] max = {0};
        Csv.stream(file, new Csv.RowHandler() {
            int time;

            @Override
            public void header(Csv.Header header) throws IOException {
                requireSteps(file, header);
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

    /** One run's bins. */
    private record RunBins(int point, int replication, OccupancyBins bins) {
    }

    /** The series of the runs' bins: per point (ascending), per replication (ascending), every state's averages. */
    private static OccupancySeries of(OccupancyBins grid, List<String> states, List<RunBins> runs) {
        Map<Integer, List<RunBins>> byPoint = new TreeMap<>();
        for (RunBins r : runs) {
            byPoint.computeIfAbsent(r.point(), k -> new ArrayList<>()).add(r);
        }
        Map<Integer, Point> points = new TreeMap<>();
        for (Map.Entry<Integer, List<RunBins>> e : byPoint.entrySet()) {
            List<RunBins> reps = e.getValue();
            reps.sort((a, b) -> Integer.compare(a.replication(), b.replication()));
            List<double[][]> byState = new ArrayList<>();
            for (int s = 0; s < states.size(); s++) {
                double[][] v = new double[reps.size()][];
                for (int r = 0; r < reps.size(); r++) {
                    v[r] = reps.get(r).bins().averages(s);
                }
                byState.add(v);
            }
            points.put(e.getKey(), new Point(byState, reps.size()));
        }
        return new OccupancySeries(grid.end(), grid.bins(), grid.width(), Collections.unmodifiableList(states),
                Collections.unmodifiableMap(points));
    }

    /** Streams rows into per-(point, replication) accumulators. */
    private static final class Reader implements Csv.RowHandler {
        final Path file;
        final OccupancyBins grid;
        final List<String> states = new ArrayList<>();
        final Map<String, Integer> stateIndex = new HashMap<>();
        final Map<Long, Run> runs = new TreeMap<>();
        int[] columns;

        Reader(Path file, OccupancyBins grid) {
            this.file = file;
            this.grid = grid;
            for (TcpState s : TcpState.values()) {
                stateIndex.put(s.name(), states.size());
                states.add(s.name());
            }
        }

        @Override
        public void header(Csv.Header h) throws IOException {
            requireSteps(file, h);
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
            Run run = runs.computeIfAbsent(key, k -> new Run(point, replication, grid.empty()));
            if (time < run.lastTime) {
                throw new IOException(file + ":" + line + ": time " + f[columns[3]]
                        + " s goes backwards within point " + point + " replication " + replication);
            }
            run.lastTime = time;
            Integer host = run.hosts.computeIfAbsent(f[columns[2]], h -> run.hosts.size());
            run.bins.change(host, s, count, time);
        }

        OccupancySeries finish() {
            List<RunBins> out = new ArrayList<>();
            for (Run r : runs.values()) {
                r.bins.close(states.size());
                out.add(new RunBins(r.point, r.replication, r.bins));
            }
            return of(grid, states, out);
        }

        /** One run's hosts by name and its bins. */
        static final class Run {
            final int point;
            final int replication;
            final OccupancyBins bins;
            final Map<String, Integer> hosts = new HashMap<>(); // looked up, never iterated
            double lastTime;

            Run(int point, int replication, OccupancyBins bins) {
                this.point = point;
                this.replication = replication;
                this.bins = bins;
            }
        }
    }
}
