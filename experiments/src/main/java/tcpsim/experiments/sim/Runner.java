package tcpsim.experiments.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.config.SweepPoint;
import tcpsim.kernel.net.Host;

/** Runs one run: one sweep point x one replication, single-threaded and deterministic. */
final class Runner {
    private Runner() {
    }

    /**
     * Runs (point, replication) of {@code cfg} to completion, with {@code hooks} attached before the first event and
     * closed after the last; hooks see {@code outputDir} as their output folder. Only {@link Experiment} calls it.
     */
    static RunResult runSingle(ExperimentConfig cfg, int point, int replication, List<RunHook> hooks,
            Path outputDir) throws Exception {
        RunPlan.check(cfg, point, replication);
        SweepPoint sp = cfg.points().get(point);
        Scenario s = new Scenario(sp.config(), cfg.output(), cfg.seed(), replication);
        RunContext ctx = new RunContext(point, replication, s.sim, s.network, s.tcp, outputDir);
        List<AutoCloseable> attached = new ArrayList<>();
        Exception failure = null;
        String limit = null;
        try {
            for (RunHook h : hooks) {
                attached.add(h.attach(ctx));
            }
            limit = s.run(cfg.limits());
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
        return new RunResult(point, replication, hostNames, s.recorder.records(limit != null),
                cfg.output().occupancy() ? s.occupancy.rows() : null, s.occupancy, s.profile.timeWait(),
                s.sim.eventsProcessed(), limit);
    }
}
