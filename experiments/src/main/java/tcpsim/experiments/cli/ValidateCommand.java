package tcpsim.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tcpsim.experiments.config.ConfigLoader;
import tcpsim.experiments.config.Estimate;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.config.SweepPoint;
import tcpsim.experiments.sim.RunPlan;

/** {@code tcpsim validate CONFIG}: checks a config and its overrides without running anything. */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Check a config (and --set overrides) without running it. Prints the sweep grid.",
        footer = {"", "Exit codes: 0 valid, 2 invalid (the message names the file, the key and what is allowed).",
            "Example: tcpsim validate my.yaml --set replications=3"})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The experiment config (YAML).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a config value by its dotted key, e.g. --set topology.link.loss=0.05 or "
                    + "--set sweep.workload.close=[client-first,server-first]. Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", description = "Override the master seed.")
    Long seed;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing; only the exit code tells.")
    boolean quiet;

    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "Threads 'run' would use, for the heap estimate (default: number of processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--shards", paramLabel = "N",
            description = "Also print how 'run --shard K/N' splits the runs over N shards: each shard's runs "
                    + "(p<point>-r<replication>) and estimated cost (the sum of its runs' estimated wall times).")
    Integer shards;

    @Override
    public Integer call() throws Exception {
        if (threads < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--threads must be at least 1, got " + threads);
        }
        if (shards != null && shards < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--shards must be at least 1, got " + shards);
        }
        ExperimentConfig cfg = ConfigLoader.load(config, RunCommand.overrides(sets, seed));
        List<Estimate> estimates = Estimate.of(cfg);
        if (!quiet) {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s: valid. Experiment '%s': %d sweep point(s) x %d replication(s) = %d run(s), seed %d%n",
                    config, cfg.name(), cfg.points().size(), cfg.replications(), cfg.runCount(), cfg.seed());
            for (SweepPoint p : cfg.points()) {
                StringBuilder sb = new StringBuilder();
                p.params().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=')
                        .append(v));
                out.printf("  point %d: %s%n    estimate: %s%n", p.index(), sb.length() == 0 ? "(no sweep)" : sb,
                        estimates.get(p.index()).describe());
            }
            double events = 0;
            double wall = 0;
            for (Estimate e : estimates) {
                events += e.events() * cfg.replications();
                wall += e.wallSeconds() * cfg.replications();
            }
            int parallel = Math.min(threads, Math.max(1, cfg.runCount()));
            out.printf("estimate: %s events in all, peak heap %s of %s (%d thread(s)), wall time %s%n",
                    Estimate.count(events), Estimate.bytes(Estimate.peakHeap(cfg, threads)),
                    Estimate.bytes(Runtime.getRuntime().maxMemory()), threads, Estimate.seconds(wall / parallel));
            if (shards != null) {
                printShards(out, cfg, shards);
            }
            out.flush();
        }
        Estimate.refuseIfTooLarge(cfg, threads, Runtime.getRuntime().maxMemory()); // what run would refuse
        return Main.OK;
    }

    /** The assignment of {@code run --shard K/N}, one line per shard. */
    private static void printShards(PrintWriter out, ExperimentConfig cfg, int n) {
        double[] cost = RunPlan.runCosts(cfg);
        List<List<RunPlan.RunId>> split = RunPlan.assignment(cfg, n);
        out.printf("shards: %d run(s) over %d shard(s), balanced by estimated cost (run --shard K/%d)%n",
                cfg.runCount(), n, n);
        for (int k = 1; k <= n; k++) {
            List<RunPlan.RunId> runs = split.get(k - 1);
            double sum = 0;
            StringBuilder names = new StringBuilder();
            for (RunPlan.RunId id : runs) {
                sum += cost[id.point()];
                names.append(' ').append("p").append(id.point()).append("-r").append(id.replication());
            }
            out.printf(Locale.ROOT, "  shard %d/%d: %d run(s), estimated %.3g s:%s%n", k, n, runs.size(), sum,
                    runs.isEmpty() ? " none (more shards than runs; the empty shard is valid)" : names);
        }
    }
}
