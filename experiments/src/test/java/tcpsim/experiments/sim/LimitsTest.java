package tcpsim.experiments.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.experiments.config.ConfigLoader;
import tcpsim.experiments.config.ExperimentConfig;

/** Runs stop at their limits and say so; what they cut off is incomplete, never ok (issue 9, item 3). */
class LimitsTest {
    /** Connection k opens at 0.1 k s and needs 0.6 s (three round trips of 0.2 s) to end; no TIME_WAIT. */
    static final String TEN = """
            name: t
            duration: 1s
            tcp: {time-wait: 0s, timer-hz: 0}
            topology: {link: {latency: 100ms}}
            workload: {arrivals: {process: constant, rate: 10/s}}
            """;

    static RunResult run(String yaml, String... sets) throws Exception {
        ExperimentConfig cfg = ConfigLoader.parse("t.yaml", yaml, List.of(sets));
        return Runner.runSingle(cfg, 0, 0, List.of(), Path.of("unused"));
    }

    static List<Outcome> outcomes(RunResult r) {
        List<Outcome> out = new ArrayList<>();
        r.connections().forEach(c -> out.add(c.outcome()));
        return out;
    }

    @Test
    void aCompleteRunNamesNoLimit() throws Exception {
        RunResult r = run(TEN);
        assertNull(r.limit());
        assertEquals(List.of(Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK,
                Outcome.OK, Outcome.OK, Outcome.OK), outcomes(r));
    }

    @Test
    void connectionsTheDrainCutsOffAreIncompleteNotOk() throws Exception {
        // no drain: the run stops at 1 s; those opened at 0.5 s and later are still going
        RunResult r = run(TEN, "limits.max-drain=0s");
        assertEquals("limits.max-drain", r.limit());
        assertEquals(List.of(Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK, Outcome.INCOMPLETE,
                Outcome.INCOMPLETE, Outcome.INCOMPLETE, Outcome.INCOMPLETE, Outcome.INCOMPLETE), outcomes(r));
        // 300 ms of drain: the run stops at 1.3 s, when the one opened at 0.7 s has just ended
        RunResult some = run(TEN, "limits.max-drain=300ms");
        assertEquals("limits.max-drain", some.limit());
        assertEquals(List.of(Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK,
                Outcome.OK, Outcome.INCOMPLETE, Outcome.INCOMPLETE), outcomes(some));
    }

    @Test
    void theEventLimitStopsTheRunExactlyThere() throws Exception {
        RunResult full = run(TEN);
        RunResult cut = run(TEN, "limits.max-events=100");
        assertEquals("limits.max-events", cut.limit());
        assertEquals(100, cut.events());
        // the same run up to the cut: the first connections' records are the same
        assertEquals(full.connections().get(0), cut.connections().get(0));
        assertEquals(Outcome.INCOMPLETE, cut.connections().get(cut.connections().size() - 1).outcome());
        // a limit the run does not reach changes nothing
        RunResult roomy = run(TEN, "limits.max-events=" + full.events());
        assertNull(roomy.limit());
        assertEquals(full.connections(), roomy.connections());
        assertEquals(full.events(), roomy.events());
    }

    @Test
    void theWallClockIsLookedAtBetweenSlicesOfAMillionEvents() throws Exception {
        // 1 ns of wall time is always exceeded, so the run stops at the first look: after exactly 2^20 events
        RunResult r = run(TEN, "duration=60s", "workload.arrivals.rate=1000/s", "limits.max-wall-time=1ns");
        assertEquals("limits.max-wall-time", r.limit());
        assertEquals(1L << 20, r.events());
        assertEquals(Outcome.INCOMPLETE, r.connections().get(r.connections().size() - 1).outcome());
    }
}
