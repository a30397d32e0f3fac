package tcpsim.experiments.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcpsim.experiments.capture.Scenarios;
import tcpsim.experiments.capture.TraceRow;

/**
 * The seed document's pictures, simulated with its roles: one connection, no loss, the server answers and the
 * client, once it has the answer, closes first (so the client is the active closer: FIN_WAIT_1, FIN_WAIT_2,
 * TIME_WAIT; the server the passive one: CLOSE_WAIT, then LAST_ACK 10 ms later), and the same with the client's
 * final ACK lost (the server in LAST_ACK resends its FIN, the client in TIME_WAIT answers it again). The expected
 * text is exact; the PNG and SVG pictures are written to {@code target/ladder/} and copied to results/ladder/ for
 * the README.
 */
class LadderSeedTest {
    private static String expected(String name) throws Exception {
        try (InputStream in = LadderSeedTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String render(boolean loseFinalAck, String name) throws Exception {
        List<TraceRow> rows = Scenarios.seedTraceClientCloses(loseFinalAck);
        LadderDiagram d = LadderDiagram.fromTrace(rows, LadderDiagram.firstClientConnection(rows).orElseThrow());
        Path out = Path.of("target", "ladder");
        Files.createDirectories(out);
        LadderImages.writePng(d, out.resolve(name + ".png"));
        LadderImages.writeSvg(d, out.resolve(name + ".svg"));
        String text = LadderText.render(d);
        Files.writeString(out.resolve(name + ".txt"), text, StandardCharsets.UTF_8);
        return text;
    }

    @Test
    void seedScenario() throws Exception {
        assertEquals(expected("seed-ladder.txt"), render(false, "seed-ladder"));
    }

    @Test
    void seedScenarioWithTheFinalAckLost() throws Exception {
        assertEquals(expected("seed-ladder-final-ack-lost.txt"), render(true, "seed-ladder-final-ack-lost"));
    }
}
