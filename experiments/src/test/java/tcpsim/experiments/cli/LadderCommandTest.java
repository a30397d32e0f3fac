package tcpsim.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tcpsim.experiments.ladder.LadderDiagram;
import tcpsim.experiments.ladder.LadderDiagramTest;
import tcpsim.experiments.ladder.LadderText;

class LadderCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** {@code tcpsim ladder ARGS} through the real command line, with its error handling. */
    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "ladder";
        System.arraycopy(args, 0, all, 1, args.length);
        return cl.execute(all);
    }

    private Path resultsFolder() throws Exception {
        Path results = dir.resolve("results");
        Files.createDirectories(results);
        try (InputStream in = LadderDiagramTest.class.getResourceAsStream("handmade-trace.csv")) {
            tcpsim.experiments.TestGz.write(results.resolve("trace.csv.gz"),
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return results;
    }

    @Test
    void drawsFromAResultsFolder() throws Exception {
        Path results = resultsFolder();
        assertEquals(0, run(results.toString()), err.toString());
        String expected = LadderText.render(LadderDiagram.fromTrace(LadderDiagramTest.handmade(), 1));
        assertEquals(expected, out.toString());
        assertEquals(expected, Files.readString(results.resolve("ladder-0-0-1.txt")));
        assertTrue(Files.size(results.resolve("ladder-0-0-1.png")) > 1000);
        assertTrue(Files.readString(results.resolve("ladder-0-0-1.svg")).contains("<svg"));
    }

    @Test
    void formatsConnectionAndOutFolder() throws Exception {
        Path results = resultsFolder();
        Path target = dir.resolve("elsewhere");
        assertEquals(0, run(results.toString(), "--connection", "1", "--format", "svg", "--out", target.toString()),
                err.toString());
        assertTrue(Files.exists(target.resolve("ladder-0-0-1.svg")));
        assertFalse(Files.exists(target.resolve("ladder-0-0-1.png")));
        // the connection's number names both ends: there is no connection 2 (2 is the server's TCB)
        assertEquals(2, run(results.toString(), "--connection", "2", "--out", target.toString()));
        assertTrue(err.toString().contains("connection 2 is not in the trace of point 0 replication 0 (connections: 1)"),
                err.toString());
    }

    @Test
    void badInputIsAnErrorThatSaysWhy() throws Exception {
        Path results = resultsFolder();
        assertEquals(2, run(results.toString(), "--format", "gif"));
        assertTrue(err.toString().contains("png, svg, txt"), err.toString());
        assertEquals(2, run(dir.resolve("nothing").toString()));
        assertEquals(2, run(dir.toString()));
        assertTrue(err.toString().contains("trace.csv.gz"), err.toString());
        assertEquals(2, run(results.toString(), "--connection", "99"));
        assertTrue(err.toString().contains("connection 99"), err.toString());
        assertEquals(2, run(results.toString(), "--point", "5"));
        assertTrue(err.toString().contains("no trace rows for point 5"), err.toString());
    }

    @Test
    void aBadConfigIsReportedLikeTheOtherCommands() throws Exception {
        Path yaml = dir.resolve("bad.yaml");
        Files.writeString(yaml, "name: x\nnonsense: 1\n");
        assertEquals(2, run(yaml.toString()));
        assertTrue(err.toString().startsWith("tcpsim: error: "), err.toString());
        assertTrue(err.toString().contains("nonsense"), err.toString());
    }

    @Test
    void drawsFromAConfigByRunningItWithATrace() throws Exception {
        Path target = dir.resolve("ladder");
        assertEquals(0, run("configs/quickstart.yaml", "--set", "duration=1s", "--set", "warmup=0s", "--format", "txt",
                "--out", target.toString()), err.toString());
        assertTrue(out.toString().contains("SYN_SENT"), out.toString());
        assertEquals(out.toString(), Files.readString(target.resolve("ladder-0-0-1.txt")));
    }

    /**
     * The bundled staged scenario, with the seed document's roles: the client closes first, and its final ACK is
     * lost on its way, so the server in LAST_ACK resends its FIN one RTO (250 ms: SRTT 50 ms + the 200 ms floor)
     * later, the client in TIME_WAIT acknowledges it again and restarts its 60 s.
     */
    @Test
    void theFinalAckLostConfigShowsLastAckResendingItsFin() throws Exception {
        assertEquals(0, run("configs/final-ack-lost.yaml", "--format", "txt", "--out", dir.resolve("lost").toString()),
                err.toString());
        String lost = out.toString();
        assertLine(lost, "100\\.000 FIN_WAIT_1 +\\| +\\|");
        assertLine(lost, "125\\.000 +\\| +\\| CLOSE_WAIT");
        assertLine(lost, "135\\.000 +@160\\.000 \\|<-+ FIN,ACK seq=1001 ack=102 --\\|");
        assertLine(lost, "160\\.000 TIME_WAIT +\\| +\\|");
        assertLine(lost, "160\\.000 +\\|-- ACK seq=102 ack=1002 --X +\\| \\(lost\\)");
        assertLine(lost, "385\\.000 +@410\\.000 \\|<-+ FIN,ACK seq=1001 ack=102 --\\|");
        assertLine(lost, "410\\.000 +\\|-- ACK seq=102 ack=1002 -+>\\| @435\\.000");
        assertLine(lost, "435\\.000 +\\| +\\| CLOSED");
        assertLine(lost, "60410\\.000 CLOSED +\\| +\\|");
        assertTrue(lost.lines().allMatch(l -> l.length() <= 80), lost);

        out.getBuffer().setLength(0);
        assertEquals(0, run("configs/final-ack-lost.yaml", "--set", "topology.link.loss=0", "--format", "txt",
                "--out", dir.resolve("clean").toString()), err.toString());
        String clean = out.toString();
        assertFalse(clean.contains("(lost)"), clean);
        assertLine(clean, "185\\.000 +\\| +\\| CLOSED");
        assertLine(clean, "60160\\.000 CLOSED +\\| +\\|");
    }

    /**
     * Linux's RTTVAR floor is a config key: without it the RTO after one 50 ms sample is SRTT + 4 RTTVAR = 150 ms,
     * raised to the 200 ms min-rto, so LAST_ACK resends its FIN at 335 ms instead of 385 ms.
     */
    @Test
    void theRttvarFloorIsAConfigKey() throws Exception {
        assertEquals(0, run("configs/final-ack-lost.yaml", "--set", "tcp.rttvar-min=0s", "--format", "txt", "--out",
                dir.resolve("floor").toString()), err.toString());
        assertLine(out.toString(), "335\\.000 +@360\\.000 \\|<-+ FIN,ACK seq=\\d+ ack=\\d+ --\\|");
    }

    @Test
    void absoluteNumbersAndTheTextWidthOnRequest() throws Exception {
        assertEquals(0, run("configs/final-ack-lost.yaml", "--absolute", "--columns", "100", "--format", "txt",
                "--out", dir.resolve("abs").toString()), err.toString());
        String text = out.toString();
        // the client's ISN is its first ephemeral port's ISN from the seeded ISN source: not 0
        assertFalse(text.contains("SYN seq=0 "), text);
        assertTrue(text.lines().anyMatch(l -> l.length() > 80), text);
        assertTrue(text.lines().allMatch(l -> l.length() <= 100), text);
        assertEquals(2, run("configs/final-ack-lost.yaml", "--columns", "20"));
        assertTrue(err.toString().contains("--columns must be at least 40"), err.toString());
    }

    /** Without --out a config's pictures never land in ./ladder: here, with no results folder, in the temp folder. */
    @Test
    void aConfigWithoutOutWritesOutsideTheWorkingTree() throws Exception {
        Path expected = Path.of(System.getProperty("java.io.tmpdir"), "tcpsim-ladder", "final-ack-lost",
                "ladder-0-0-1.txt");
        Files.deleteIfExists(expected);
        assertFalse(Files.exists(Path.of("results", "final-ack-lost", "manifest.json")));
        assertEquals(0, run("configs/final-ack-lost.yaml", "--format", "txt"), err.toString());
        assertEquals(out.toString(), Files.readString(expected));
        assertFalse(Files.exists(Path.of("ladder")));
        Files.delete(expected);
    }

    private static void assertLine(String text, String regex) {
        assertTrue(text.lines().anyMatch(l -> l.strip().matches(regex)), "no line matches " + regex + " in\n" + text);
    }
}
