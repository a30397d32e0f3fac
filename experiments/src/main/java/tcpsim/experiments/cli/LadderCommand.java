package tcpsim.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tcpsim.experiments.capture.TraceFiles;
import tcpsim.experiments.capture.TraceHook;
import tcpsim.experiments.capture.TraceRow;
import tcpsim.experiments.config.ConfigLoader;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.ladder.LadderDiagram;
import tcpsim.experiments.ladder.LadderImages;
import tcpsim.experiments.ladder.LadderText;
import tcpsim.experiments.results.ResultFiles;
import tcpsim.experiments.sim.Experiment;
import tcpsim.experiments.sim.RunPlan;
import tcpsim.experiments.sim.RunSink;

/** {@code tcpsim ladder}: the sequence (ladder) diagram of one connection, as PNG, SVG and text. */
@Command(name = "ladder", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Draws the sequence (ladder) diagram of one connection: client and server lifelines, one "
                + "arrow per segment (flags, seq, ack, length), lost segments crossed out, each side's states.",
            "SOURCE is a results folder with a trace.csv.gz (written by 'run --trace') or a YAML config, of which one "
                + "run is simulated with a trace. The text rendering is printed to standard output."},
        footer = {"Examples:",
            "  tcpsim ladder experiments/configs/final-ack-lost.yaml",
            "  tcpsim run experiments/configs/quickstart.yaml --trace",
            "  tcpsim ladder results/quickstart --connection 7 --point 1",
            "The loss model {model: drop-list, packets: [K, ...]} on a link direction",
            "drops exactly its K-th ... packets: a staged loss to draw. {model: drop-segments,",
            "match: FIN, nth: [1, 2]} drops the 1st and 2nd FIN of the direction whatever went",
            "before them; match is all, SYN, SYN-ACK, ACK (pure), FIN, RST or DATA.",
            "Exit codes: 0 ok, 1 the simulation or a picture failed, 2 bad input."})
