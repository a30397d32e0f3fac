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
import tcpsim.experiments.config.ConfigLoader;
import tcpsim.experiments.config.Estimate;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.config.SweepPoint;

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

    @Override
    public Integer call() throws Exception {
        if (threads < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--threads must be at least 1, got " + threads);
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
            out.flush();
        }
        Estimate.refuseIfTooLarge(cfg, threads, Runtime.getRuntime().maxMemory()); // what run would refuse
        return Main.OK;
    }
}
