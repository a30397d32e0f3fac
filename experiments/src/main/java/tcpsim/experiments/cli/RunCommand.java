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
import picocli.CommandLine.Mixin;
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
import tcpsim.experiments.results.ShardFolder;
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
            "  tcpsim run my.yaml --out /tmp/r --set 'sweep.topology.link.loss=[0, 0.1]'",
            "  tcpsim run my.yaml --shard 2/3    (3 shards; then merge them: see below)",
            "",
            "Shards (--shard K/N; README \"Running on a cluster\"): the runs are split over",
            "N shards by estimated cost ('tcpsim validate --shards N' prints the split):",
            "longest first, the runs sorted by (cost descending, point, replication),",
            "each to the shard with the least estimated cost so far, the lowest K on a",
            "tie. A shard folder (default results/<name>.shard-K-of-N) holds the parts of",
            "its runs and a manifest; a shard with no run (N larger than the number of",
            "runs) is valid and empty. --resume works in a shard."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The experiment config (YAML).")
    Path config;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Results folder (default: results/<name>).")
    Path out;

    @Mixin
    WritingOptions writing = new WritingOptions();

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

    @Option(names = "--pcap", description = "Also write packet captures (pcap/<point>-<replication>-<host>.pcap).")
    boolean pcap;

    @Option(names = "--trace", description = "Also write trace.csv.gz, every segment of every run.")
    boolean trace;

    @Option(names = "--shard", paramLabel = "K/N", converter = ShardSpec.Converter.class,
            description = "Run only the runs of shard K of N (1 <= K <= N, balanced by estimated cost) into a shard "
                    + "folder (default results/<name>.shard-K-of-N) for 'tcpsim merge'. Not with --pcap or "
                    + "--trace (their files are not checksummed per run, so a merge could not vouch for them).")
    ShardSpec shard;

    /** The runs this invocation is for: every run of the study, or those of its shard. */
    private List<RunPlan.RunId> selection = List.of();

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
        if (shard != null && (pcap || trace || cfg.output().pcap() || cfg.output().trace())) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--shard cannot be combined with packet captures or traces (--pcap, --trace, output.pcap, "
                            + "output.trace): their files are not checksummed per run, so a merge could not vouch "
                            + "for them; capture single runs with 'tcpsim run' or 'tcpsim ladder' instead");
        }
        Estimate.refuseIfTooLarge(cfg, threads, Runtime.getRuntime().maxMemory()); // exit 2 before writing
        Path dir = out != null ? out : Path.of("results", shard == null ? cfg.name() : shard.folderName(cfg.name()));
        selection = shard == null ? RunPlan.every(cfg, dir, 1).runs()
                : RunPlan.assignment(cfg, shard.count()).get(shard.index() - 1);
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> note = line -> {
            err.println("tcpsim: " + line);
            err.flush();
        };
        // lock first: a switch cut short by a kill leaves the folder without its manifest until it is recovered
        try (FolderLock lock = FolderLock.acquire(dir, note)) {
            ResultsFolder.recoverStale(dir, note);
            boolean replacing = ResultsFolder.check(dir, writing.force).isPresent();
            if (resume && (pcap || trace || cfg.output().pcap() || cfg.output().trace())) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--resume cannot continue a run with packet captures or traces; run it again without "
                                + "--resume");
            }
            // a shard resumes only the same shard: another K/N has other runs
            String resumeKey = Manifest.configHash(cfg) + (shard == null ? "" : " shard " + shard);
            Path tmp = resume ? ResultsFolder.adoptResumable(dir, resumeKey) : ResultsFolder.createTemporary(dir);
            ResultsFolder.markResumable(tmp, resumeKey);
            if (shard != null && selection.isEmpty()) {
                note.accept("shard " + shard + " has no run: the study has " + cfg.runCount() + " run(s) for "
                        + shard.count() + " shards; its folder records that and 'tcpsim merge' accepts it");
            }
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
        Progress progress = new Progress(err, writing.quiet, System.console() != null);
        Interruption[] holder = new Interruption[1];
        Tally tally = new Tally(holder);
        List<SummaryRow> summary;
        SortedSet<RunPlan.RunId> kept = resume ? ResultsWriter.verifiedRuns(tmp) : new TreeSet<>();
        kept.retainAll(selection);
        tally.kept = kept.size();
        if (resume) {
            progress.phase(kept.size() + " of " + selection.size() + " run(s) finished and verified; computing the "
                    + "others");
        }
        try (Interruption interruption = new Interruption(() -> abort(tmp, dir, lock, tally, cfg, replacing),
                err);
             ResultsWriter writer = shard == null ? new ResultsWriter(cfg, tmp)
                     : ResultsWriter.partsOnly(cfg, tmp)) {
            holder[0] = interruption;
            if (shard == null) {
                writer.restore(kept); // a shard's kept runs stay parts, like those it computes
            }
            List<RunPlan.RunId> missing = new ArrayList<>(selection);
            if (!kept.isEmpty()) {
                missing.removeAll(kept);
            }
            try {
                RunPlan plan = new RunPlan(cfg, tmp, Math.min(threads, Math.max(1, missing.size())), missing);
                Experiment.run(plan, hooks, writer.outputs(plan.threads()), tally.andThen(writer).andThen(progress));
                ResultsWriter.RunInfo info = new ResultsWriter.RunInfo(Main.tcpsimVersion(), regenerateCommand(dir));
                if (shard != null) {
                    progress.phase("writing the shard's manifest");
                    ShardFolder.finish(tmp, cfg, shard.index(), shard.count(), selection, info,
                            new ShardFolder.Study(portable(config), options()));
                    summary = List.of();
                } else {
                    progress.phase("writing the data files, summaries and manifest");
                    writer.closeRows();
                    if (wantTrace) {
                        progress.phase("merging the trace parts into " + TraceFiles.TRACE_CSV);
                        TraceFiles.merge(tmp);
                    }
                    writer.finish(info);
                    summary = writer.summaryRows();
                }
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
            if (shard == null) {
                progress.phase("drawing the charts and report.html");
            }
            int code = finishFolder(err, tmp, dir, shard == null, argv(spec), threads, started);
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
            err.println("tcpsim: interrupted: " + finished + " of " + selection.size() + " run(s) finished; they are "
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

    /** The command line as typed, for the provenance. */
    static List<String> argv(CommandSpec spec) {
        List<String> argv = new ArrayList<>();
        argv.add("tcpsim");
        argv.addAll(spec.commandLine().getParseResult().originalArgs());
        return argv;
    }

    /**
     * The end of every command that writes a results folder ({@code run}, a shard's {@code run}, {@code merge}):
     * the report (unless {@code report} is false: a shard has no data files to draw), the provenance and the
     * switch of the finished work folder {@code tmp} into {@code dir}; exit code 1 when only the report failed.
     */
    static int finishFolder(PrintWriter err, Path tmp, Path dir, boolean report, List<String> argv, int threads,
            Instant started) throws Exception {
        int code = Main.OK;
        if (report) {
            try {
                Report.render(tmp);
            } catch (Exception e) {
                err.println("tcpsim: the report failed: " + e + "; the data files are complete; retry with"
                        + " 'tcpsim plot " + dir + "'");
                code = Main.FAILED;
            }
            Manifest.recordReportFiles(tmp);
        }
        new Provenance(argv, Path.of("").toAbsolutePath().toString(), threads, Main.tcpsimVersion(),
                BuildInfo.commit(), BuildInfo.dirty(), started, Instant.now()).write(tmp);
        ResultsFolder.commit(tmp, dir);
        err.flush();
        return code;
    }

    private void printSummary(ExperimentConfig cfg, List<SummaryRow> summary, Path dir, Instant started) {
        if (writing.quiet) {
            return;
        }
        PrintWriter stdout = spec.commandLine().getOut();
        double seconds = java.time.Duration.between(started, Instant.now()).toNanos() / 1e9;
        if (shard != null) {
            stdout.printf("shard %s: %d of %d run(s) in %.1f s; parts in %s; once every shard is done: tcpsim "
                    + "merge <the %d shard folders> --out <dir>%n", shard, selection.size(), cfg.runCount(), seconds,
                    dir, shard.count());
            stdout.flush();
            return;
        }
        SummaryTable.print(stdout, cfg, summary);
        stdout.printf("%d run(s) in %.1f s; results in %s%n", cfg.runCount(), seconds, dir);
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
        if (shard != null) {
            cmd.add("--shard");
            cmd.add(shard.toString());
        }
        cmd.addAll(options());
        if (pcap) {
            cmd.add("--pcap");
        }
        if (trace) {
            cmd.add("--trace");
        }
        return cmd;
    }

    /** The words of the overrides in the regenerating command: each --set in order, then --seed. */
    private List<String> options() {
        List<String> words = new ArrayList<>();
        for (String s : sets) {
            words.add("--set");
            words.add(s);
        }
        if (seed != null) {
            words.add("--seed");
            words.add(Long.toString(seed));
        }
        return words;
    }

    /**
     * The command of the unsharded study that a merge into {@code dir} regenerates, as {@link #regenerateCommand}
     * words it for a run of {@code config} with the override words {@code options}.
     */
    static List<String> studyCommand(String config, Path dir, List<String> options) {
        List<String> cmd = new ArrayList<>(List.of("run", config, "--out", portable(dir)));
        cmd.addAll(options);
        return cmd;
    }

    static String portable(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        Path shown = abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs) : abs;
        return shown.toString().replace('\\', '/');
    }
}