final class LadderCommand implements Callable<Integer> {
    private static final List<String> FORMATS = List.of("png", "svg", "txt");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE",
            description = "a results folder containing trace.csv.gz, or an experiment config (YAML)")
    Path source;

    @Option(names = "--connection", paramLabel = "N",
            description = "the connection's number, as in connections.csv.gz and trace.csv.gz (their connection column) "
                    + "(default: the first actively opened connection)")
    Long connection;

    @Option(names = "--point", paramLabel = "N", defaultValue = "0",
            description = "sweep point (default: ${DEFAULT-VALUE})")
    int point;

    @Option(names = "--replication", paramLabel = "N", defaultValue = "0",
            description = "replication (default: ${DEFAULT-VALUE})")
    int replication;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "override a config key (with a config SOURCE only; repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "output folder (default: the results folder SOURCE; for a config SOURCE its results "
                    + "folder results/<name> when that holds a run's results, else <tmpdir>/tcpsim-ladder/<name>)")
    Path out;

    @Option(names = "--absolute",
            description = "absolute seq and ack numbers, as on the wire (default: relative to each side's ISN, "
                    + "as Wireshark shows them: the SYN is seq=0)")
    boolean absolute;

    @Option(names = "--columns", paramLabel = "N", defaultValue = "" + LadderText.COLUMNS,
            description = "width of the text rendering (default: ${DEFAULT-VALUE}); longer labels are cut")
    int columns;

    @Option(names = "--format", paramLabel = "FORMATS", split = ",", defaultValue = "png,svg,txt",
            description = "comma-separated subset of png,svg,txt (default: ${DEFAULT-VALUE})")
    List<String> formats;

    @Override
    public Integer call() throws Exception {
        for (String f : formats) {
            if (!FORMATS.contains(f)) {
                throw new ParameterException(spec.commandLine(),
                        "--format: unknown format '" + f + "' (allowed: png, svg, txt)");
            }
        }
        if (columns < 40) {
            throw new ParameterException(spec.commandLine(), "--columns must be at least 40, got " + columns);
        }
        if (point < 0 || replication < 0) {
            throw new ParameterException(spec.commandLine(), "--point and --replication must be >= 0");
        }
        List<TraceRow> rows;
        Path outDir;
        if (Files.isDirectory(source)) {
            Path trace = source.resolve(TraceFiles.TRACE_CSV);
            if (!Files.isRegularFile(trace)) {
                throw new ParameterException(spec.commandLine(), "SOURCE: " + source + " has no "
                        + TraceFiles.TRACE_CSV + " (run the experiment with --trace, or give a config)");
            }
            if (!overrides.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--set needs a config SOURCE, not a results folder");
            }
            rows = TraceFiles.read(trace, point, replication);
            outDir = out != null ? out : source;
        } else if (Files.isRegularFile(source)) {
            ExperimentConfig cfg = ConfigLoader.load(source, overrides); // a ConfigException is bad input
            outDir = out != null ? out : besideTheResults(cfg);
            rows = traceOneRun(cfg, outDir);
        } else {
            throw new ParameterException(spec.commandLine(), "SOURCE: no such file or folder: " + source);
        }
        if (rows.isEmpty()) {
            throw new Main.BadInputException("no trace rows for point " + point + " replication " + replication
                    + " in " + source);
        }
        Optional<Long> tcb = connection != null ? clientTcb(rows, connection)
                : LadderDiagram.firstClientConnection(rows);
        if (tcb.isEmpty()) {
            throw connection != null ? new ParameterException(spec.commandLine(), "--connection: connection "
                    + connection + " is not in the trace of point " + point + " replication " + replication
                    + " (connections: " + numbers(rows) + ")")
                    : new Main.BadInputException("no actively opened connection in point " + point + " replication "
                            + replication + " (name one with --connection)");
        }
        LadderDiagram diagram = LadderDiagram.fromTrace(rows, tcb.get(),
                absolute ? LadderDiagram.Numbering.ABSOLUTE : LadderDiagram.Numbering.RELATIVE);
        long chosen = connection != null ? connection : numberOf(rows, tcb.get());
        Files.createDirectories(outDir);
        String base = "ladder-" + point + "-" + replication + "-" + chosen;
        for (String f : formats) {
            Path file = outDir.resolve(base + "." + f);
            switch (f) {
                case "png" -> LadderImages.writePng(diagram, file);
                case "svg" -> LadderImages.writeSvg(diagram, file);
                default -> LadderImages.writeText(diagram, columns, file);
            }
            spec.commandLine().getErr().println("wrote " + file);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(LadderText.render(diagram, columns));
        stdout.flush();
        return Main.OK;
    }

    /**
     * The TCB that draws connection {@code n} (the workload's number): its client's, or its server's when the trace
     * holds no state row of the client's.
     */
    private static Optional<Long> clientTcb(List<TraceRow> rows, long n) {
        Optional<Long> any = Optional.empty();
        for (TraceRow r : rows) {
            if (r.event() == TraceRow.Event.STATE && r.connection() == n) {
                if (r.state().equals("SYN_SENT")) {
                    return Optional.of(r.tcb());
                }
                any = any.or(() -> Optional.of(r.tcb()));
            }
        }
        return any;
    }

    /** The connection number of TCB {@code tcb} in the trace (0 when it belongs to none). */
    private static long numberOf(List<TraceRow> rows, long tcb) {
        for (TraceRow r : rows) {
            if (r.tcb() == tcb) {
                return r.connection();
            }
        }
        return 0;
    }

    /** The connection numbers in the trace, as a short list for a message. */
    private static String numbers(List<TraceRow> rows) {
        long[] n = rows.stream().filter(r -> r.event() == TraceRow.Event.STATE && r.connection() != 0)
                .mapToLong(TraceRow::connection).distinct().sorted().toArray();
        if (n.length == 0) {
            return "none";
        }
        return n.length <= 10 ? java.util.Arrays.toString(n).replaceAll("[\\[\\]]", "")
                : n[0] + " .. " + n[n.length - 1] + ", " + n.length + " in all";
    }

    /**
     * Where the pictures of a config go without {@code --out}: beside its results when {@code run} has written them
     * (the folder it writes by default, results/&lt;name&gt;, holding a manifest), else a folder under the system's
     * temporary folder; never a folder of the working tree that is not a results folder (which would also stop a
     * later {@code run} from writing its results there).
     */
    private static Path besideTheResults(ExperimentConfig cfg) {
        Path results = Path.of("results", cfg.name()); // RunCommand's default results folder
        if (Files.isRegularFile(results.resolve(ResultFiles.MANIFEST))) {
            return results;
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "tcpsim-ladder", cfg.name());
    }

    /** Simulates (point, replication) of {@code cfg} with the trace kept in memory; returns its rows. */
    private List<TraceRow> traceOneRun(ExperimentConfig cfg, Path outDir) throws Exception {
        RunPlan plan;
        try {
            plan = RunPlan.one(cfg, outDir, point, replication);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        TraceHook trace = TraceHook.inMemory();
        Experiment.run(plan, List.of(trace), RunSink.DISCARD);
        return trace.rows(point, replication);
    }
}
