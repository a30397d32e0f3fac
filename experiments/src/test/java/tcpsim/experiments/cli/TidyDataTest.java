package tcpsim.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.experiments.results.Csv;

/**
 * Issue 11 items 1 and 4 end to end, through {@code tcpsim run}: one connection id in connections.csv.gz and
 * trace.csv.gz (and {@code ladder --connection}), numeric parameter columns in every table, integer seq/ack.
 */
class TidyDataTest {
    /**
     * Three connections one second apart from two clients to one server, no loss: connection k is client
     * ((k - 1) mod 2) + 1's, and is over (TIME_WAIT 100 ms) before the next one opens.
     */
    static final String CONFIG = """
            name: tidy
            seed: 3
            replications: 1
            duration: 4s
            tcp: {time-wait: 100ms}
            topology:
              clients: 2
              servers: 1
              link: {latency: 25ms, loss: 0}
            workload:
              arrivals: {process: constant, rate: 1/s}
              connections: 3
              request-bytes: 100
              response-bytes: 3000
            sweep:
              topology.link.latency: [25ms, 5ms]
              workload.arrivals.rate: [1/s]
            """;

    /** Runs {@link #CONFIG} with a trace into {@code dir/tidy} (plus {@code args}); returns the folder. */
    static Path run(Path dir, String... args) throws IOException {
        Path cfg = dir.resolve("tidy.yaml");
        Files.writeString(cfg, CONFIG);
        Path out = dir.resolve("tidy");
        List<String> all = new ArrayList<>(List.of("run", cfg.toString(), "--out", out.toString(), "-q", "--trace",
                "--threads", "2"));
        all.addAll(List.of(args));
        CliTest.Result r = CliTest.run(all.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        return out;
    }

    /** The rows of a table as maps from column to cell. */
    static List<Map<String, String>> rows(Path file) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        Csv.Table t = Csv.read(file);
        for (String[] r : t.rows()) {
            Map<String, String> m = new HashMap<>();
            for (String c : t.columns()) {
                m.put(c, t.get(r, c));
            }
            rows.add(m);
        }
        return rows;
    }

    static String header(Path file) throws IOException {
        return String.join(",", Csv.read(file).columns());
    }

    @Test
    void connectionsAndTraceJoinByTheConnectionNumber(@TempDir Path dir) throws IOException {
        Path out = run(dir);
        List<Map<String, String>> connections = rows(out.resolve("connections.csv.gz"));
        assertEquals(6, connections.size()); // 3 per point
        Map<String, Map<String, String>> byKey = new HashMap<>();
        for (Map<String, String> c : connections) {
            byKey.put(c.get("point") + "/" + c.get("replication") + "/" + c.get("connection"), c);
        }
        // the TCB ids: each connection's client TCB, then its server's, in the order the model made them
        for (int k = 1; k <= 3; k++) {
            Map<String, String> c = byKey.get("0/0/" + k);
            assertEquals("client" + ((k - 1) % 2 + 1), c.get("client"));
            assertEquals(Integer.toString(2 * k - 1), c.get("client_tcb"), "connection " + k);
            assertEquals(Integer.toString(2 * k), c.get("server_tcb"), "connection " + k);
            assertEquals("ok", c.get("outcome"));
        }
        List<Map<String, String>> trace = rows(out.resolve("trace.csv.gz"));
        Map<String, Set<String>> tcbsSeen = new HashMap<>();
        int joined = 0;
        for (Map<String, String> t : trace) {
            assertFalse(t.get("connection").isEmpty(), "every segment of this run belongs to a connection: " + t);
            Map<String, String> c = byKey.get(t.get("point") + "/" + t.get("replication") + "/" + t.get("connection"));
            assertTrue(c != null, "a trace row of no connection in connections.csv.gz: " + t);
            joined++;
            String tcb = t.get("tcb");
            assertTrue(tcb.equals(c.get("client_tcb")) || tcb.equals(c.get("server_tcb")), t.toString());
            boolean client = tcb.equals(c.get("client_tcb"));
            assertEquals(client ? c.get("client") : c.get("server"), t.get("host"), t.toString());
            if (client) {
                assertEquals(c.get("client_port"), t.get("local_port"), t.toString());
            }
            assertEquals(c.get("topology.link.latency_s"), t.get("topology.link.latency_s"));
            tcbsSeen.computeIfAbsent(t.get("point") + "/" + t.get("connection"), x -> new HashSet<>()).add(tcb);
        }
        assertEquals(trace.size(), joined);
        assertEquals(6, tcbsSeen.size());
        for (Map<String, String> c : connections) {
            assertEquals(Set.of(c.get("client_tcb"), c.get("server_tcb")),
                    tcbsSeen.get(c.get("point") + "/" + c.get("connection")), "both ends are in the trace");
        }
        // README's df[df.connection == 2] in the trace: client2's and server1's rows of that connection only
        Set<String> hosts = new HashSet<>();
        trace.stream().filter(t -> t.get("point").equals("0") && t.get("connection").equals("2"))
                .forEach(t -> hosts.add(t.get("host")));
        assertEquals(Set.of("client2", "server1"), hosts);

        // ladder --connection 2 draws that connection: client TCB 3 against server TCB 4
        CliTest.Result ladder = CliTest.run("ladder", out.toString(), "--connection", "2", "--format", "txt");
        assertEquals(0, ladder.code(), ladder.err());
        assertTrue(ladder.out().startsWith("client2 10.1.0.2:32768 (tcb 3) <-> server1 10.2.0.1:80 (tcb 4)"),
                ladder.out());
        assertTrue(Files.isRegularFile(out.resolve("ladder-0-0-2.txt")));
    }

