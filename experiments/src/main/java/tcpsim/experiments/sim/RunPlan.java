package tcpsim.experiments.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tcpsim.experiments.config.ExperimentConfig;

/**
 * Which runs of an experiment to compute, on how many threads, and the folder the run hooks write into.
 *
 * @param config the experiment
 * @param outputDir the results folder being written ({@link RunContext#outputDir()})
 * @param threads runs computed at once, at least 1
 * @param runs the (point, replication) pairs, in delivery order
 */
public record RunPlan(ExperimentConfig config, Path outputDir, int threads, List<RunId> runs) {
    /** One run of the plan. */
    public record RunId(int point, int replication) {
    }

    public RunPlan {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        runs = List.copyOf(runs);
        for (RunId id : runs) {
            check(config, id.point(), id.replication());
        }
    }

    /** Every sweep point x replication of {@code config}, on at most {@code threads} threads. */
    public static RunPlan every(ExperimentConfig config, Path outputDir, int threads) {
        List<RunId> runs = new ArrayList<>();
        for (int p = 0; p < config.points().size(); p++) {
            for (int r = 0; r < config.replications(); r++) {
                runs.add(new RunId(p, r));
            }
        }
        return new RunPlan(config, outputDir, Math.min(threads, Math.max(1, runs.size())), runs);
    }

    /**
     * Just (point, replication) of {@code config}.
     *
     * @throws IllegalArgumentException when the config has no such point or replication
     */
    public static RunPlan one(ExperimentConfig config, Path outputDir, int point, int replication) {
        return new RunPlan(config, outputDir, 1, List.of(new RunId(point, replication)));
    }

    static void check(ExperimentConfig cfg, int point, int replication) {
        if (point < 0 || point >= cfg.points().size()) {
            throw new IllegalArgumentException("point " + point + " is not in 0.." + (cfg.points().size() - 1));
        }
        if (replication < 0 || replication >= cfg.replications()) {
            throw new IllegalArgumentException("replication " + replication + " is not in 0.."
                    + (cfg.replications() - 1));
        }
    }
}
