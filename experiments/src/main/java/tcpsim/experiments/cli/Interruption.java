package tcpsim.experiments.cli;

/**
 * Ctrl-C (SIGINT) and SIGTERM during {@code run}, through a JVM shutdown hook (the JVM then exits with 128 + the
 * signal: 130 for SIGINT, 143 for SIGTERM). While runs are simulating, the hook aborts: the partial folder is
 * removed, the lock released and a message says what was finished. Once the data is complete the run is finishing
 * (report, switch into place, a few seconds at most): the hook lets it finish, so a signal never leaves a
 * half-switched folder nor strands complete data in a hidden one.
 */
final class Interruption implements AutoCloseable {
    /** What an interruption during the simulation does (on the hook's thread). */
    interface Abort {
        void abort();
    }

    private enum Phase { SIMULATING, FINISHING, DONE }

    private final Abort abort;
    private final java.io.PrintWriter err;
    private final Thread hook;
    private Phase phase = Phase.SIMULATING;
    private boolean interrupted;

    Interruption(Abort abort, java.io.PrintWriter err) {
        this.abort = abort;
        this.err = err;
        this.hook = new Thread(this::signalled, "tcpsim-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The hook's body; package-private so that tests can signal without a signal. */
    void signalled() {
        synchronized (this) {
            interrupted = true;
            if (phase == Phase.FINISHING) {
                err.println();
                err.println("tcpsim: interrupted after every run was done: finishing the report and the switch into "
                        + "place first (a few seconds); the results will be complete");
                err.flush();
                while (phase != Phase.DONE) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            if (phase != Phase.SIMULATING) {
                return;
            }
            phase = Phase.DONE;
        }
        abort.abort();
    }

    synchronized boolean interrupted() {
        return interrupted;
    }

    /** The data is complete: true when the run goes on to finish, false when an interruption is aborting it. */
    synchronized boolean finishing() {
        if (interrupted) {
            return false;
        }
        phase = Phase.FINISHING;
        return true;
    }

    @Override
    public void close() {
        synchronized (this) {
            phase = Phase.DONE;
            notifyAll();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or has run
        }
    }
}
