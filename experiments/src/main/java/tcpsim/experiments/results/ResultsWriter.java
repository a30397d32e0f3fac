package tcpsim.experiments.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.config.OccupancyTable;
import tcpsim.experiments.config.SweepColumns;
import tcpsim.experiments.config.SweepPoint;
import tcpsim.experiments.config.Units;
import tcpsim.experiments.sim.ConnectionRecord;
import tcpsim.experiments.sim.OccupancyRecorder;
import tcpsim.experiments.sim.RunOutput;
import tcpsim.experiments.sim.RunPlan.RunId;
import tcpsim.experiments.sim.RunResult;
import tcpsim.experiments.sim.RunSink;
import tcpsim.tcp.TcpState;

/**
 * Writes the results folder. Each run streams its rows into its own parts in the work folder ({@link RunParts},
 * through {@link #outputs}, on the run's thread or one of its own); their parts are appended, in (point,
 * replication) order as each run is taken, to connections.csv.gz and occupancy.csv.gz (compressed as they go, see
 * {@link DigestWriter}; this is the one place where parts become data files), and a point's summary row is made
 * once its last replication is in (from the runs' accumulators, its exact setup quantiles from the parts' setup
 * times).
 * {@link #finish} writes summary.csv, summary.json, occupancy-bins.json (the occupancy charts' data) and finally
 * manifest.json with the SHA-256 of every other file in the folder. The format is documented in README ("Results
 * folder").
 */
public final class ResultsWriter implements RunSink, AutoCloseable {
    /** connections.csv's own columns, after point, replication and the parameter columns. */
    public static final String CONNECTIONS_COLUMNS = "connection,client_tcb,server_tcb,client,server,client_port,"
            + "server_port,start_s,outcome,client_setup_s,server_setup_s,syn_retransmits,synack_retransmits,"
            + "close_initiator,fin_wait_1_s,fin_wait_2_s,closing_s,close_wait_s,last_ack_s,time_wait_s,end_s";
    /** An exact occupancy.csv's own columns. */
    public static final String OCCUPANCY_COLUMNS = "host,time_s,state,count";

    /** The header of connections.csv for {@code cfg}. */
    public static String connectionsHeader(ExperimentConfig cfg) {
        return rowHeader(cfg, CONNECTIONS_COLUMNS);
    }

    /** The header of occupancy.csv for {@code cfg}: binned or exact. */
    public static String occupancyHeader(ExperimentConfig cfg) {
        return rowHeader(cfg, cfg.output().occupancyTable() == OccupancyTable.EXACT ? OCCUPANCY_COLUMNS
                : BinnedOccupancy.HEADER);
    }

    /** point, replication, the parameter columns (see {@link SweepColumns}), then a table's own columns. */
    private static String rowHeader(ExperimentConfig cfg, String columns) {
        List<String> h = new ArrayList<>(List.of("point", "replication"));
        h.addAll(SweepColumns.of(cfg).rowHeader());
        h.add(columns);
        return String.join(",", h);
    }

    private final ExperimentConfig cfg;
    private final Path dir;
    private final DigestWriter connections;
    private final DigestWriter occupancy;
    private final List<SummaryRow> summary = new ArrayList<>();
    private final List<RunSummary> pointRuns = new ArrayList<>(); // the runs of the point being completed
    private final List<Path> pointParts = new ArrayList<>(); // and their parts
    private final List<long[]> runs = new ArrayList<>(); // point, replication, connections, events
    /** The parts of runs started and not yet delivered, by (point, replication): handed from the run threads. */
    private final Map<Long, RunParts> started = new ConcurrentHashMap<>();
    /** The finished runs of an interrupted study taken from their parts, by (point, replication), not yet added. */
    private final TreeMap<Long, RunSummary> restored = new TreeMap<>();
    private boolean assembled;
    private final boolean assemble; // false for a shard: its runs stay as parts (see partsOnly)
    private final OccupancyBins grid; // the occupancy charts' grid, or null when it is not known in advance
    private final List<Object[]> bins = new ArrayList<>(); // point, replication, OccupancyBins of runs with rows
    private final AtomicLong writeNanos = new AtomicLong();
    private final Map<Integer, SetupCdf> cdfs = new TreeMap<>(); // the setup-cdf chart's curves by point
    private final List<String> params; // each point's parameter cells of the per-row tables

