package tcpsim.experiments.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tcpsim.experiments.config.ExperimentConfig;
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
