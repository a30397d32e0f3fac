package tcpsim.experiments.sim;

/**
 * Where {@link Experiment#run} delivers the runs: on the caller's thread, in (point, replication) order, whatever
 * order they finish in.
 */
public interface RunSink {
    /** A sink that keeps nothing (the hooks collected what the caller wants). */
    RunSink DISCARD = run -> { };

    /** Called once, before the first run starts. */
    default void started(int totalRuns) {
    }

    /** One finished run. */
    void accept(RunResult run) throws Exception;

    /** This sink, then {@code next}, for every call. */
    default RunSink andThen(RunSink next) {
        RunSink first = this;
        return new RunSink() {
            @Override
            public void started(int totalRuns) {
                first.started(totalRuns);
                next.started(totalRuns);
            }

            @Override
            public void accept(RunResult run) throws Exception {
                first.accept(run);
                next.accept(run);
            }
        };
    }
}
