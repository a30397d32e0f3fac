package tcpsim.experiments.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcpsim.experiments.TestGz;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tcpsim.experiments.cli.Main;

/**
 * The {@code drop-segments} loss model end to end: a staged case written by segment kind gives the run the same
 * case written by packet position gives, and the trace's drop rows are the segments the description names.
 */
class StagedLossRunTest {
    private static final Path CONFIG = Path.of("configs/final-ack-lost.yaml");
    private static final String DROP_LIST = "loss: {up: {model: drop-list, packets: [6]}}";

    @TempDir
    Path dir;

    private Path run(String name, String loss) throws Exception {
        String yaml = Files.readString(CONFIG);
        if (!yaml.contains(DROP_LIST)) {
            throw new AssertionError("final-ack-lost.yaml no longer stages its loss as " + DROP_LIST);
        }
        Path cfg = dir.resolve(name + ".yaml");
        Files.writeString(cfg, yaml.replace(DROP_LIST, loss));
        Path out = dir.resolve(name);
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("run", cfg.toString(), "-q", "--out", out.toString());
        assertEquals(0, code, err.toString());
        return out;
    }

    /** The drop rows of the trace as "time host flags". */
    private static List<String> drops(Path results) throws Exception {
        List<String> lines = TestGz.lines(results.resolve("trace.csv.gz"));
        List<String> header = List.of(lines.get(0).split(",", -1));
        int time = header.indexOf("time_s");
        int host = header.indexOf("host");
        int event = header.indexOf("event");
        int flags = header.indexOf("flags");
        return lines.stream().skip(1).map(l -> l.split(",", -1)).filter(c -> c[event].equals("drop"))
                .map(c -> c[time] + " " + c[host] + " " + c[flags]).toList();
    }

    @Test
    void theThirdPureAckUpIsTheSixthPacketUp() throws Exception {
        Path byPosition = run("by-position", DROP_LIST);
        // up: SYN, ACK (1st pure ACK), request, ACK of the response (2nd), FIN, the final ACK (3rd)
        Path byKind = run("by-kind", "loss: {up: {model: drop-segments, match: ACK, nth: [3]}}");
        assertEquals(TestGz.read(byPosition.resolve("trace.csv.gz")), TestGz.read(byKind.resolve("trace.csv.gz")));
        assertEquals(List.of("0.160000000 client1 ACK"), drops(byKind));
    }

    @Test
    void theServersFirstTwoFinsAreLostWhateverWentBefore() throws Exception {
        // the server's FIN (sent at 0.135 s, lost at the router on the client's link down) and its tail loss
        // probe (the 2nd FIN on that direction) are lost; the 3rd, the RTO's, gets through
        Path out = run("fins", "loss: {down: {model: drop-segments, match: FIN, nth: [1, 2]}}");
        assertEquals(List.of("0.135000000 router FIN+ACK", "0.385000000 router FIN+ACK"), drops(out));
    }
}
