package tcpsim.experiments.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tcpsim.experiments.cli.Main;
import tcpsim.experiments.ladder.LadderDiagram;

/** {@code tcpsim run --pcap --trace} end to end: the files exist and do not depend on the thread count. */
class CaptureRunTest {
    @TempDir
    Path dir;

    private static void run(Path out, int threads) {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("run", "configs/quickstart.yaml", "--pcap", "--trace", "-q", "--threads",
                Integer.toString(threads), "--out", out.toString(), "--set", "duration=3s", "--set", "warmup=1s");
        assertEquals(0, code, err.toString());
    }

    private static List<Path> pcaps(Path results) throws Exception {
        try (Stream<Path> s = Files.list(results.resolve(PcapHook.DIR))) {
            return s.map(p -> p.getFileName()).sorted().toList();
        }
    }

    @Test
    void capturesAndTraceAreByteIdenticalForAnyThreadCount() throws Exception {
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        run(one, 1);
        run(two, 2);
        assertFalse(Files.exists(one.resolve(TraceFiles.PARTS_DIR)), "the trace parts are merged away");
        assertArrayEquals(Files.readAllBytes(one.resolve("trace.csv.gz")), Files.readAllBytes(two.resolve("trace.csv.gz")));
        List<Path> files = pcaps(one);
        assertEquals(files, pcaps(two));
        assertTrue(files.contains(Path.of("0-0-client1.pcap")) && files.contains(Path.of("0-0-server1.pcap")),
                files.toString());
        for (Path f : files) {
            assertArrayEquals(Files.readAllBytes(one.resolve("pcap").resolve(f)),
                    Files.readAllBytes(two.resolve("pcap").resolve(f)), f.toString());
        }
        List<TraceRow> rows = TraceFiles.read(one.resolve("trace.csv.gz"), 0, 0);
        assertFalse(rows.isEmpty());
        assertTrue(LadderDiagram.firstClientConnection(rows).isPresent());
    }
}
