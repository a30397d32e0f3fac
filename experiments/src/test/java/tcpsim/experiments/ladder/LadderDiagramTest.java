package tcpsim.experiments.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.experiments.capture.TraceRow;

/** The ladder model and renderers on a hand-written trace (one lost data segment, server closes first). */
public class LadderDiagramTest {
    @TempDir
    Path dir;

    public static List<TraceRow> handmade() throws Exception {
        try (InputStream in = LadderDiagramTest.class.getResourceAsStream("handmade-trace.csv")) {
            List<TraceRow> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("time_s")) {
                    rows.add(TraceRow.parse(line));
                }
            }
            return rows;
        }
    }

    @Test
    void pairsSendsWithArrivalsAndDrops() throws Exception {
        List<TraceRow> rows = handmade();
        assertEquals(1L, LadderDiagram.firstClientConnection(rows).orElseThrow());
        LadderDiagram d = LadderDiagram.fromTrace(rows, 2); // naming the server gives the same picture
        assertEquals(LadderDiagram.fromTrace(rows, 1), d);
        assertEquals("client", d.client().host());
        assertEquals(32768, d.client().port());
        assertEquals(2, d.server().connection());
        List<LadderDiagram.Arrow> arrows = d.arrows();
        assertEquals(11, arrows.size());
        LadderDiagram.Arrow lost = arrows.get(3);
        assertTrue(lost.lost());
        assertEquals(50_000_000L, lost.dropTime());
        assertEquals("PSH,ACK seq=1 ack=1 len=100", lost.label());
        assertEquals("PSH,ACK seq=1001 ack=5001 len=100",
                LadderDiagram.fromTrace(rows, 1, LadderDiagram.Numbering.ABSOLUTE).arrows().get(3).label());
        LadderDiagram.Arrow resent = arrows.get(4);
        assertFalse(resent.lost());
        assertEquals(1_075_000_000L, resent.arriveTime());
        assertEquals(25_000_000L, d.oneWayDelay());
    }

    @Test
    void textShowsStatesArrowsLossAndTheTimeWaitBreak() throws Exception {
        String text = LadderText.render(LadderDiagram.fromTrace(handmade(), 1));
        String[] lines = text.split("\n");
        assertEquals("     0.000 SYN_SENT     |                                         |", lines[3]);
        assertEquals("     0.000              |-- SYN seq=0 --------------------------->| @25.000", lines[4]);
        assertEquals("    25.000      @50.000 |<----------------- SYN,ACK seq=0 ack=1 --|", lines[6]);
        assertTrue(text.contains("|-- PSH,ACK seq=1 ack=1 len=100 --X       | (lost)\n"), text);
        assertTrue(text.contains("~               (59.975 s)                ~\n"), text);
        assertTrue(text.endsWith(" 61135.000              |                                         | CLOSED\n"), text);
        assertTrue(text.lines().allMatch(l -> l.length() <= LadderText.COLUMNS), text);
    }

    @Test
    void pngAndSvgAreWrittenAndSvgIsDeterministic() throws Exception {
        LadderDiagram d = LadderDiagram.fromTrace(handmade(), 1);
        Path png = dir.resolve("l.png");
        LadderImages.writePng(d, png);
        BufferedImage img = ImageIO.read(png.toFile());
        LadderPainter p = new LadderPainter(d);
        assertEquals(p.width(), img.getWidth());
        assertEquals(p.height(), img.getHeight());
        String svg = LadderImages.svg(d);
        assertEquals(svg, LadderImages.svg(d));
        assertTrue(svg.contains("TIME_WAIT") && svg.contains("SYN,ACK seq=0 ack=1"), svg);
        LadderImages.writeSvg(d, dir.resolve("l.svg"));
        assertEquals(svg, Files.readString(dir.resolve("l.svg")));
    }
}
