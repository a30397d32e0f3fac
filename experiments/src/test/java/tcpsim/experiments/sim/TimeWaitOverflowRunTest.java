package tcpsim.experiments.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tcpsim.experiments.TestGz;
import org.junit.jupiter.api.io.TempDir;

/** max-tw-buckets end to end: the summary counts the connections that found no TIME_WAIT bucket. */
class TimeWaitOverflowRunTest {
    private static final String CONFIG = """
            name: buckets
            seed: 1
            replications: 2
            duration: 1s
            tcp: {max-tw-buckets: BUCKETS}
            topology: {clients: 1, servers: 1, link: {latency: 5ms}}
            workload:
              arrivals: {process: constant, rate: 10/s}
              request-bytes: 100
              response-bytes: 1000
              close: client-first
            """;

    private static Map<String, String> run(Path tmp, String buckets) throws Exception {
        Path cfg = tmp.resolve("b" + buckets + ".yaml");
        Files.writeString(cfg, CONFIG.replace("BUCKETS", buckets));
        Path out = tmp.resolve("out" + buckets);
        ExperimentRunTest.run(cfg, out);
        List<Map<String, String>> rows = ExperimentRunTest.summary(out);
        assertEquals(1, rows.size());
        return rows.get(0);
    }

    @Test
    void pastTheLimitTheClientsConnectionsSkipTimeWaitAndAreCounted(@TempDir Path tmp) throws Exception {
        // 10 connections a run, each closed by the client within 1 s, 60 s TIME_WAIT: the client host holds at
        // most 3 TIME_WAITs, so 7 connections a run end in order without one
        Map<String, String> limited = run(tmp, "3");
        assertEquals("20", limited.get("connections"));
        assertEquals("20", limited.get("ok"));
        assertEquals("3", limited.get("time_wait_peak"));
        assertEquals("14", limited.get("time_wait_overflow"));
        Map<String, String> unlimited = run(tmp, "0");
        assertEquals("10", unlimited.get("time_wait_peak"));
        assertEquals("0", unlimited.get("time_wait_overflow"));
        // the connections file shows it: no TIME_WAIT time for the overflowed ones
        List<String> lines = TestGz.lines(tmp.resolve("out3").resolve("connections.csv.gz"));
        int timeWait = List.of(lines.get(0).split(",", -1)).indexOf("time_wait_s");
        long withTimeWait = lines.stream().skip(1).map(l -> l.split(",", -1)).filter(c -> !c[timeWait].isEmpty())
                .count();
        assertEquals(6, withTimeWait);
    }
}
