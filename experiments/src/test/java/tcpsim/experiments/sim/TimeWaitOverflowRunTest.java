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

    private static final String SATURATED = """
            name: capped
            seed: 1
            replications: 2
            duration: 30s
            warmup: 5s
            tcp: {max-tw-buckets: 3, time-wait: TW, timer-hz: 0} # exact timers: every TIME_WAIT lasts TW
            topology: {clients: 1, servers: 1, link: {latency: 5ms}}
            workload:
              arrivals: {process: ARRIVALS, rate: 10/s}
              request-bytes: 100
              response-bytes: 1000
              close: client-first
            """;

    private static Map<String, String> saturated(Path tmp, String timeWait, String arrivals) throws Exception {
        Path cfg = tmp.resolve("s" + timeWait + arrivals + ".yaml");
        Files.writeString(cfg, SATURATED.replace("TW", timeWait).replace("ARRIVALS", arrivals));
        Path out = tmp.resolve("out-s" + timeWait + arrivals);
        ExperimentRunTest.run(cfg, out);
        return ExperimentRunTest.summary(out).get(0);
    }

    @Test
    void saturatedBucketsCapLittlesLawAtTheirCount(@TempDir Path tmp) throws Exception {
        // 10 closes a second offered to 3 buckets: rho = 10 x TW = 10 (or 10.5) TIME_WAITs wanted, 3 held
        Map<String, Map<String, String>> rows = new java.util.LinkedHashMap<>();
        for (String tw : List.of("1s", "1.05s")) {
            Map<String, String> r = saturated(tmp, tw, "constant");
            rows.put(tw, r);
            // the close rate counts the connections that found no bucket too (the offered load), over the window
            // [warmup - TW, duration) of some 26 s: 10/s to within one close
            assertEquals(10.0, Double.parseDouble(r.get("close_rate_per_s")), 1 / 25.0, tw);
            assertEquals("3", r.get("time_wait_littles_law"), tw);
            assertEquals("3", r.get("time_wait_peak"), tw);
        }
        // closes every 0.1 s and TIME_WAIT 1 s: a bucket freed by an expiry is taken by the close of that same
        // instant, so the host holds exactly 3 throughout the window
        assertEquals("3", rows.get("1s").get("time_wait_mean"));
        // TIME_WAIT 1.05 s: a freed bucket waits 0.05 s for the next close, each of the 3 buckets busy 1.05 s of
        // every 1.1 s: 3 x 1.05 / 1.1 = 2.8636, inside the bound 3 W / (W + g) = 2.739 .. 3 of Theory.timeWaitLevel
        // (the 25 s window holds a whole number of 1.1 s cycles to within one: within 3 x 0.05 / 25 of it)
        double mean = Double.parseDouble(rows.get("1.05s").get("time_wait_mean"));
        assertEquals(3 * 1.05 / 1.1, mean, 3 * 0.05 / 25);
    }

    @Test
    void poissonClosesSitAtErlangsCarriedLoadBelowTheCap(@TempDir Path tmp) throws Exception {
        // Poisson closes at 10/s, TIME_WAIT 1 s, 3 buckets: an M/G/3/3 loss system with rho = 10; the fluid theory
        // says 3, the exact mean is Erlang's carried load rho (1 - B(rho, 3)) = 2.679 (B = 166.7 / 227.7)
        Map<String, String> r = saturated(tmp, "1s", "poisson");
        assertEquals("3", r.get("time_wait_littles_law"));
        double rho = 10;
        double erlangB = Math.pow(rho, 3) / 6 / (1 + rho + rho * rho / 2 + Math.pow(rho, 3) / 6);
        double carried = rho * (1 - erlangB);
        // 2 replications of 25 s: busy periods of about 1 s, so some 50 independent cycles: a few percent
        assertEquals(carried, Double.parseDouble(r.get("time_wait_mean")), 0.05 * carried);
    }
}
