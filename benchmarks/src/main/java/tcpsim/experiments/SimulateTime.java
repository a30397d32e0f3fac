package tcpsim.experiments;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import tcpsim.experiments.config.ConfigLoader;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.sim.ConnectionRecord;
import tcpsim.experiments.sim.Experiment;
import tcpsim.experiments.sim.Outcome;
import tcpsim.experiments.sim.RunPlan;
import tcpsim.experiments.sim.RunResult;

/**
 * The simulate phase of one experiment config alone: runs its first run (point 0, replication 0) {@code repeat}
 * times on this thread, writing nothing, and prints per repetition the wall and CPU time of the events (from
 * the first event to the last, measured by a run hook on the run's thread), the events processed and the
 * completed connections per second of that wall and CPU time. CPU time is what to compare on a shared machine.
 *
 * <pre>
 * mvn -B -Pbench -DskipTests package -pl benchmarks -am
 * java -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar tcpsim.experiments.SimulateTime CONFIG.yaml [repeat]
 * </pre>
 */
public final class SimulateTime {
    private SimulateTime() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SimulateTime CONFIG.yaml [repeat] [--set KEY=VALUE ...]");
            System.exit(2);
        }
        int repeat = args.length > 1 && !args[1].startsWith("--") ? Integer.parseInt(args[1]) : 3;
        List<String> sets = new java.util.ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--set") && i + 1 < args.length) {
                sets.add(args[++i]);
            }
        }
        ExperimentConfig config = ConfigLoader.load(Path.of(args[0]), sets);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf("%-4s %10s %10s %12s %12s %14s %14s%n", "rep", "wall s", "cpu s", "events", "events/s cpu",
                "conns/s wall", "conns/s cpu");
        for (int r = 0; r < repeat; r++) {
            long[] span = new long[4]; // wall start, cpu start, wall end, cpu end
            long[] counts = new long[2]; // events, completed connections
            RunPlan plan = RunPlan.one(config, Path.of(System.getProperty("java.io.tmpdir")), 0, 0);
            Experiment.run(plan, List.of(context -> {
                span[0] = System.nanoTime();
                span[1] = threads.getCurrentThreadCpuTime();
                return () -> {
                    span[2] = System.nanoTime();
                    span[3] = threads.getCurrentThreadCpuTime();
                };
            }), (RunResult run) -> {
                counts[0] = run.events();
                counts[1] = run.connections().stream().filter(SimulateTime::completed).count();
            });
            double wall = (span[2] - span[0]) / 1e9;
            double cpu = (span[3] - span[1]) / 1e9;
            System.out.printf("%-4d %10.3f %10.3f %12d %12.0f %14.0f %14.0f%n", r, wall, cpu, counts[0],
                    counts[0] / cpu, counts[1] / wall, counts[1] / cpu);
        }
    }

    private static boolean completed(ConnectionRecord c) {
        return c.outcome() == Outcome.OK;
    }
}
