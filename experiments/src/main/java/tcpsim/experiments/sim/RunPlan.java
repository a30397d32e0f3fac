package tcpsim.experiments.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tcpsim.experiments.config.Estimate;
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
     * The runs of shard {@code k} of {@code n} of {@code config} ({@link #assignment}), in (point, replication)
     * order, on at most {@code threads} threads.
     *
     * @throws IllegalArgumentException unless 1 <= k <= n
     */
    public static RunPlan shard(ExperimentConfig config, Path outputDir, int threads, int k, int n) {
        if (n < 1 || k < 1 || k > n) {
            throw new IllegalArgumentException("shard " + k + "/" + n + " is not one of 1/" + n + ".." + n + "/" + n);
        }
        List<RunId> runs = assignment(config, n).get(k - 1);
        return new RunPlan(config, outputDir, Math.min(threads, Math.max(1, runs.size())), runs);
    }

    /**
     * Every run of {@code config} split over {@code n} shards, balanced by estimated cost ({@link Estimate#of}:
     * the wall time of one run of its point): longest processing time first, the runs sorted by (cost descending,
     * point, replication), each given to the shard with the least estimated cost so far, the lowest shard number
     * on a tie. It depends on the config alone, so every shard of a cluster job computes the same assignment
     * without talking to the others. With more shards than runs the last shards get none. Each shard's runs are
     * in (point, replication) order.
     *
     * @return n lists, shard 1 first
     */
    public static List<List<RunId>> assignment(ExperimentConfig config, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("shards must be at least 1, got " + n);
        }
        double[] cost = runCosts(config);
        List<RunId> byCost = new ArrayList<>(every(config, Path.of(""), 1).runs());
        // the comparator reads the cost of a point; every replication of it costs the same
        byCost.sort(Comparator.comparingDouble((RunId id) -> -cost[id.point()]).thenComparingInt(RunId::point)
                .thenComparingInt(RunId::replication));
        double[] load = new double[n];
        List<List<RunId>> shards = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shards.add(new ArrayList<>());
        }
        for (RunId id : byCost) {
            int least = 0;
            for (int i = 1; i < n; i++) {
                least = load[i] < load[least] ? i : least;
            }
            load[least] += cost[id.point()];
            shards.get(least).add(id);
        }
        List<List<RunId>> out = new ArrayList<>();
        for (List<RunId> s : shards) {
            s.sort(Comparator.comparingInt(RunId::point).thenComparingInt(RunId::replication));
            out.add(List.copyOf(s));
        }
        return List.copyOf(out);
    }

    /** The estimated wall time of one run of each point, s (what {@link #assignment} balances). */
    public static double[] runCosts(ExperimentConfig config) {
        List<Estimate> estimates = Estimate.of(config);
        double[] cost = new double[estimates.size()];
        for (int p = 0; p < cost.length; p++) {
            double c = estimates.get(p).wallSeconds();
            cost[p] = Double.isFinite(c) ? c : Double.MAX_VALUE; // an unbounded run is refused before it runs
        }
        return cost;
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
