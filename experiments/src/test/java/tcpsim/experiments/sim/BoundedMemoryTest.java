package tcpsim.experiments.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.experiments.config.ConfigLoader;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.results.ResultsWriter;

/**
 * Memory follows the live connections, not every connection ever made (issue 9, item 7): 600,000 connections
 * (1000/s for 600 s simulated, each in TIME_WAIT for 1 s, so about 1000 live at once) run to the end with their
 * results streamed to a folder in a JVM of 128 MB heap. The run goes straight through {@link Experiment} (the
 * {@link Churn} main), not {@code tcpsim run}, whose up-front estimate charges every record and refuses the run.
 */
class BoundedMemoryTest {
    static final String CONFIG = """
            name: churn
            seed: 1
            replications: 1
            duration: 600s
            warmup: 10s
            tcp: {time-wait: 1s}
            topology:
              clients: 1
              servers: 1
              link: {latency: 1ms, loss: 0}
            workload:
              arrivals: {process: constant, rate: 1000/s}
              request-bytes: 100
              response-bytes: 100
              close: client-first
            output: {occupancy-states: [TIME_WAIT]}
            """;

    /** Runs {@link #CONFIG} into the folder {@code args[0]}. */
    public static final class Churn {
        private Churn() {
        }

        public static void main(String[] args) throws Exception {
            ExperimentConfig cfg = ConfigLoader.parse("churn.yaml", CONFIG, List.of());
            Path out = Path.of(args[0]);
            try (ResultsWriter w = new ResultsWriter(cfg, out)) {
                Experiment.run(RunPlan.every(cfg, out, 1), List.of(), w.outputs(1), w);
                w.closeRows();
                w.finish(new ResultsWriter.RunInfo("test", List.of("churn")));
            }
        }
    }

    @Test
    void sixHundredThousandConnectionsRunInA128MegabyteHeap(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("churn");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Churn.class.getName(), out.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), said);
        JsonNode m = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals(600_000, m.get("runs").get(0).get("connections").asLong());
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(2, summary.size());
        long rows;
        try (java.io.BufferedReader in = tcpsim.experiments.results.Csv.reader(out.resolve("connections.csv.gz"))) {
            rows = in.lines().count();
        }
        assertEquals(1 + 600_000L, rows, "every connection's row is written");
    }
}
