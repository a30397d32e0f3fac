package tcpsim.experiments.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tcpsim.experiments.capture.PcapHook;
import tcpsim.experiments.capture.TraceFiles;
import tcpsim.experiments.capture.TraceHook;
import tcpsim.experiments.config.ConfigLoader;
import tcpsim.experiments.config.Estimate;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.report.Report;
import tcpsim.experiments.results.FolderLock;
import tcpsim.experiments.results.Manifest;
import tcpsim.experiments.results.Provenance;
import tcpsim.experiments.results.ResultsFolder;
import tcpsim.experiments.results.ResultsWriter;
import tcpsim.experiments.results.SummaryRow;
import tcpsim.experiments.sim.Experiment;
import tcpsim.experiments.sim.RunFailedException;
import tcpsim.experiments.sim.RunHook;
import tcpsim.experiments.sim.RunPlan;
import tcpsim.experiments.sim.RunResult;
import tcpsim.experiments.sim.RunSink;

/** {@code tcpsim run CONFIG}: runs every sweep point x replication and writes the results folder. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Run an experiment (every sweep point x replication), write its results folder.",
            "The folder holds manifest.json, provenance.json, connections.csv.gz, occupancy.csv.gz, summary.csv,",
            "summary.json, charts/ and report.html.",
            "Data files are byte-identical for the same config and seed, whatever --threads."},
        footer = {"", "Exit codes: 0 ok, 1 a run or the report failed, 2 bad input (nothing written),",
            "130 interrupted (Ctrl-C; 143 for SIGTERM): nothing was replaced; finished runs are kept for --resume.",
            "Examples:",
            "  tcpsim run experiments/configs/quickstart.yaml --force",
            "  tcpsim run my.yaml --threads 2 --set replications=3 --seed 7",
            "  tcpsim run my.yaml --out /tmp/r --set 'sweep.topology.link.loss=[0, 0.1]'"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The experiment config (YAML).")
    Path config;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Results folder (default: results/<name>).")
    Path out;

    @Option(names = {"-f", "--force"},
            description = "Replace the results in an existing results folder (only the files its manifest lists; "
                    + "every other file stays), once the new ones are complete.")
    boolean force;

    @Option(names = "--resume",
            description = "Continue the interrupted run of the same config, --set and --seed into this folder: "
                    + "its finished runs whose checksums verify are kept, the others are computed again; the "
                    + "data files come out byte-identical to an uninterrupted run's.")
    boolean resume;

    @Option(names = "--seed", paramLabel = "N", description = "Override the master seed of the config.")
    Long seed;

    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "Runs in parallel (default: the number of processors, ${DEFAULT-VALUE} here).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a config value by its dotted key, e.g. --set topology.link.loss=0.05, "
                    + "--set tcp.time-wait=30s or --set 'sweep.workload.close=[client-first,server-first]'. "
                    + "Repeatable; applied in order.")
    List<String> sets = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "No progress and no summary table; errors only.")
    boolean quiet;

    @Option(names = "--pcap", description = "Also write packet captures (pcap/<point>-<replication>-<host>.pcap).")
    boolean pcap;

    @Option(names = "--trace", description = "Also write trace.csv.gz, every segment of every run.")
    boolean trace;

    /** The --set list with --seed appended as a seed override. */
    static List<String> overrides(List<String> sets, Long seed) {
        List<String> all = new ArrayList<>(sets);
        if (seed != null) {
            all.add("seed=" + seed);
        }
        return all;
    }

    @Override
    public Integer call() throws Exception {
        if (threads < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--threads must be at least 1, got " + threads);
        }
        ExperimentConfig cfg = ConfigLoader.load(config, overrides(sets, seed));
        Estimate.refuseIfTooLarge(cfg, threads, Runtime.getRuntime().maxMemory()); // exit 2 before writing
        Path dir = out != null ? out : Path.of("results", cfg.name());
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> note = line -> {
            err.println("tcpsim: " + line);
            err.flush();
        };
        // lock first: a switch cut short by a kill leaves the folder without its manifest until it is recovered
        try (FolderLock lock = FolderLock.acquire(dir, note)) {
            ResultsFolder.recoverStale(dir, note);
            boolean replacing = ResultsFolder.check(dir, force).isPresent();
            if (resume && (pcap || trace || cfg.output().pcap() || cfg.output().trace())) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--resume cannot continue a run with packet captures or traces; run it again without "
                                + "--resume");
            }
            Path tmp = resume ? ResultsFolder.adoptResumable(dir, Manifest.configHash(cfg))
                    : ResultsFolder.createTemporary(dir);
            ResultsFolder.markResumable(tmp, Manifest.configHash(cfg));
            return runLocked(cfg, dir, tmp, lock, replacing);
        }
    }

    /** Counts the runs delivered and stops the experiment once an interruption has come. */
    private static final class Tally implements RunSink {
        private final Interruption[] interruption;
        private volatile int total;
        private volatile int done;
        private int kept; // finished runs taken from the partial folder of an interrupted run

        Tally(Interruption[] interruption) {
            this.interruption = interruption;
        }

        @Override
        public void started(int totalRuns) {
            total = totalRuns;
        }

        @Override
        public void accept(RunResult run) throws InterruptedException {
            if (interruption[0] != null && interruption[0].interrupted()) {
                throw new InterruptedException("interrupted");
            }
            done++;
        }
    }

    private int runLocked(ExperimentConfig cfg, Path dir, Path tmp, FolderLock lock, boolean replacing)
            throws Exception {
        Instant started = Instant.now();
        boolean wantTrace = trace || cfg.output().trace();
        List<RunHook> hooks = new ArrayList<>();
        if (pcap || cfg.output().pcap()) {
            hooks.add(new PcapHook());
        }
        if (wantTrace) {
            hooks.add(TraceHook.toParts(cfg));
        }
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = new Progress(err, quiet, System.console() != null);
        Interruption[] holder = new Interruption[1];
        Tally tally = new Tally(holder);
        List<SummaryRow> summary;
        SortedSet<RunPlan.RunId> kept = resume ? ResultsWriter.verifiedRuns(tmp) : new TreeSet<>();
        tally.kept = kept.size();
        if (resume) {
            progress.phase(kept.size() + " of " + cfg.runCount() + " run(s) finished and verified; computing the "
                    + "others");
        }
        try (Interruption interruption = new Interruption(() -> abort(tmp, dir, lock, tally, cfg, replacing),
                err);
             ResultsWriter writer = new ResultsWriter(cfg, tmp)) {
            holder[0] = interruption;
            writer.restore(kept);
            List<RunPlan.RunId> missing = new ArrayList<>(RunPlan.every(cfg, tmp, threads).runs());
            if (!kept.isEmpty()) {
                missing.removeAll(kept);
            }
            try {
                Experiment.run(new RunPlan(cfg, tmp, Math.min(threads, Math.max(1, missing.size())), missing),
                        hooks, writer.outputs(),
                        tally.andThen(writer).andThen(progress));
                progress.phase("writing the data files, summaries and manifest");
                writer.closeRows();
                if (wantTrace) {
                    progress.phase("merging the trace parts into " + TraceFiles.TRACE_CSV);
                    TraceFiles.merge(tmp);
                }
                writer.finish(new ResultsWriter.RunInfo(Main.tcpsimVersion(), regenerateCommand(dir)));
                summary = writer.summaryRows();
            } catch (RunFailedException e) {
                return failed(e, interruption, progress, tmp, dir);
            } catch (Exception | Error e) {
                if (interruption.interrupted()) {
                    return Main.FAILED; // the hook is removing tmp and says why
                }
                progress.abort();
                ResultsFolder.delete(tmp);
                throw e;
            }
            if (!interruption.finishing()) {
                return Main.FAILED;
            }
            progress.phase("drawing the charts and report.html");
            int code = finishFolder(tmp, dir, started);
            printSummary(cfg, summary, dir, started);
            return code;
        }
    }

    private int failed(RunFailedException e, Interruption interruption, Progress progress, Path tmp, Path dir)
            throws IOException {
        if (interruption.interrupted()) {
            return Main.FAILED;
        }
        PrintWriter err = spec.commandLine().getErr();
        progress.abort();
        ResultsFolder.delete(tmp);
        err.println("tcpsim: failed: " + e.getMessage());
        if (System.getenv("TCPSIM_DEBUG") != null) {
            e.getCause().printStackTrace(err);
        }
        err.println("tcpsim: nothing was written to " + dir);
        err.flush();
        return Main.FAILED;
    }

    /**
     * On the shutdown hook's thread: the runs are not all done. The finished ones stay in the partial folder for
     * {@code --resume}; with none finished, nothing is kept.
     */
    private void abort(Path tmp, Path dir, FolderLock lock, Tally tally, ExperimentConfig cfg, boolean replacing) {
        PrintWriter err = spec.commandLine().getErr();
        int finished = tally.kept + tally.done;
        if (finished > 0) {
            String unlocked = "";
            try {
                lock.close();
            } catch (IOException e) {
                unlocked = "; could not remove the lock " + FolderLock.fileOf(dir);
            }
            List<String> again = new ArrayList<>(List.of("tcpsim"));
            again.addAll(regenerateCommand(dir));
            if (replacing) {
                again.add("--force");
            }
            again.add("--resume");
            err.println();
            err.println("tcpsim: interrupted: " + finished + " of " + cfg.runCount() + " run(s) finished; they are "
                    + "kept in " + tmp + " and " + (replacing ? dir + " is unchanged" : "nothing was written to "
                    + dir) + unlocked);
            err.println("tcpsim: to compute the other runs and finish the folder: " + String.join(" ", again));
            err.flush();
            return;
        }
        String removed = "";
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                ResultsFolder.delete(tmp); // runs still in flight may add files meanwhile: retry
                break;
            } catch (IOException e) {
                removed = "; could not remove " + tmp + " (" + e.getMessage() + "): delete it, it is incomplete";
            }
        }
        if (!Files.exists(tmp)) {
            removed = "";
        }
        try {
            lock.close();
        } catch (IOException e) {
            removed += "; could not remove the lock " + FolderLock.fileOf(dir);
        }
        int points = tally.done / cfg.replications();
        err.println();
        err.println("tcpsim: interrupted: " + tally.done + " of " + tally.total + " run(s) finished (" + points
                + " of " + cfg.points().size() + " sweep point(s) complete); the data is incomplete and was "
                + "discarded; " + (replacing ? dir + " is unchanged" : "nothing was written to " + dir) + removed);
        err.flush();
    }

    /** Provenance, report and the switch into place; exit code 1 when only the report failed. */
    private int finishFolder(Path tmp, Path dir, Instant started) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        int code = Main.OK;
        try {
            Report.render(tmp);
        } catch (Exception e) {
            err.println("tcpsim: the report failed: " + e + "; the data files are complete; retry with"
                    + " 'tcpsim plot " + dir + "'");
            code = Main.FAILED;
        }
        Manifest.recordReportFiles(tmp);
        List<String> argv = new ArrayList<>();
        argv.add("tcpsim");
        argv.addAll(spec.commandLine().getParseResult().originalArgs());
        new Provenance(argv, Path.of("").toAbsolutePath().toString(), threads, Main.tcpsimVersion(),
                BuildInfo.commit(), BuildInfo.dirty(), started, Instant.now()).write(tmp);
        ResultsFolder.commit(tmp, dir);
        err.flush();
        return code;
    }

    private void printSummary(ExperimentConfig cfg, List<SummaryRow> summary, Path dir, Instant started) {
        if (quiet) {
            return;
        }
        PrintWriter stdout = spec.commandLine().getOut();
        SummaryTable.print(stdout, cfg, summary);
        stdout.printf("%d run(s) in %.1f s; results in %s%n", cfg.runCount(),
                java.time.Duration.between(started, Instant.now()).toNanos() / 1e9, dir);
        stdout.flush();
    }

    /**
     * The command that regenerates this folder's data exactly, for the manifest and the report's "regenerate"
     * line: paths relative to the working directory when inside it (so rerunning a bundled config from the
     * repository root records the same words), every override in order, the capture switches; not --threads, -q
     * or --force, which change nothing in the data.
     */
    List<String> regenerateCommand(Path dir) {
        List<String> cmd = new ArrayList<>(List.of("run", portable(config), "--out", portable(dir)));
        for (String s : sets) {
            cmd.add("--set");
            cmd.add(s);
        }
        if (seed != null) {
            cmd.add("--seed");
            cmd.add(Long.toString(seed));
        }
        if (pcap) {
            cmd.add("--pcap");
        }
        if (trace) {
            cmd.add("--trace");
        }
        return cmd;
    }

    private static String portable(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        Path shown = abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs) : abs;
        return shown.toString().replace('\\', '/');
    }
}
