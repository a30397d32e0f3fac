package tcpsim.experiments.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.config.SweepPoint;
import tcpsim.kernel.net.Host;

/** Runs one run: one sweep point x one replication, single-threaded and deterministic. */
public final class Runner {
    private Runner() {
    }

    /**
     * Runs (point, replication) of {@code cfg} to completion, with {@code hooks} attached before the first event and
     * closed after the last; hooks see {@code results/<name>} as their output folder.
     */
    public static RunResult runSingle(ExperimentConfig cfg, int point, int replication, List<RunHook> hooks)
            throws Exception {
        return runSingle(cfg, point, replication, hooks, Path.of("results", cfg.name()));
    }

    /** Like {@link #runSingle(ExperimentConfig, int, int, List)} with the hooks' output folder given. */
    public static RunResult runSingle(ExperimentConfig cfg, int point, int replication, List<RunHook> hooks,
            Path outputDir) throws Exception {
        if (point < 0 || point >= cfg.points().size()) {
            throw new IllegalArgumentException("point " + point + " is not in 0.." + (cfg.points().size() - 1));
        }
        if (replication < 0 || replication >= cfg.replications()) {
            throw new IllegalArgumentException("replication " + replication + " is not in 0.."
                    + (cfg.replications() - 1));
        }
        SweepPoint sp = cfg.points().get(point);
        Scenario s = new Scenario(sp.config(), cfg.output(), cfg.seed(), replication);
        RunContext ctx = new RunContext(point, replication, s.sim, s.network, s.tcp, outputDir);
        List<AutoCloseable> attached = new ArrayList<>();
        Exception failure = null;
        try {
            for (RunHook h : hooks) {
                attached.add(h.attach(ctx));
            }
            s.run();
        } catch (Exception e) {
            failure = e;
        } finally {
            for (int i = attached.size() - 1; i >= 0; i--) {
                try {
                    AutoCloseable a = attached.get(i);
                    if (a != null) {
                        a.close();
                    }
                } catch (Exception e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        List<String> hostNames = new ArrayList<>();
        for (Host h : s.hosts) {
            hostNames.add(h.name());
        }
        return new RunResult(point, replication, hostNames, s.recorder.records(),
                cfg.output().occupancy() ? s.occupancy.rows() : null, s.occupancy, s.profile.timeWait(),
                s.sim.eventsProcessed());
    }
}
