package tcpsim.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 4: the pandas example (experiments/examples/read_results.py) reads every table of a fresh run and
 * joins the trace to the connections by the connection number. It runs where a Python has pandas ({@code python3},
 * else Debian's {@code /usr/bin/python3} with python3-pandas, which .ci/run installs); without one it is skipped,
 * except under CI (the {@code CI} environment variable set), where it fails rather than pass unseen.
 */
class PandasExampleTest {
    static final Path SCRIPT = Path.of("examples", "read_results.py");

    /** The first interpreter that imports pandas. */
    static Optional<String> pythonWithPandas() {
        for (String python : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import pandas").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(python);
                }
                p.destroy();
            } catch (IOException e) {
                // no such interpreter: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Test
    void theExampleReadsEveryTableAndJoinsTraceToConnections(@TempDir Path dir) throws Exception {
        Optional<String> python = pythonWithPandas();
        if (python.isEmpty() && System.getenv("CI") != null) {
            throw new AssertionError("CI must run the pandas example: install python3-pandas (see .ci/run)");
        }
        Assumptions.assumeTrue(python.isPresent(), "no python3 with pandas here");
        Path out = TidyDataTest.run(dir);
        Process p = new ProcessBuilder(python.get(), SCRIPT.toString(), out.toString(), "--json", "--connection", "2")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), said);
        JsonNode r = new ObjectMapper().readTree(said);

        List<Map<String, String>> connections = TidyDataTest.rows(out.resolve("connections.csv.gz"));
        List<Map<String, String>> trace = TidyDataTest.rows(out.resolve("trace.csv.gz"));
        assertEquals(2, r.get("summary").asInt());
        assertEquals(2, r.get("summary_json").asInt());
        assertEquals(connections.size(), r.get("connections").asInt());
        assertEquals(TidyDataTest.rows(out.resolve("occupancy.csv.gz")).size(), r.get("occupancy").asInt());
        assertEquals(trace.size(), r.get("trace").asInt());
        assertEquals("[\"topology.link.latency_s\",\"workload.arrivals.rate_per_s\"]",
                r.get("parameter_columns").toString());
        // the integers stay integers: no float64 from the empty cells of ack (and of seq in state rows)
        for (String c : List.of("connection", "tcb", "seq", "ack", "length")) {
            assertEquals("Int64", r.get("dtypes").get(c).asText(), c);
        }
        long maxSeq = trace.stream().filter(t -> !t.get("seq").isEmpty()).mapToLong(t -> Long.parseLong(t.get("seq")))
                .max().orElseThrow();
        assertEquals(maxSeq, r.get("max_seq").asLong());
        // every trace row joins its connection's row, on the right host at either end
        assertEquals(trace.size(), r.get("joined").asInt());
        assertEquals(trace.size(), r.get("trace_rows_with_a_connection").asInt());
        assertTrue(r.get("client_side_on_client_host").asBoolean());
        assertTrue(r.get("server_side_on_server_host").asBoolean());
        assertEquals(trace.size(), r.get("client_side").asInt() + r.get("server_side").asInt()
                + r.get("drops").asInt());
        assertEquals(0, r.get("drops").asInt()); // no loss in this config
        // df[df.connection == 2] selects the same connection in both tables: one row per point, and its trace rows
        assertEquals(2, r.get("connection").get("connections").asInt());
        assertEquals(trace.stream().filter(t -> t.get("connection").equals("2")).count(),
                r.get("connection").get("trace").asLong());
        assertTrue(r.get("time_wait_bins").asInt() > 0);
        assertTrue(Files.isRegularFile(SCRIPT));
    }
}