    public ResultsWriter(ExperimentConfig cfg, Path dir) throws IOException {
        this(cfg, dir, true);
    }

    /**
     * @param assemble false for one shard of a study ({@link #partsOnly}): the runs are left as finished parts
     */
    private ResultsWriter(ExperimentConfig cfg, Path dir, boolean assemble) throws IOException {
        this.cfg = cfg;
        this.dir = dir;
        this.assemble = assemble;
        Files.createDirectories(dir);
        connections = assemble && cfg.output().connections()
                ? new DigestWriter(dir.resolve(ResultFiles.CONNECTIONS)) : null;
        occupancy = assemble && cfg.output().occupancy()
                ? new DigestWriter(dir.resolve(ResultFiles.OCCUPANCY)) : null;
        if (connections != null) {
            connections.line(connectionsHeader(cfg));
        }
        if (occupancy != null) {
            occupancy.line(occupancyHeader(cfg));
        }
        grid = cfg.output().occupancy() ? chartGrid(cfg) : null;
        params = SweepColumns.rowCells(cfg);
    }

    /**
     * A writer for one shard of a study ({@code run --shard}): each run's parts and {@code run.json} are written
     * exactly as by an unsharded run, and nothing is assembled; {@code tcpsim merge} assembles them later with
     * the writer of the whole study, as a resume does.
     */
    public static ResultsWriter partsOnly(ExperimentConfig cfg, Path dir) throws IOException {
        return new ResultsWriter(cfg, dir, false);
    }

    /**
     * The occupancy charts' grid: from 0 to the configured duration, which no occupancy row passes; null when a
     * sweep changes the duration (the report then bins occupancy.csv itself).
     */
    private static OccupancyBins chartGrid(ExperimentConfig cfg) {
        for (SweepPoint p : cfg.points()) {
            if (p.config().duration() != cfg.base().duration()) {
                return null;
            }
        }
        JsonNode d = cfg.resolved().get("duration");
        Optional<Double> seconds = d == null || d.isNull() ? Optional.empty() : ResultsReader.seconds(d.asText());
        return seconds.filter(s -> s > 0).map(OccupancyBins::grid).orElse(null);
    }

    private static long key(int point, int replication) {
        return (long) point << 32 | (replication & 0xffffffffL);
    }

    /**
     * Opens each run's parts; pass it to {@code Experiment.run} with this writer as the sink.
     *
     * @param threads the runs computed at once: when the machine has a core more than that, each run's rows are
     *        formatted and written on a thread of their own ({@link BackgroundOutput}), the same bytes
     */
    public RunOutput.Factory outputs(int threads) {
        return outputs(threads < Runtime.getRuntime().availableProcessors());
    }

    /** {@link #outputs(int)}, each run's rows written on a thread of their own or not. */
    RunOutput.Factory outputs(boolean background) {
        return (point, replication, hosts) -> {
            RunParts parts = new RunParts(RunParts.dir(dir, point, replication), point, replication,
                    params.get(point), hosts, cfg.output().connections(), cfg.output().occupancy(),
                    cfg.output().occupancyTable() == OccupancyTable.BINNED ? cfg.output().occupancyResolution() : 0,
                    cfg.points().get(point).config().duration(), grid == null ? null : grid.empty());
            started.put(key(point, replication), parts);
            return background ? new BackgroundOutput(parts, "tcpsim-rows-p" + point + "-r" + replication) : parts;
        };
    }

    /**
     * Wall time spent taking finished runs so far ({@link #accept}: closing each run's parts, its run.json,
     * appending its parts to the data files, a completed point's summary), ns; {@link #closeRows} and
     * {@link #finish} are not in it.
     */
    public long writeNanos() {
        return writeNanos.get();
    }

    /**
     * Records one finished run: writes its {@code run.json} (the run is then finished on disk, for a resume) and
     * makes the summary row of its point once the point's last replication is in. Runs must come in (point,
     * replication) order, each streamed through {@link #outputs}; runs restored by {@link #restore} are taken in
     * their places of that order. The run's parts are appended to the data files at once, so that with
     * several threads the assembly overlaps the runs still computing; they stay in the work folder until
     * {@link #finish}, for a resume (which assembles the data files anew).
     */
    @Override
    public void accept(RunResult run) throws IOException {
        long t0 = System.nanoTime();
        RunParts parts = started.remove(key(run.point(), run.replication()));
        if (parts == null) {
            throw new IllegalStateException("run " + run.point() + "/" + run.replication()
                    + " was not streamed through this writer's outputs");
        }
        RunSummary s = RunSummary.of(run, parts.bins());
        s.write(parts.dir(), parts.sha256s());
        if (assemble) {
            takeRestoredBefore(key(run.point(), run.replication()));
            add(s, parts.bins());
        }
        writeNanos.addAndGet(parts.writeNanos() + System.nanoTime() - t0);
    }

