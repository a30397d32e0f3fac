package tcpsim.experiments.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.output.ResultsWriter;

/**
 * Runs a whole experiment into a folder: every sweep point x replication (in parallel when asked), rows written
 * in (point, replication) order as runs complete, one summary row per point, then the manifest.
 */
public final class Experiment {
    /** Progress of an experiment; called on the caller's thread, in run order. */
    public interface Listener {
        default void started(int totalRuns) {
        }

        default void runFinished(RunResult result, int done, int total) {
        }
    }

    /** Something to do after the runs and before the manifest (e.g. merging per-run trace files). */
    @FunctionalInterface
    public interface Step {
        void run(Path dir) throws Exception;
    }

    private Experiment() {
    }

    /**
     * Runs {@code cfg} writing into {@code dir}; returns the summary rows. {@code task} computes one run.
     *
     * @throws ParallelRuns.RunFailedException when a run fails (the folder is then incomplete: no manifest)
     */
    public static List<Map<String, String>> run(ExperimentConfig cfg, Path dir, int threads,
            ParallelRuns.RunTask task, Listener listener, ResultsWriter.RunInfo info, Step beforeManifest)
            throws Exception {
        int total = cfg.runCount();
        listener.started(total);
        try (ResultsWriter w = new ResultsWriter(cfg, dir)) {
            List<RunResult> pointRuns = new ArrayList<>();
            int[] done = {0};
            ParallelRuns.execute(cfg.points().size(), cfg.replications(), threads, task, res -> {
                w.addRun(res);
                pointRuns.add(res);
                done[0]++;
                if (pointRuns.size() == cfg.replications()) {
                    w.addPoint(cfg.points().get(res.point()), pointRuns);
                    pointRuns.clear();
                }
                listener.runFinished(res, done[0], total);
            });
            w.closeRows();
            if (beforeManifest != null) {
                beforeManifest.run(dir);
            }
            w.finish(info);
            return w.summaryRows();
        }
    }
}
