package tcpsim.experiments.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.config.SweepPoint;

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
        return runSingle(cfg, point, replication, hooks, outputDir, MemoryOutput.FACTORY);
    }

    /** Like {@link #runSingle(ExperimentConfig, int, int, List, Path)}, streaming the records to an output. */
    static RunResult runSingle(ExperimentConfig cfg, int point, int replication, List<RunHook> hooks,
            Path outputDir, RunOutput.Factory outputs) throws Exception {
        RunPlan.check(cfg, point, replication);
        SweepPoint sp = cfg.points().get(point);
        Scenario s = new Scenario(sp.config(), cfg.output(), cfg.seed(), point, replication, outputs);
        List<AutoCloseable> attached = new ArrayList<>();
        attached.add(s.output); // closed last
        RunContext ctx = new RunContext(point, replication, s.sim, s.network, s.tcp, outputDir,
                s.recorder::numberOf);
        Exception failure = null;
        String limit = null;
        try {
            for (RunHook h : hooks) {
                attached.add(h.attach(ctx));
            }
            limit = s.run(cfg.limits());
        } catch (java.io.UncheckedIOException e) {
            failure = e.getCause(); // the output could not be written
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
        MemoryOutput kept = s.output instanceof MemoryOutput m ? m : null;
        return new RunResult(point, replication, s.hostNames, kept == null ? List.of() : kept.records(),
                kept != null && cfg.output().occupancy() ? kept.rows() : null, s.occupancy, s.profile.timeWait(),
                s.sim.eventsProcessed(), limit, s.recorder.totals());
    }
}