    /**
     * The finished runs whose parts in the work folder {@code dir} are verified by their checksums; the part
     * folders of every other run (unfinished or damaged) are deleted, so those runs are computed again.
     */
    public static SortedSet<RunId> verifiedRuns(Path dir) throws IOException {
        SortedSet<RunId> ok = new TreeSet<>(Comparator.comparingInt(RunId::point).thenComparingInt(RunId::replication));
        Path parts = dir.resolve(ResultFiles.PARTS_DIR);
        if (!Files.isDirectory(parts)) {
            return ok;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(parts)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path p : dirs) {
            Optional<RunSummary> s = RunSummary.readVerified(p);
            if (s.isPresent() && p.equals(RunParts.dir(dir, s.get().point(), s.get().replication()))) {
                ok.add(new RunId(s.get().point(), s.get().replication()));
            } else {
                ResultsFolder.delete(p);
            }
        }
        return ok;
    }

    /**
     * Takes the finished runs of an interrupted study (each verified by {@link #verifiedRuns}) from their parts
     * instead of computing them; call it before the experiment starts.
     */
    public void restore(SortedSet<RunId> finished) throws IOException {
        for (RunId id : finished) {
            Path p = RunParts.dir(dir, id.point(), id.replication());
            RunSummary s = RunSummary.readVerified(p).orElseThrow(() -> new IOException(p + " changed"));
            restored.put(key(id.point(), id.replication()), s);
        }
    }

    /** Adds the restored runs that come before {@code key} in (point, replication) order. */
    private void takeRestoredBefore(long key) throws IOException {
        while (!restored.isEmpty() && restored.firstKey() < key) {
            RunSummary s = restored.pollFirstEntry().getValue();
            add(s, s.occupancyBins(grid));
        }
    }

    private void add(RunSummary run, OccupancyBins runBins) throws IOException {
        runs.add(new long[] {run.point(), run.replication(), run.connections(), run.events()});
        Path parts = RunParts.dir(dir, run.point(), run.replication());
        append(connections, parts.resolve(RunParts.CONNECTIONS));
        append(occupancy, parts.resolve(RunParts.OCCUPANCY));
        if (runBins != null && runBins.any()) {
            bins.add(new Object[] {run.point(), run.replication(), runBins});
        }
        pointRuns.add(run);
        pointParts.add(parts);
        if (pointRuns.size() == cfg.replications()) {
            summary.add(Summarizer.summarize(cfg.points().get(run.point()), pointRuns, setups(false)));
            if (connections != null) {
                double[] ok = setups(true);
                if (ok.length > 0) {
                    cdfs.put(run.point(), SetupCdf.of(ok));
                }
            }
            pointRuns.clear();
            pointParts.clear();
        }
    }

    /** The client setup times of the point being completed (all, or those of ok connections), s, from its parts. */
    private double[] setups(boolean okOnly) throws IOException {
        double[][] all = {new double[1024]};
        int[] n = {0};
        for (Path p : pointParts) {
            RunParts.readSetups(p, okOnly, v -> {
                if (n[0] == all[0].length) {
                    all[0] = Arrays.copyOf(all[0], 2 * n[0]);
                }
                all[0][n[0]++] = v;
            });
        }
        return Arrays.copyOf(all[0], n[0]);
    }

    /** The summary rows so far, one per completed point. */
    public List<SummaryRow> summaryRows() {
        return List.copyOf(summary);
    }

