package tcpsim.experiments.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.config.SweepPoint;
import tcpsim.experiments.config.Units;
import tcpsim.experiments.sim.ConnectionRecord;
import tcpsim.experiments.sim.OccupancyRecorder;
import tcpsim.experiments.sim.RunResult;
import tcpsim.experiments.sim.RunSink;

/**
 * Writes the results folder: connections.csv and occupancy.csv row by row as runs arrive (in (point,
 * replication) order), then summary.csv, summary.json and finally manifest.json with the SHA-256 of every other
 * file in the folder. The format is documented in README ("Results folder").
 */
public final class ResultsWriter implements RunSink, AutoCloseable {
    public static final String CONNECTIONS_HEADER = "point,replication,connection,client,server,client_port,"
            + "server_port,start_s,outcome,client_setup_s,server_setup_s,syn_retransmits,synack_retransmits,"
            + "close_initiator,fin_wait_1_s,fin_wait_2_s,closing_s,close_wait_s,last_ack_s,time_wait_s,end_s";
    public static final String OCCUPANCY_HEADER = "point,replication,host,time_s,state,count";

    private final ExperimentConfig cfg;
    private final Path dir;
    private final DigestWriter connections;
    private final DigestWriter occupancy;
    private final List<SummaryRow> summary = new ArrayList<>();
    private final List<RunResult> pointRuns = new ArrayList<>(); // the runs of the point being completed
    private final List<long[]> runs = new ArrayList<>(); // point, replication, connections, events

    public ResultsWriter(ExperimentConfig cfg, Path dir) throws IOException {
        this.cfg = cfg;
        this.dir = dir;
        Files.createDirectories(dir);
        connections = cfg.output().connections() ? new DigestWriter(dir.resolve(ResultFiles.CONNECTIONS)) : null;
        occupancy = cfg.output().occupancy() ? new DigestWriter(dir.resolve(ResultFiles.OCCUPANCY)) : null;
        if (connections != null) {
            connections.line(CONNECTIONS_HEADER);
        }
        if (occupancy != null) {
            occupancy.line(OCCUPANCY_HEADER);
        }
    }

    /**
     * Appends one run's rows, and the summary row of its point once the point's last replication is in; runs must
     * come in (point, replication) order.
     */
    @Override
    public void accept(RunResult run) throws IOException {
        addRun(run);
        pointRuns.add(run);
        if (pointRuns.size() == cfg.replications()) {
            summary.add(Summarizer.summarize(cfg.points().get(run.point()), pointRuns));
            pointRuns.clear();
        }
    }

    private void addRun(RunResult run) throws IOException {
        runs.add(new long[] {run.point(), run.replication(), run.connections().size(), run.events()});
        String prefix = run.point() + "," + run.replication() + ",";
        if (connections != null) {
            StringBuilder sb = new StringBuilder(160);
            for (ConnectionRecord c : run.connections()) {
                sb.setLength(0);
                sb.append(prefix).append(c.id()).append(',').append(c.client()).append(',').append(c.server())
                        .append(',').append(c.clientPort() == 0 ? "" : Integer.toString(c.clientPort()))
                        .append(',').append(c.serverPort()).append(',');
                Units.appendSeconds(sb, c.start()).append(',').append(c.outcome().label()).append(',');
                time(sb, c.clientSetup()).append(',');
                time(sb, c.serverSetup()).append(',').append(c.synRetransmits())
                        .append(',').append(c.synAckRetransmits()).append(',').append(c.closeInitiator());
                for (int i = 0; i < ConnectionRecord.TIMED_STATES.length; i++) {
                    time(sb.append(','), c.stateTime(i));
                }
                time(sb.append(','), c.end());
                connections.line(sb);
            }
        }
        if (occupancy != null && run.occupancy() != null) {
            OccupancyRecorder.Rows rows = run.occupancy();
            StringBuilder sb = new StringBuilder(64);
            for (int r = 0; r < rows.size(); r++) {
                sb.setLength(0);
                sb.append(prefix).append(run.hosts().get(rows.host(r))).append(',');
                Units.appendSeconds(sb, rows.time(r)).append(',').append(rows.state(r).name()).append(',')
                        .append(rows.count(r));
                occupancy.line(sb);
            }
        }
    }

    /** The summary rows so far, one per completed point. */
    public List<SummaryRow> summaryRows() {
        return List.copyOf(summary);
    }

    /** A time cell: exact seconds, or empty when the connection never got there. */
    private static StringBuilder time(StringBuilder sb, long ns) {
        return ns == ConnectionRecord.NONE ? sb : Units.appendSeconds(sb, ns);
    }

    /** Writes the summaries and the manifest (last). */
    public void finish(RunInfo info) throws IOException {
        closeRows();
        List<String> header = Summarizer.header(cfg);
        try (DigestWriter w = new DigestWriter(dir.resolve(ResultFiles.SUMMARY_CSV))) {
            w.line(String.join(",", header));
            for (SummaryRow row : summary) {
                w.line(row.csvLine(cfg.sweepKeys()));
            }
        }
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        for (SummaryRow row : summary) {
            arr.add(row.json(cfg.sweepKeys()));
        }
        writeJson(dir.resolve(ResultFiles.SUMMARY_JSON), arr);
        writeManifest(info);
    }

    /** Version information for the manifest. */
    public record RunInfo(String tcpsimVersion, String gitCommit, String javaVersion) {
    }

    private void writeManifest(RunInfo info) throws IOException {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("tcpsim_version", info.tcpsimVersion());
        if (info.gitCommit() == null) {
            m.putNull("git_commit");
        } else {
            m.put("git_commit", info.gitCommit());
        }
        m.put("java_version", info.javaVersion());
        m.put("name", cfg.name());
        m.put("seed", cfg.seed());
        m.set("config", cfg.resolved().deepCopy());
        ObjectNode sweep = m.putObject("sweep");
        ArrayNode keys = sweep.putArray("keys");
        cfg.sweepKeys().forEach(keys::add);
        ArrayNode points = sweep.putArray("points");
        for (SweepPoint p : cfg.points()) {
            ObjectNode po = points.addObject();
            po.put("point", p.index());
            ObjectNode params = po.putObject("params");
            p.params().forEach(params::put);
        }
        m.put("replications", cfg.replications());
        ArrayNode runArr = m.putArray("runs");
        for (long[] r : runs) {
            ObjectNode ro = runArr.addObject();
            ro.put("point", (int) r[0]);
            ro.put("replication", (int) r[1]);
            ro.put("connections", r[2]);
            ro.put("events", r[3]);
        }
        ObjectNode files = m.putObject("files");
        for (Map.Entry<String, String> e : dataFiles().entrySet()) {
            files.put(e.getKey(), e.getValue());
        }
        writeJson(dir.resolve(ResultFiles.MANIFEST), m);
    }

    /** Every regular file under the folder except the manifest, charts and report, with its SHA-256. */
    private Map<String, String> dataFiles() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (rel.equals(ResultFiles.MANIFEST) || rel.startsWith(ResultFiles.CHARTS_DIR + "/")
                        || rel.equals(ResultFiles.REPORT)) {
                    continue;
                }
                files.put(rel, DigestWriter.sha256Hex(p));
            }
        }
        return files;
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

    @Override
    public void close() throws IOException {
        closeRows();
    }

    /** Finishes connections.csv and occupancy.csv; idempotent. */
    public void closeRows() throws IOException {
        if (connections != null) {
            connections.close();
        }
        if (occupancy != null) {
            occupancy.close();
        }
    }
}
