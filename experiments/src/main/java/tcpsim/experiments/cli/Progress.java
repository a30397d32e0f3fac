package tcpsim.experiments.cli;

import java.io.PrintWriter;
import tcpsim.experiments.sim.RunResult;
import tcpsim.experiments.sim.RunSink;

/** Run progress on stderr: a bar that redraws itself on a terminal, plain lines otherwise, nothing when quiet. */
final class Progress implements RunSink {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean quiet;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private boolean drawn;
    private int total;
    private int done;

    Progress(PrintWriter err, boolean quiet, boolean terminal) {
        this.err = err;
        this.quiet = quiet;
        this.terminal = terminal;
    }

    @Override
    public void started(int totalRuns) {
        total = totalRuns;
        if (!quiet && !terminal) {
            err.println("running " + totalRuns + " run(s)");
            err.flush();
        }
        if (!quiet && terminal) {
            draw(0, totalRuns);
        }
    }

    @Override
    public void accept(RunResult r) {
        done++;
        if (quiet) {
            return;
        }
        if (terminal) {
            draw(done, total);
        } else {
            err.printf("run %d/%d done: point %d, replication %d, %d connections, %d events%n", done, total,
                    r.point(), r.replication(), r.totals().connections(), r.events());
            err.flush();
        }
    }

    private void draw(int done, int total) {
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        StringBuilder sb = new StringBuilder("\r[");
        for (int i = 0; i < WIDTH; i++) {
            sb.append(i < filled ? '#' : (i == filled ? '>' : ' '));
        }
        sb.append("] ").append(done).append('/').append(total).append(" runs, ")
                .append(String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9));
        err.print(sb);
        err.flush();
        drawn = true;
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