    /** Writes the summaries and the manifest (last). */
    public void finish(RunInfo info) throws IOException {
        closeRows();
        writeBins();
        writeCdfs();
        deleteParts();
        List<String> header = Summarizer.header(cfg);
        SweepColumns sweep = SweepColumns.of(cfg);
        try (DigestWriter w = new DigestWriter(dir.resolve(ResultFiles.SUMMARY_CSV))) {
            w.line(String.join(",", header));
            for (SummaryRow row : summary) {
                w.line(row.csvLine(sweep));
            }
        }
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        for (SummaryRow row : summary) {
            arr.add(row.json(sweep));
        }
        writeJson(dir.resolve(ResultFiles.SUMMARY_JSON), arr);
        writeManifest(info);
    }

    /** occupancy-bins.json: the grid and, per run with occupancy rows, every state's bin integrals. */
    private void writeBins() throws IOException {
        if (grid == null) {
            return;
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("end_s", grid.end());
        root.put("bin_width_s", grid.width());
        root.put("bins", grid.bins());
        ArrayNode arr = root.putArray("runs");
        TcpState[] states = TcpState.values();
        for (Object[] b : bins) {
            OccupancyBins o = (OccupancyBins) b[2];
            if (o.lastTime() > grid.end()) {
                return; // cannot happen (rows stop at the duration); the report then reads occupancy.csv
            }
            ObjectNode run = arr.addObject();
            run.put("point", (int) b[0]);
            run.put("replication", (int) b[1]);
            ObjectNode st = run.putObject("states");
            for (int s = 0; s < states.length; s++) {
                double[] v = o.integral(s);
                if (Arrays.stream(v).anyMatch(x -> x != 0)) {
                    ArrayNode a = st.putArray(states[s].name());
                    for (double x : v) {
                        a.add(x);
                    }
                }
            }
        }
        writeJson(dir.resolve(ResultFiles.OCCUPANCY_BINS), root);
    }

    /** setup-cdf.json: the setup-cdf chart's curve of every point with a successful connection. */
    private void writeCdfs() throws IOException {
        if (connections == null) {
            return;
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode arr = root.putArray("points");
        for (Map.Entry<Integer, SetupCdf> e : cdfs.entrySet()) {
            SetupCdf c = e.getValue();
            ObjectNode p = arr.addObject();
            p.put("point", e.getKey());
            p.put("n", c.n());
            p.put("min", c.min());
            p.put("max", c.max());
            ArrayNode x = p.putArray("x");
            for (double v : c.x()) {
                x.add(v);
            }
            ArrayNode y = p.putArray("y");
            for (double v : c.y()) {
                y.add(v);
            }
        }
        writeJson(dir.resolve(ResultFiles.SETUP_CDF), root);
    }

    /** Removes the work folder of parts once everything is assembled. */
    private void deleteParts() throws IOException {
        Path parts = dir.resolve(ResultFiles.PARTS_DIR);
        if (Files.isDirectory(parts)) {
            try (Stream<Path> s = Files.walk(parts)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * What the manifest records about the run besides the config: tcpsim's version and the canonical command that
     * regenerates the folder ({@code run CONFIG --out DIR [--set K=V ...] [--seed N] [--pcap] [--trace]}).
     */
    public record RunInfo(String tcpsimVersion, List<String> command) {
    }

    private void writeManifest(RunInfo info) throws IOException {
        Manifest.write(dir, cfg, runs, info);
    }

    private static final ObjectWriter JSON;

    static {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter();
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        pp.indentObjectsWith(indenter);
        pp.indentArraysWith(indenter);
        JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).writer(pp);
    }

    /** Writes pretty JSON with {@code \n} line ends and a final newline. */
    public static void writeJson(Path file, Object tree) throws IOException {
        try (DigestWriter w = new DigestWriter(file)) {
            w.write(JSON.writeValueAsString(tree));
            w.write("\n");
        }
    }

    /** Closes the data files as they are, unfinished: the parts stay for a resume. */
    @Override
    public void close() throws IOException {
        closeFiles();
    }

    /**
     * Finishes connections.csv and occupancy.csv: takes the remaining restored runs (appending their parts) and
     * closes them; idempotent.
     */
    public void closeRows() throws IOException {
        if (!assembled) {
            assembled = true;
            takeRestoredBefore(Long.MAX_VALUE);
        }
        closeFiles();
    }

    private static void append(DigestWriter to, Path part) throws IOException {
        if (to != null) {
            to.append(part);
        }
    }

    private void closeFiles() throws IOException {
        if (connections != null) {
            connections.close();
        }
        if (occupancy != null) {
            occupancy.close();
        }
    }
}
