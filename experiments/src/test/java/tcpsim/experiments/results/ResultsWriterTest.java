package tcpsim.experiments.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.experiments.config.ConfigLoader;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.sim.Experiment;
import tcpsim.experiments.sim.RunPlan;

class ResultsWriterTest {
    @Test
    void manifestHashesEveryDataFileAndSummaryJsonMirrorsTheCsv(@TempDir Path dir) throws Exception {
        ExperimentConfig cfg = ConfigLoader.parse("m.yaml", """
                name: m
                seed: 5
                replications: 2
                duration: 3s
                warmup: 1s
                tcp: {time-wait: 1s}
                topology: {link: {latency: 5ms, loss: 0.1}}
                workload: {arrivals: {process: poisson, rate: 20/s}}
                sweep: {topology.link.latency: [5ms, 20ms]}
                """, List.of());
        Path out = dir.resolve("m");
        List<SummaryRow> rows;
        try (ResultsWriter w = new ResultsWriter(cfg, out)) {
            Experiment.run(RunPlan.every(cfg, out, 1), List.of(), w.outputs(1), w);
            long inRuns = w.writeNanos();
            w.closeRows();
            Files.writeString(out.resolve("extra.txt"), "x");
            w.finish(new ResultsWriter.RunInfo("9.9", List.of("run", "m.yaml", "--out", "m")));
            rows = w.summaryRows();
            // the time taken in the runs' hands, which bench moves from its simulate phase to write, is not
            // charged again for the assembly after the runs
            assertTrue(inRuns > 0);
            assertEquals(inRuns, w.writeNanos());
        }
        assertEquals(2, rows.size());
        JsonNode m = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals("9.9", m.get("tcpsim_version").asText());
        // the build commit and the Java version are volatile: provenance.json has them (ProvenanceTest)
        assertEquals(Manifest.FORMAT, m.get("format").asText());
        assertEquals(Manifest.FORMAT_VERSION, m.get("format_version").asInt());
        assertEquals("[\"run\",\"m.yaml\",\"--out\",\"m\"]", m.get("command").toString());
        assertEquals(null, m.get("git_commit"));
        assertEquals("m", m.get("name").asText());
        assertEquals(5, m.get("seed").asLong());
        assertEquals("3s", m.get("config").get("duration").asText());
        assertEquals("topology.link.latency", m.get("sweep").get("keys").get(0).asText());
        assertEquals("20ms", m.get("sweep").get("points").get(1).get("params").get("topology.link.latency").asText());
        assertEquals(2, m.get("replications").asInt());
        assertEquals(4, m.get("runs").size());
        assertEquals(1, m.get("runs").get(3).get("point").asInt());
        assertEquals(1, m.get("runs").get(3).get("replication").asInt());
        JsonNode files = m.get("files");
        assertEquals(List.of("connections.csv.gz", "extra.txt", "occupancy-bins.json", "occupancy.csv.gz", "setup-cdf.json",
                "summary.csv", "summary.json"), names(files));
        assertFalse(Files.exists(out.resolve(ResultFiles.PARTS_DIR)), "the parts are gone once assembled");
        for (String f : names(files)) {
            assertEquals(DigestWriter.sha256Hex(out.resolve(f)), files.get(f).asText(), f);
        }
        // summary.json holds the same cells as summary.csv
        List<String> csv = Files.readAllLines(out.resolve("summary.csv"));
        String[] header = csv.get(0).split(",", -1);
        JsonNode json = new ObjectMapper().enable(
                com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readTree(out.resolve("summary.json").toFile());
        assertEquals(csv.size() - 1, json.size());
        String jsonText = Files.readString(out.resolve("summary.json"));
        for (int r = 1; r < csv.size(); r++) {
            String[] cells = csv.get(r).split(",", -1);
            JsonNode o = json.get(r - 1);
            assertEquals(List.of(header), names(o));
            for (int c = 0; c < header.length; c++) {
                JsonNode v = o.get(header[c]);
                if (v.isNumber()) {
                    // same value, and the file carries the CSV's digits verbatim
                    assertEquals(0, new java.math.BigDecimal(cells[c]).compareTo(v.decimalValue()), header[c]);
                    assertTrue(jsonText.contains("\"" + header[c] + "\" : " + cells[c]), header[c]);
                } else {
                    assertEquals(cells[c], v.isNull() ? "" : v.asText(), header[c]);
                }
            }
            assertTrue(o.get("topology.link.latency").isTextual());
            assertTrue(o.get("setup_mean_s").isNumber());
        }
        // every file ends with a newline and has no carriage return
        for (String f : List.of("connections.csv.gz", "occupancy.csv.gz", "summary.csv", "summary.json", "manifest.json")) {
            String s = f.endsWith(".gz") ? tcpsim.experiments.TestGz.read(out.resolve(f)) : Files.readString(out.resolve(f));
            assertTrue(s.endsWith("\n") && !s.contains("\r"), f);
        }
    }

    static List<String> names(JsonNode o) {
        List<String> l = new java.util.ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
            l.add(it.next());
        }
        return l;
    }

    @Test
    void cellsBecomeJsonNumbersStringsOrNull() {
        assertTrue(SummaryRow.paramJson("").isNull());
        assertEquals("0.050000000", SummaryRow.paramJson("0.050000000").decimalValue().toPlainString());
        assertEquals(42, SummaryRow.paramJson("42").asLong());
        assertEquals("10ms", SummaryRow.paramJson("10ms").asText());
        assertEquals("client-first", SummaryRow.paramJson("client-first").asText());
    }
}
