package tcpsim.experiments.sim;

import java.util.List;

/**
 * The one way to run simulations: the runs of a {@link RunPlan}, each with the {@link RunHook}s attached,
 * computed in parallel when the plan allows and delivered to a {@link RunSink} in (point, replication) order.
 * Writing results, tracing and capturing are the outputs', the sink's and the hooks' business, not this class's.
 */
public final class Experiment {
    private Experiment() {
    }

    /**
     * Runs {@code plan}: {@code sink.started}, then every run in order to {@code sink.accept}.
     *
     * @throws RunFailedException when a run (or a hook attached to it) fails; later runs are not delivered
     * @throws Exception what the sink throws
     */
    public static void run(RunPlan plan, List<RunHook> hooks, RunSink sink) throws RunFailedException, Exception {
        run(plan, hooks, MemoryOutput.FACTORY, sink);
    }

    /**
     * Like {@link #run(RunPlan, List, RunSink)}, each run streaming its records to the output {@code outputs}
     * opens for it (on the run's thread) instead of keeping them: memory then follows the live connections.
     */
    public static void run(RunPlan plan, List<RunHook> hooks, RunOutput.Factory outputs, RunSink sink)
            throws RunFailedException, Exception {
        List<RunHook> attached = List.copyOf(hooks);
        sink.started(plan.runs().size());
        ParallelRuns.execute(plan.runs(), plan.threads(),
                id -> Runner.runSingle(plan.config(), id.point(), id.replication(), attached, plan.outputDir(),
                        outputs),
                sink::accept);
    }
}
