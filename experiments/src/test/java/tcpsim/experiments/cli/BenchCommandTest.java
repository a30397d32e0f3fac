package tcpsim.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    static final List<String> FIELDS = List.of("scenario", "config", "runs", "threads", "connections", "events",
            "simulated_s", "wall_simulate_s", "wall_write_s", "wall_report_s", "wall_heap_probe_s", "wall_total_s",
            "events_per_s",
            "connections_per_s_simulate", "connections_per_s_total", "cpu_simulate_s",
            "connections_per_cpu_s_simulate", "peak_heap_bytes", "time_wait_at_probe", "heap_bytes_per_time_wait",
            "cores", "jvm", "jvm_options", "gc", "max_heap_bytes");

    @Test
    void tinyStandardScenarioReportsEveryFigure(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench");
        CliTest.Result r = CliTest.run("bench", "--connections", "2000", "--json", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        List<String> names = new ArrayList<>();
        j.fieldNames().forEachRemaining(names::add);
        assertEquals(FIELDS, names);
        assertEquals("standard", j.get("scenario").asText());
        assertEquals(2000, j.get("connections").asLong());
        assertEquals(1, j.get("runs").asInt());
        assertTrue(j.get("events").asLong() > 2000 * 10, r.out());
        // 60 s TIME_WAIT: every connection that has closed by the end of the arrivals is in TIME_WAIT then
        assertTrue(j.get("time_wait_at_probe").asLong() > 0, r.out());
        assertTrue(j.get("heap_bytes_per_time_wait").asLong() > 0, r.out());
        // the probe's forced collections are measured and kept out of the simulate phase
        assertTrue(j.get("wall_heap_probe_s").asDouble() > 0, r.out());
        assertTrue(j.get("wall_simulate_s").asDouble() + j.get("wall_heap_probe_s").asDouble()
                <= j.get("wall_total_s").asDouble(), r.out());
        // the last TIME_WAIT ends 60 s after the last close
        assertTrue(j.get("simulated_s").asDouble() > 60, r.out());
        // the results folder is the one `tcpsim run` writes
        for (String f : List.of("manifest.json", "connections.csv.gz", "occupancy.csv.gz", "summary.csv", "report.html")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals(2000, manifest.path("config").path("workload").path("connections").asLong());
        assertEquals(64, manifest.path("config").path("topology").path("clients").asInt());
        // the TIME_WAIT population is not capped by Linux's tcp_max_tw_buckets
        assertEquals(0, manifest.path("config").path("tcp").path("max-tw-buckets").asLong());
    }

    @Test
    void ns3CaseSetsItsArrivalsAndTimeWait(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("p1");
        CliTest.Result r = CliTest.run("bench", "--case", "p1", "--connections", "200", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("scenario                     p1"), r.out());
        JsonNode c = new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).path("config");
        assertEquals("240s", c.path("tcp").path("time-wait").asText());
        assertEquals(0, c.path("tcp").path("max-tw-buckets").asLong());
        assertEquals("constant", c.path("workload").path("arrivals").path("process").asText());
        assertEquals(1, c.path("topology").path("clients").asInt());
    }
}
