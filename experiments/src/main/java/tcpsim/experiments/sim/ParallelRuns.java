package tcpsim.experiments.sim;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs every (point, replication) of an experiment on a pool of threads and hands the results to a consumer in
 * (point, replication) order, whatever order they finish in. Each run is single-threaded and deterministic, so the
 * consumer sees the same sequence for any thread count. At most {@code threads + 2} finished or running results
 * are held at once.
 */
final class ParallelRuns {
    /** Computes one run. */
    @FunctionalInterface
    interface RunTask {
        RunResult run(RunPlan.RunId id) throws Exception;
    }

    /** Receives the runs in order. */
    @FunctionalInterface
    interface Consumer {
        void accept(RunResult result) throws Exception;
    }

    private ParallelRuns() {
    }

    static void execute(List<RunPlan.RunId> runs, int threads, RunTask task, Consumer consumer)
            throws RunFailedException, Exception {
        int total = runs.size();
        if (threads <= 1) {
            for (int i = 0; i < total; i++) {
                RunPlan.RunId id = runs.get(i);
                RunResult res;
                try {
                    res = task.run(id);
                } catch (Exception | StackOverflowError e) {
                    throw new RunFailedException(id.point(), id.replication(), e);
                }
                consumer.accept(res);
            }
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = runnable -> {
            Thread t = new Thread(runnable, "tcpsim-run-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads, tf);
        try {
            ArrayDeque<Future<RunResult>> inFlight = new ArrayDeque<>();
            int submitted = 0;
            int window = threads + 2;
            for (int next = 0; next < total; next++) {
                while (submitted < total && submitted - next < window) {
                    RunPlan.RunId id = runs.get(submitted);
                    inFlight.add(pool.submit(() -> task.run(id)));
                    submitted++;
                }
                Future<RunResult> f = inFlight.poll();
                RunResult res;
                try {
                    res = f.get();
                } catch (ExecutionException e) {
                    RunPlan.RunId id = runs.get(next);
                    throw new RunFailedException(id.point(), id.replication(), e.getCause());
                }
                consumer.accept(res);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
