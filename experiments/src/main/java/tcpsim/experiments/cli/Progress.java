package tcpsim.experiments.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import tcpsim.experiments.sim.RunResult;
import tcpsim.experiments.sim.RunSink;

/**
 * Run progress on stderr: a bar that redraws itself on a terminal, plain lines otherwise, nothing when quiet. Both
 * show the elapsed wall time and, once a run is done, an estimate of the time left (the mean time per finished run
 * times the runs still to go); after the runs, one line per phase (writing the results, the report) says what is
 * being done, so that a long summary or report never leaves the screen silent.
 */
final class Progress implements RunSink {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean quiet;
    private final boolean terminal;
    private final LongSupplier clock;
    private final long start;
    private boolean drawn;
    private int total;
    private int done;

    Progress(PrintWriter err, boolean quiet, boolean terminal) {
        this(err, quiet, terminal, System::nanoTime);
    }

    /** With {@code clock} (nanoseconds) for the elapsed times: a test passes its own. */
    Progress(PrintWriter err, boolean quiet, boolean terminal, LongSupplier clock) {
        this.err = err;
        this.quiet = quiet;
        this.terminal = terminal;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    @Override
    public void started(int totalRuns) {
        total = totalRuns;
        if (!quiet && !terminal) {
            err.println("running " + totalRuns + " run(s)");
            err.flush();
        }
        if (!quiet && terminal) {
            draw();
        }
    }

    @Override
    public void accept(RunResult r) {
        done++;
        if (r.limit() != null) { // said even with --quiet: these results are not complete
            finish();
            err.printf("tcpsim: warning: run point %d, replication %d is incomplete: it stopped at %s after %d"
                    + " events; its unfinished connections are counted 'incomplete'%n", r.point(), r.replication(),
                    r.limit(), r.events());
            err.flush();
        }
        if (quiet) {
            return;
        }
        if (terminal) {
            draw();
        } else {
            err.printf("run %d/%d done: point %d, replication %d, %d connections, %d events; %s%n", done, total,
                    r.point(), r.replication(), r.totals().connections(), r.events(), times());
            err.flush();
        }
    }

    /** Ends the bar and says on a line of its own what is being done now, e.g. "writing the report". */
    void phase(String what) {
        if (quiet) {
            return;
        }
        finish();
        err.println(what + " (" + duration(elapsed()) + " elapsed)");
        err.flush();
    }

    private void draw() {
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        StringBuilder sb = new StringBuilder("\r[");
        for (int i = 0; i < WIDTH; i++) {
            sb.append(i < filled ? '#' : (i == filled ? '>' : ' '));
        }
        sb.append("] ").append(done).append('/').append(total).append(" runs, ").append(times()).append("   ");
        err.print(sb);
        err.flush();
        drawn = true;
    }

    /** "3.2 s elapsed, about 10 s left" (no estimate before the first run is done). */
    String times() {
        long elapsed = elapsed();
        String s = duration(elapsed) + " elapsed";
        if (done > 0 && done < total) {
            s += ", about " + duration(elapsed / done * (total - done)) + " left";
        }
        return s;
    }

    private long elapsed() {
        return clock.getAsLong() - start;
    }

    /** {@code 0.4 s}, {@code 12 s}, {@code 3 min 05 s}. */
    static String duration(long ns) {
        double s = ns / 1e9;
        if (s < 10) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long whole = Math.round(s);
        return whole < 60 ? whole + " s" : String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
    }

    void finish() {
        if (drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }

    void abort() {
        finish();
    }
}
