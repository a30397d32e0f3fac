package tcpsim.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tcpsim.experiments.sim.ConnectionTotals;
import tcpsim.experiments.sim.RunResult;

/** The progress lines on a clock the test moves: elapsed time, the estimate of the time left, the phases. */
class ProgressTest {
    private static RunResult run(int point) {
        return new RunResult(point, 0, List.of(), List.of(), null, null, 0, 1234, null, new ConnectionTotals());
    }

    @Test
    void linesCarryTheElapsedTimeAndAnEstimateOfWhatIsLeft() {
        AtomicLong now = new AtomicLong(5_000_000_000L);
        StringWriter text = new StringWriter();
        Progress p = new Progress(new PrintWriter(text, true), false, false, now::get);
        p.started(4);
        now.addAndGet(2_000_000_000L);
        p.accept(run(0));
        now.addAndGet(2_000_000_000L);
        p.accept(run(1));
        now.addAndGet(26_000_000_000L);
        p.accept(run(2));
        p.accept(run(3));
        now.addAndGet(95_000_000_000L);
        p.phase("drawing the charts and report.html");
        assertEquals(List.of("running 4 run(s)",
                "run 1/4 done: point 0, replication 0, 0 connections, 1234 events; 2.0 s elapsed, about 6.0 s left",
                "run 2/4 done: point 1, replication 0, 0 connections, 1234 events; 4.0 s elapsed, about 4.0 s left",
                "run 3/4 done: point 2, replication 0, 0 connections, 1234 events; 30 s elapsed, about 10 s left",
                "run 4/4 done: point 3, replication 0, 0 connections, 1234 events; 30 s elapsed",
                "drawing the charts and report.html (2 min 05 s elapsed)"), text.toString().lines().toList());
    }

    @Test
    void quietPrintsNothing() {
        StringWriter text = new StringWriter();
        Progress p = new Progress(new PrintWriter(text, true), true, false, () -> 0L);
        p.started(1);
        p.accept(run(0));
        p.phase("writing");
        assertEquals("", text.toString());
    }
}
