package tcpsim.experiments.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tcpsim.experiments.capture.Scenarios;
import tcpsim.experiments.capture.TraceRow;

/**
 * A connection that carries data in slow start: the server answers 50 full segments (73,000 bytes, initial window
 * 10), the client acknowledges each at once. Its picture's labels must not overlap, its numbers are relative and
 * its text fits 80 columns.
 */
class LadderLabelsTest {
    private static final long MSS = 1448; // linux: 1460 less the 12 bytes of the timestamps option

    private static LadderDiagram transfer() throws Exception {
        List<TraceRow> rows = Scenarios.transferTrace(50 * MSS);
        return LadderDiagram.fromTrace(rows, LadderDiagram.firstClientConnection(rows).orElseThrow());
    }

    @Test
    void aFiftySegmentTransferHasNoOverlappingLabels() throws Exception {
        LadderDiagram d = transfer();
        List<LadderDiagram.Arrow> data = d.arrows().stream()
                .filter(a -> !a.fromClient() && a.segment().length() == MSS).toList();
        assertEquals(50, data.size());
        LadderPainter p = new LadderPainter(d);
        List<LadderLabels.Label> labels = p.labels().labels();
        for (int i = 0; i < labels.size(); i++) {
            for (int j = i + 1; j < labels.size(); j++) {
                assertFalse(LadderLabels.overlap(labels.get(i).box(), labels.get(j).box()),
                        "'" + labels.get(i).text() + "' overlaps '" + labels.get(j).text() + "'");
            }
        }
        // nothing left out: every arrow is named by exactly one label, alone or in a run
        assertEquals(0, p.labels().elided());
        Set<LadderDiagram.Arrow> named = new HashSet<>();
        for (LadderLabels.Label l : labels) {
            for (LadderDiagram.Arrow a : l.arrows()) {
                assertTrue(named.add(a), a.toString());
            }
        }
        assertEquals(new HashSet<>(d.arrows()), named);
        // slow start collapsed: the initial window of 10 segments is one label, as are their 10 ACKs
        List<String> texts = labels.stream().map(LadderLabels.Label::text).toList();
        assertTrue(texts.contains("10x ACK seq=1..14481 len=14480"), texts.toString());
        assertTrue(texts.contains("10x ACK ack=1449..14481"), texts.toString());
        // and every label lies between the lifelines and inside the picture
        for (LadderLabels.Label l : labels) {
            assertTrue(l.box().getBounds2D().getMinX() > 0 && l.box().getBounds2D().getMaxX() < p.width(), l.text());
            assertTrue(l.box().getBounds2D().getMinY() > 0 && l.box().getBounds2D().getMaxY() < p.height(), l.text());
        }
        Path out = Path.of("target", "ladder");
        Files.createDirectories(out);
        LadderImages.writePng(d, out.resolve("transfer-50.png"));
    }

    @Test
    void numbersAreRelativeUnlessAbsoluteIsAsked() throws Exception {
        List<TraceRow> rows = Scenarios.transferTrace(50 * MSS);
        long id = LadderDiagram.firstClientConnection(rows).orElseThrow();
        List<String> relative = labels(LadderDiagram.fromTrace(rows, id));
        assertEquals(List.of("SYN seq=0", "SYN,ACK seq=0 ack=1", "ACK seq=1 ack=1", "ACK seq=1 ack=1 len=100",
                "ACK seq=1 ack=101", "ACK seq=1 ack=101 len=1448"), relative.subList(0, 6));
        assertEquals("ACK seq=70953 ack=101 len=1448", relative.stream().filter(l -> l.endsWith("len=1448"))
                .reduce((a, b) -> b).orElseThrow());
        List<String> absolute = labels(LadderDiagram.fromTrace(rows, id, LadderDiagram.Numbering.ABSOLUTE));
        assertEquals(List.of("SYN seq=1000", "SYN,ACK seq=5000 ack=1001", "ACK seq=1001 ack=5001"),
                absolute.subList(0, 3));
    }

    @Test
    void theTextFitsEightyColumns() throws Exception {
        LadderDiagram d = transfer();
        String text = LadderText.render(d);
        List<String> tooLong = new ArrayList<>();
        text.lines().filter(l -> l.length() > LadderText.COLUMNS).forEach(tooLong::add);
        assertEquals(List.of(), tooLong);
        // one line per arrow and per state mark, plus three heading lines and one break line (TIME_WAIT)
        assertEquals(d.items().size() + 4, text.lines().count());
        assertTrue(text.contains("|<---------- ACK seq=1 ack=101 len=1448 --|"), text);
        // absolute numbers still fit, with the longest labels cut
        LadderDiagram wide = LadderDiagram.fromTrace(Scenarios.transferTrace(50 * MSS), 1,
                LadderDiagram.Numbering.ABSOLUTE);
        assertTrue(LadderText.render(wide).lines().allMatch(l -> l.length() <= LadderText.COLUMNS));
        assertTrue(LadderText.render(wide, 120).lines().anyMatch(l -> l.length() > LadderText.COLUMNS));
    }

    @Test
    void longLabelsAreCutWithAnEllipsis() {
        assertEquals("FIN,ACK seq=1", LadderText.elide("FIN,ACK seq=1", 13));
        assertEquals("FIN,ACK se...", LadderText.elide("FIN,ACK seq=12", 13));
    }

    private static List<String> labels(LadderDiagram d) {
        return d.arrows().stream().map(LadderDiagram.Arrow::label).toList();
    }
}
