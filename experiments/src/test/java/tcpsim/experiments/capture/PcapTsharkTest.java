package tcpsim.experiments.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.kernel.net.Channel;

/**
 * Reads the captures of simulated runs with tshark (Wireshark's dissectors): no malformed packets, no bad IPv4 or
 * TCP checksum, every completed connection complete in tshark's eyes (SYN, SYN-ACK, ACK and FIN seen), and the
 * initial RTT tshark measures equal to the configured one. Skipped when tshark is not installed.
 *
 * <p>Field semantics checked against tshark 4.0: {@code ip/tcp.checksum.status} 0 = bad, 1 = good, 2 = unverified
 * (truncated payload); {@code tcp.completeness} a bit mask 1 SYN, 2 SYN-ACK, 4 ACK, 8 DATA, 16 FIN, 32 RST, final
 * only in the second pass ({@code -2}). tshark takes a SYN at time 0 for "no SYN seen", so runs start later.
 */
class PcapTsharkTest {
    private static final int SYN = 1;
    private static final int SYN_ACK = 2;
    private static final int ACK = 4;
    private static final int FIN = 16;
    private static final String BAD = "_ws.malformed || ip.checksum.status==0 || tcp.checksum.status==0";

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTshark() {
        boolean found = false;
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!p.isEmpty() && Files.isExecutable(Path.of(p, "tshark"))) {
                found = true;
            }
        }
        Assumptions.assumeTrue(found, "tshark is not on PATH");
    }

    private static List<String> tshark(Path file, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString(), "-o",
                "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE", "-o", "tcp.analyze_sequence_numbers:TRUE"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark timed out");
        assertEquals(0, p.exitValue(), "tshark failed on " + file + ": " + cmd);
        List<String> lines = new ArrayList<>();
        for (String l : out.split("\n")) {
            if (!l.isBlank()) {
                lines.add(l);
            }
        }
        return lines;
    }

    private Map<String, Path> capture(Scenarios sc, int snaplen) throws IOException {
        PcapCapture capture = new PcapCapture(sc.net, dir, "s" + snaplen + "-", snaplen);
        sc.sim.run();
        capture.close();
        Map<String, Path> files = new HashMap<>();
        files.put("client", dir.resolve("s" + snaplen + "-client.pcap"));
        files.put("server", dir.resolve("s" + snaplen + "-server.pcap"));
        return files;
    }

    @Test
    void theBadPacketFilterCatchesABrokenChecksum() throws Exception {
        Scenarios sc = Scenarios.seed(false);
        Path file = capture(sc, 96).get("client");
        byte[] bytes = Files.readAllBytes(file);
        bytes[24 + 16 + 20 + 16] ^= 0x5a; // first packet: TCP checksum's high byte
        Files.write(file, bytes);
        assertEquals(1, tshark(file, "-Y", BAD, "-T", "fields", "-e", "frame.number").size());
    }

    @Test
    void lossyRunReadsCleanAndCompletedConnectionsAreComplete() throws Exception {
        for (int snaplen : new int[] {96, 65535}) {
            Scenarios sc = Scenarios.lossy(7, 25, 0.05);
            Map<String, Path> files = capture(sc, snaplen);
            long lost = 0;
            for (Channel c : new Channel[] {sc.client.outgoing().get(0), sc.server.outgoing().get(0)}) {
                lost += c.lossDropCount();
            }
            assertTrue(lost > 0, "the run lost nothing: not a lossy test");
            assertTrue(sc.completed.size() >= 15, "completed: " + sc.completed);
            for (Map.Entry<String, Path> e : files.entrySet()) {
                Path f = e.getValue();
                assertEquals(List.of(), tshark(f, "-Y", BAD, "-T", "fields", "-e", "frame.number"),
                        "malformed or bad checksum in " + f);
                if (snaplen == 65535) {
                    assertEquals(List.of(), tshark(f, "-Y", "tcp.checksum.status!=1 || ip.checksum.status!=1",
                            "-T", "fields", "-e", "frame.number"), "unverified checksums in " + f);
                }
                Map<Integer, Integer> completeness = new HashMap<>();
                for (String line : tshark(f, "-2", "-T", "fields", "-e", "tcp.srcport", "-e", "tcp.dstport", "-e",
                        "tcp.completeness")) {
                    String[] x = line.split("\t");
                    int clientPort = Integer.parseInt(x[0]) == Scenarios.PORT ? Integer.parseInt(x[1])
                            : Integer.parseInt(x[0]);
                    completeness.merge(clientPort, Integer.parseInt(x[2]), Math::max);
                }
                for (int port : sc.completed) {
                    int bits = completeness.getOrDefault(port, 0);
                    assertEquals(SYN | SYN_ACK | ACK | FIN, bits & (SYN | SYN_ACK | ACK | FIN),
                            e.getKey() + " capture, client port " + port + ": completeness " + bits);
                }
            }
            // a packet lost on a link is only in its sender's capture
            Channel up = sc.client.outgoing().get(0);
            Channel down = sc.server.outgoing().get(0);
            assertEquals(up.sentCount() + down.deliveredCount(), tshark(files.get("client"), "-T", "fields", "-e",
                    "frame.number").size());
            assertEquals(down.sentCount() + up.deliveredCount(), tshark(files.get("server"), "-T", "fields", "-e",
                    "frame.number").size());
        }
    }

    @Test
    void capturesOfTheLossyQuickstartThroughARouterReadClean() throws Exception {
        Path out = dir.resolve("quickstart");
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = tcpsim.experiments.cli.Main.commandLine();
        cl.setOut(new java.io.PrintWriter(new java.io.StringWriter(), true));
        cl.setErr(new java.io.PrintWriter(err, true));
        assertEquals(0, cl.execute("run", "configs/quickstart.yaml", "--pcap", "-q", "--out", out.toString(), "--set",
                "duration=3s", "--set", "warmup=1s", "--set", "replications=1", "--set", "sweep.topology.link.loss=[0.05]"),
                err.toString());
        List<Path> files;
        try (java.util.stream.Stream<Path> s = Files.list(out.resolve(PcapHook.DIR))) {
            files = s.sorted().toList();
        }
        assertFalse(files.isEmpty());
        int retransmissions = 0;
        for (Path f : files) {
            assertEquals(List.of(), tshark(f, "-Y", BAD, "-T", "fields", "-e", "frame.number"),
                    "malformed or bad checksum in " + f);
            retransmissions += tshark(f, "-Y", "tcp.analysis.retransmission", "-T", "fields", "-e", "frame.number")
                    .size();
        }
        assertTrue(retransmissions > 0, "a lossy run retransmits");
    }

    @Test
    void initialRttIsTheConfiguredRttWithoutLoss() throws Exception {
        Scenarios sc = Scenarios.lossy(3, 5, 0.0);
        Map<String, Path> files = capture(sc, 96);
        assertEquals(5, sc.completed.size());
        BigDecimal rtt = new BigDecimal(2 * Scenarios.ONE_WAY).movePointLeft(9);
        for (Path f : files.values()) {
            Map<String, String> perStream = new HashMap<>();
            for (String line : tshark(f, "-2", "-T", "fields", "-e", "tcp.stream", "-e",
                    "tcp.analysis.initial_rtt")) {
                String[] x = line.split("\t");
                if (x.length > 1 && !x[1].isEmpty()) {
                    perStream.put(x[0], x[1]);
                }
            }
            assertEquals(5, perStream.size(), f + ": " + perStream);
            for (String v : perStream.values()) {
                assertEquals(0, rtt.compareTo(new BigDecimal(v)), f + ": iRTT " + v);
            }
        }
        assertFalse(files.isEmpty());
    }
}
