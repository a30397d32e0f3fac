package tcpsim.experiments.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcpsim.experiments.config.ConfigLoader;

/** A closed loop with think-time 0 and no free port backs off instead of retrying forever at one instant. */
class ClosedLoopBackoffTest {
    @Test
    void failedConnectsBackOffDoublingFromOneMillisecond() throws Exception {
        RunResult r = Runner.runSingle(ConfigLoader.parse("t.yaml", """
                name: t
                duration: 2s
                tcp: {ephemeral-port-min: 40000, ephemeral-port-max: 40000}
                workload: {arrivals: {process: closed-loop, concurrency: 2}}
                """, List.of()), 0, 0, List.of(), Path.of("unused"));
        assertNull(r.limit());
        List<String> failed = new ArrayList<>();
        int ok = 0;
        for (ConnectionRecord c : r.connections()) {
            if (c.outcome() == Outcome.PORT_EXHAUSTED) {
                failed.add(c.start() / 1_000_000 + "ms");
            } else {
                ok++;
            }
        }
        // the one port is held: by the first connection, then by its TIME_WAIT (60 s) past the end of the run
        assertEquals(1, ok);
        // the second application from 0 ms, and the first from 40 ms when its connection is done, retry after 1,
        // 2, 4 ... ms (at most 1 s) while connect fails at once: 0, 1, 3, 7 ... 1023 ms and 40, 41, 43 ... 1063 ms
        assertEquals(List.of("0ms", "1ms", "3ms", "7ms", "15ms", "31ms", "40ms", "41ms", "43ms", "47ms", "55ms", "63ms",
                "71ms", "103ms", "127ms", "167ms", "255ms", "295ms", "511ms", "551ms", "1023ms", "1063ms"), failed);
    }
}
