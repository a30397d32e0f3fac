package tcpsim.experiments.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcpsim.experiments.sim.ConnectionNumbers;
import tcpsim.experiments.ladder.LadderDiagram;
import tcpsim.experiments.ladder.LadderImages;
import tcpsim.experiments.ladder.LadderText;

class TraceRecorderTest {
    private static String trace(Scenarios sc) throws Exception {
        StringWriter out = new StringWriter();
        TraceRecorder recorder = new TraceRecorder(sc.sim, 3, 1, ConnectionNumbers.NONE, TraceRecorder.csvLines(out));
        sc.net.addObserver(recorder);
        sc.tcp.addObserver(recorder);
        sc.sim.run();
        recorder.close();
        return out.toString();
    }

    private static List<TraceRow> rows(String text) {
        List<TraceRow> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            rows.add(TraceRow.parse(line));
        }
        return rows;
    }

    @Test
    void seedScenarioRowsCarryTheStateAfterTheirEvent() throws Exception {
        List<TraceRow> rows = Scenarios.seedTrace(false);
        assertEquals("0.001000000,0,0,client,state,,1,10.0.0.1,32768,10.0.0.2,80,,,,,SYN_SENT", rows.get(0).toString());
        assertEquals("0.001000000,0,0,client,send,,1,10.0.0.1,32768,10.0.0.2,80,SYN,1000,,0,SYN_SENT",
                rows.get(1).toString());
        assertEquals("0.026000000,0,0,server,receive,,2,10.0.0.2,80,10.0.0.1,32768,SYN,1000,,0,SYN_RECEIVED",
                rows.get(2).toString());
        assertTrue(rows.stream().anyMatch(r -> r.toString().equals(
                "0.051000000,0,0,client,receive,,1,10.0.0.1,32768,10.0.0.2,80,SYN+ACK,5000,1001,0,ESTABLISHED")));
        assertEquals("60.186000000,0,0,server,state,,2,10.0.0.2,80,10.0.0.1,32768,,,,,CLOSED",
                rows.get(rows.size() - 1).toString());
    }

    @Test
    void aRefusedConnectionHasConnectionlessRowsAtTheServerAndStillDraws() throws Exception {
        Scenarios sc = new Scenarios(1, tcpsim.kernel.net.DropList.positions(), tcpsim.kernel.net.DropList.positions(),
                tcpsim.tcp.IsnSource.fixed(1000));
        sc.sim.scheduleAt(tcpsim.kernel.Time.millis(1), () -> sc.clientStack.connect(Scenarios.SERVER, 81,
                tcpsim.tcp.SocketCallbacks.NONE));
        List<TraceRow> rows = rows(trace(sc));
        assertEquals("0.026000000,3,1,server,receive,,,10.0.0.2,81,10.0.0.1,32768,SYN,1000,,0,", rows.get(2).toString());
        assertEquals("0.026000000,3,1,server,send,,,10.0.0.2,81,10.0.0.1,32768,RST+ACK,0,1001,0,",
                rows.get(3).toString());
        LadderDiagram d = LadderDiagram.fromTrace(rows, 1, LadderDiagram.Numbering.ABSOLUTE);
        assertEquals("server", d.server().host());
        assertEquals(0, d.server().connection());
        assertEquals(List.of("SYN seq=1000", "RST,ACK seq=0 ack=1001"),
                d.arrows().stream().map(LadderDiagram.Arrow::label).toList());
        assertTrue(d.arrows().stream().noneMatch(LadderDiagram.Arrow::lost));
    }

    @Test
    void lossyTraceIsDeterministicOrderedAndComplete() throws Exception {
        String a = trace(Scenarios.lossy(7, 25, 0.05));
        assertEquals(a, trace(Scenarios.lossy(7, 25, 0.05)));
        List<TraceRow> rows = rows(a);
        long drops = 0;
        for (int i = 0; i < rows.size(); i++) {
            TraceRow r = rows.get(i);
            assertEquals(3, r.point());
            assertEquals(1, r.replication());
            if (i > 0) {
                assertTrue(rows.get(i - 1).timeNs() <= r.timeNs(), "time order at row " + i);
            }
            if (r.isSegment()) {
                assertTrue(r.tcb() > 0, "every segment belongs to a TCB here: " + r);
                assertFalse(r.state().isEmpty(), r.toString());
            }
            if (r.event() == TraceRow.Event.DROP) {
                drops++;
                TraceRow previous = rows.get(i - 1);
                assertEquals(TraceRow.Event.SEND, previous.event(), "a loss follows its send: " + r);
                assertEquals(previous.seq(), r.seq());
            }
        }
        assertTrue(drops > 0);
        // every client connection can be drawn
        for (long id : LadderDiagram.connections(rows)) {
            LadderDiagram d = LadderDiagram.fromTrace(rows, id);
            assertFalse(d.arrows().isEmpty());
            assertFalse(LadderText.render(d).isEmpty());
            assertTrue(LadderImages.svg(d).contains("<svg"));
        }
    }
}
