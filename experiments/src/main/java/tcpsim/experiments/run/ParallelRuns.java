package tcpsim.experiments.run;

import java.util.ArrayDeque;
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
public final class ParallelRuns {
    /** Computes one run. */
    @FunctionalInterface
    public interface RunTask {
        RunResult run(int point, int replication) throws Exception;
    }

    /** Receives the runs in order. */
    @FunctionalInterface
    public interface Consumer {
        void accept(RunResult result) throws Exception;
    }

    /** A run threw; carries which one. */
    public static final class RunFailedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int point;
        private final int replication;

        RunFailedException(int point, int replication, Throwable cause) {
            super("run (point " + point + ", replication " + replication + ") failed: " + describe(cause), cause);
            this.point = point;
            this.replication = replication;
        }

        public int point() {
            return point;
        }

        public int replication() {
            return replication;
        }

        private static String describe(Throwable t) {
            return t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": "
                    + t.getMessage();
        }
    }

    private ParallelRuns() {
    }

    public static void execute(int points, int replications, int threads, RunTask task, Consumer consumer)
            throws RunFailedException, Exception {
        int total = points * replications;
        if (threads <= 1) {
            for (int i = 0; i < total; i++) {
                int p = i / replications;
                int r = i % replications;
                RunResult res;
                try {
                    res = task.run(p, r);
                } catch (Exception | StackOverflowError e) {
                    throw new RunFailedException(p, r, e);
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
                    int p = submitted / replications;
                    int r = submitted % replications;
                    inFlight.add(pool.submit(() -> task.run(p, r)));
                    submitted++;
                }
                Future<RunResult> f = inFlight.poll();
                RunResult res;
                try {
                    res = f.get();
                } catch (ExecutionException e) {
                    throw new RunFailedException(next / replications, next % replications, e.getCause());
                }
                consumer.accept(res);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
