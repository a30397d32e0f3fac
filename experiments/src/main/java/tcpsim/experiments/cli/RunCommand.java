package tcpsim.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
import tcpsim.experiments.results.ResultsFolder;
import tcpsim.experiments.results.ResultsWriter;
import tcpsim.experiments.results.SummaryRow;
import tcpsim.experiments.sim.Experiment;
import tcpsim.experiments.sim.RunFailedException;
import tcpsim.experiments.sim.RunHook;
import tcpsim.experiments.sim.RunPlan;

/** {@code tcpsim run CONFIG}: runs every sweep point x replication and writes the results folder. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Run an experiment (every sweep point x replication), write its results folder.",
            "The folder holds manifest.json, connections.csv, occupancy.csv, summary.csv,",
            "summary.json, charts/ and report.html.",
            "Data files are byte-identical for the same config and seed, whatever --threads."},
        footer = {"", "Exit codes: 0 ok, 1 a run or the report failed, 2 bad input (nothing written).",
            "Examples:",
            "  tcpsim run experiments/configs/quickstart.yaml",
            "  tcpsim run my.yaml --threads 2 --set replications=3 --seed 7",
            "  tcpsim run my.yaml --out /tmp/r --set 'sweep.topology.link.loss=[0, 0.1]'"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The experiment config (YAML).")
    Path config;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Results folder (default: results/<name>). An existing results folder is replaced "
                    + "once the new one is complete.")
    Path out;

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

    @Option(names = "--trace", description = "Also write trace.csv, every segment of every run.")
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
        ResultsFolder.check(dir);
        boolean wantPcap = pcap || cfg.output().pcap();
        boolean wantTrace = trace || cfg.output().trace();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();

        List<RunHook> hooks = new ArrayList<>();
        if (wantPcap) {
            hooks.add(new PcapHook());
        }
        if (wantTrace) {
            hooks.add(TraceHook.toParts());
        }
        Path tmp = ResultsFolder.createTemporary(dir);
        Progress progress = new Progress(err, quiet, System.console() != null);
        List<SummaryRow> summary;
        long started = System.nanoTime();
        try (ResultsWriter writer = new ResultsWriter(cfg, tmp)) {
            Experiment.run(RunPlan.every(cfg, tmp, threads), hooks, writer.outputs(), writer.andThen(progress));
            progress.phase("writing the data files, summaries and manifest");
            writer.closeRows();
            if (wantTrace) {
                progress.phase("merging the trace parts into " + TraceFiles.TRACE_CSV);
                TraceFiles.merge(tmp);
            }
            Path cfgDir = config.toAbsolutePath().getParent();
            writer.finish(new ResultsWriter.RunInfo(Main.tcpsimVersion(), Main.gitCommit(cfgDir),
                    System.getProperty("java.version")));
            summary = writer.summaryRows();
        } catch (RunFailedException e) {
            progress.abort();
            ResultsFolder.delete(tmp);
            err.println("tcpsim: failed: " + e.getMessage());
            if (System.getenv("TCPSIM_DEBUG") != null) {
                e.getCause().printStackTrace(err);
            }
            err.println("tcpsim: nothing was written to " + dir);
            err.flush();
            return Main.FAILED;
        } catch (Exception | Error e) {
            progress.abort();
            ResultsFolder.delete(tmp);
            throw e;
        }
        progress.phase("drawing the charts and report.html");
        int code = Main.OK;
        try {
            Report.render(tmp);
        } catch (Exception e) {
            err.println("tcpsim: the report failed: " + e + "; the data files are complete; retry with"
                    + " 'tcpsim plot " + dir + "'");
            code = Main.FAILED;
        }
        ResultsFolder.commit(tmp, dir);
        if (!quiet) {
            SummaryTable.print(stdout, cfg, summary);
            stdout.printf("%d run(s) in %.1f s; results in %s%n", cfg.runCount(),
                    (System.nanoTime() - started) / 1e9, dir);
            stdout.flush();
        }
        err.flush();
        return code;
    }
}