    @Test
    void sweptValuesAreNumericColumnsInSiUnitsInEveryTable(@TempDir Path dir) throws IOException {
        Path out = run(dir);
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertTrue(summary.get(0).startsWith("point,topology.link.latency,topology.link.latency_s,"
                + "workload.arrivals.rate,workload.arrivals.rate_per_s,replications,"), summary.get(0));
        assertTrue(summary.get(1).startsWith("0,25ms,0.025,1/s,1,1,3,"), summary.get(1));
        assertTrue(summary.get(2).startsWith("1,5ms,0.005,1/s,1,1,3,"), summary.get(2));
        JsonNode json = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals("5ms", json.get(1).get("topology.link.latency").textValue());
        assertTrue(json.get(1).get("topology.link.latency_s").isNumber());
        assertEquals("0.005", json.get(1).get("topology.link.latency_s").decimalValue().toPlainString());
        assertEquals(1, json.get(1).get("workload.arrivals.rate_per_s").asInt());
        String params = "point,replication,topology.link.latency_s,workload.arrivals.rate_per_s,";
        assertTrue(header(out.resolve("connections.csv.gz")).startsWith(params + "connection,client_tcb,server_tcb,"));
        assertTrue(header(out.resolve("occupancy.csv.gz")).equals(params + "bin_start_s,bin_end_s,host,state,mean,max"));
        assertTrue(header(out.resolve("trace.csv.gz")).startsWith("time_s," + params + "host,event,connection,tcb,"));
        for (String table : List.of("connections.csv.gz", "occupancy.csv.gz", "trace.csv.gz")) {
            for (Map<String, String> r : rows(out.resolve(table))) {
                assertEquals(r.get("point").equals("0") ? "0.025" : "0.005", r.get("topology.link.latency_s"), table);
                assertEquals("1", r.get("workload.arrivals.rate_per_s"), table);
            }
        }
    }

    @Test
    void seqAndAckAreWholeNumbersOrEmpty(@TempDir Path dir) throws IOException {
        Path out = run(dir);
        int acks = 0;
        for (Map<String, String> t : rows(out.resolve("trace.csv.gz"))) {
            boolean segment = !t.get("event").equals("state");
            assertTrue(segment ? t.get("seq").matches("[0-9]+") : t.get("seq").isEmpty(), t.toString());
            assertTrue(t.get("ack").matches("[0-9]*"), t.toString());
            assertEquals(segment && t.get("flags").contains("ACK"), !t.get("ack").isEmpty(), t.toString());
            acks += t.get("ack").isEmpty() ? 0 : 1;
        }
        assertTrue(acks > 0);
    }
}
