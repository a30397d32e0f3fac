package tcpsim.experiments.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tcpsim.experiments.cli.Main;
import tcpsim.experiments.config.ConfigLoader;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.tcp.Segment;

class ExperimentRunTest {
    static String run(Path config, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", config.toString(), "--out", out.toString(), "--quiet"));
        args.addAll(List.of(extra));
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int code = cl.execute(args.toArray(new String[0]));
        assertEquals(0, code, err.toString());
        return err.toString();
    }

    /** summary.csv as rows of column -> cell. */
    static List<Map<String, String>> summary(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("summary.csv"));
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertEquals(header.length, cells.length, line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }

    @Test
    void dataFilesAreByteIdenticalForAnyThreadCount(@TempDir Path tmp) throws IOException {
        Path cfg = tmp.resolve("small.yaml");
        Files.writeString(cfg, """
                name: small
                seed: 7
                replications: 3
                duration: 5s
                warmup: 1s
                tcp: {time-wait: 1s}
                topology:
                  clients: 3
                  servers: 2
                  link: {latency: 5ms, jitter: 1ms, bandwidth: 10Mbps, loss: 0.05}
                  server-link: {latency: 1ms, loss: {model: gilbert-elliott, p-gb: 0.05, p-bg: 0.5, loss-bad: 0.3}}
                workload:
                  arrivals: {process: poisson, rate: 40/s}
                  request-bytes: 500
                  response-bytes: 5000
                sweep:
                  workload.close: [client-first, server-first, simultaneous]
                  workload.server-close-delay: [0s, never]
                """);
        Path one = tmp.resolve("one");
        Path two = tmp.resolve("two");
        // both into the same --out (the manifest records it in the command that regenerates the folder)
        Path out = tmp.resolve("out");
        run(cfg, out, "--threads", "1");
        Files.move(out, one);
        run(cfg, out, "--threads", "2");
        Files.move(out, two);
        List<Path> files = new java.util.ArrayList<>(files(one));
        assertEquals(files, files(two));
        assertTrue(files.remove(Path.of("provenance.json"))); // volatile by design: threads, machine, wall time
        for (String f : List.of("manifest.json", "connections.csv.gz", "occupancy.csv.gz", "summary.csv",
                "summary.json")) {
            assertTrue(files.contains(Path.of(f)), f + " in " + files);
        }
        for (Path f : files) {
            assertArrayEquals(Files.readAllBytes(one.resolve(f)), Files.readAllBytes(two.resolve(f)),
                    f + " differs between --threads 1 and --threads 2");
        }
        // and the run is reproducible into an existing folder, which it replaces
        Files.move(one, out);
        run(cfg, out, "--threads", "2", "--force");
        Files.move(out, one);
        for (Path f : files) {
            assertArrayEquals(Files.readAllBytes(one.resolve(f)), Files.readAllBytes(two.resolve(f)), f.toString());
        }
        // no temporary folder is left behind
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("one", "small.yaml", "two"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        List<Map<String, String>> rows = summary(one);
        assertEquals(6, rows.size());
        for (Map<String, String> r : rows) {
            assertTrue(Long.parseLong(r.get("connections")) > 400, r.toString());
        }
        String manifest = Files.readString(one.resolve("manifest.json"));
        assertTrue(manifest.contains("\"connections.csv.gz\" : \""), manifest);
    }

    static long ser(int bytes, long bps) {
        return (bytes * 8L * 1_000_000_000L + bps - 1) / bps;
    }

    @Test
    void zeroLossSetupIsExactlyOneRoundTripPlusSerialisation(@TempDir Path tmp) throws Exception {
        String yaml = """
                name: rtt
                duration: 10s
                topology:
                  clients: 1
                  servers: 1
                  link: {latency: {up: 7ms, down: 11ms}, bandwidth: {up: 10Mbps, down: 3Mbps}}
                  server-link: {latency: 3ms, bandwidth: 1Gbps}
                workload:
                  arrivals: {process: constant, rate: 2/s}
                  request-bytes: 300
                  response-bytes: 3000
                """;
        ExperimentConfig cfg = ConfigLoader.parse("rtt.yaml", yaml, List.of());
        RunResult r = Runner.runSingle(cfg, 0, 0, List.of(), tmp);
        // the linux profile uses timestamps (issue 10): 56 bytes with MSS and the 12-byte option, 52 bytes
        int syn = new Segment(0, 0, 0, 0, 0, 0, Segment.SYN, 0, 0, 1460, true, 1, 0).sizeBytes();
        int ack = new Segment(0, 0, 0, 0, 0, 0, Segment.ACK, 0, 0, 0, true, 1, 1).sizeBytes();
        long synUp = ser(syn, 10_000_000L) + 7_000_000L + ser(syn, 1_000_000_000L) + 3_000_000L;
        long synAckDown = ser(syn, 1_000_000_000L) + 3_000_000L + ser(syn, 3_000_000L) + 11_000_000L;
        long ackUp = ser(ack, 10_000_000L) + 7_000_000L + ser(ack, 1_000_000_000L) + 3_000_000L;
        assertEquals(20, r.connections().size());
        for (ConnectionRecord c : r.connections()) {
            assertEquals("ok", c.outcome().label(), c.toString());
            assertEquals(synUp + synAckDown, c.clientSetup(), c.toString());
            assertEquals(synAckDown + ackUp, c.serverSetup(), c.toString());
            assertEquals(0, c.synRetransmits());
            assertEquals(0, c.synAckRetransmits());
            assertEquals("client", c.closeInitiator());
            // TIME_WAIT, linux profile: 60 s on its timer wheel (timer-hz 250: 15000 jiffies, 512-jiffy buckets)
            assertTrue(c.stateTime(5) > 60_000_000_000L && c.stateTime(5) <= 62_048_000_000L, c.toString());
        }
        assertEquals(2 * (7 + 11 + 3 + 3) / 2 * 1_000_000L, cfg.base().topology().rttNs());
    }

    @Test
    void timeWaitOccupancyAgreesWithLittlesLaw(@TempDir Path tmp) throws IOException {
        // the bundled experiment, scaled down in time: TIME_WAIT 3 s instead of 60 s, the window after one
        // TIME_WAIT duration; rates 30/s and 300/s; client-first and server-first close, 5 replications. On the
        // linux profile's timer wheel (timer-hz 250) 3 s are 750 jiffies, at level 2 (64-jiffy buckets): TIME_WAIT
        // lasts 3.128 s on average (Theory.meanTimerLifetime), and Little's law takes that
        double lifetime = 3.128;
        Path out = tmp.resolve("out");
        run(Path.of("configs", "time-wait-occupancy.yaml"), out, "--threads", "2", "--set", "tcp.time-wait=3s",
                "--set", "duration=15s", "--set", "warmup=4s", "--set", "sweep.workload.arrivals.rate=[30/s, 300/s]",
                "--set", "output.connections=false", "--set", "output.occupancy=none");
        assertFalse(Files.exists(out.resolve("connections.csv.gz")));
        List<Map<String, String>> rows = summary(out);
        assertEquals(4, rows.size());
        for (Map<String, String> r : rows) {
            assertEquals("5", r.get("replications"));
            double mean = Double.parseDouble(r.get("time_wait_mean"));
            double lo = Double.parseDouble(r.get("time_wait_ci_low"));
            double hi = Double.parseDouble(r.get("time_wait_ci_high"));
            double little = Double.parseDouble(r.get("time_wait_littles_law"));
            double rate = Double.parseDouble(r.get("close_rate_per_s"));
            assertEquals("3.000000000", r.get("time_wait_duration_s"));
            assertEquals(rate * lifetime, little, 1e-9);
            assertTrue(lo <= little && little <= hi, "Little's law " + little + " outside [" + lo + ", " + hi
                    + "] (mean " + mean + ") at " + r);
            // the nominal arrival rate x TIME_WAIT lifetime is within the interval too
            double nominal = Double.parseDouble(r.get("workload.arrivals.rate").replace("/s", "")) * lifetime;
            assertTrue(lo <= nominal && nominal <= hi, nominal + " outside [" + lo + ", " + hi + "] at " + r);
            assertTrue(Long.parseLong(r.get("time_wait_peak")) >= mean);
            assertEquals("0", r.get("close_wait_mean"));
        }
    }
}
