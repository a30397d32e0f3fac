package tcpsim.experiments.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import tcpsim.experiments.config.Units;
import tcpsim.kernel.net.Ipv4;
import tcpsim.tcp.Segment;

class TraceRowTest {
    @Test
    void secondsAreExactWithNineDigits() {
        StringBuilder sb = new StringBuilder();
        Units.appendSeconds(sb, 50_000_000L);
        assertEquals("0.050000000", sb.toString());
        sb.setLength(0);
        Units.appendSeconds(sb, 61_234_567_891L);
        assertEquals("61.234567891", sb.toString());
        assertEquals(61_234_567_891L, TraceRow.parseSeconds("61.234567891"));
        assertEquals(1_500_000_000L, TraceRow.parseSeconds("1.5"));
        assertEquals(2_000_000_000L, TraceRow.parseSeconds("2"));
        assertThrows(NumberFormatException.class, () -> TraceRow.parseSeconds("1.0000000001"));
    }

    @Test
    void segmentRowRoundTrips() {
        Segment s = new Segment(Ipv4.parse("10.0.0.2"), Ipv4.parse("10.0.0.1"), 80, 40000, 0xfffffff0, 1001,
                Segment.SYN | Segment.ACK, 65535, 0, 1460);
        TraceRow row = TraceRow.segment(25_000_000L, 0, 3, "server", TraceRow.Event.RECEIVE, 7, 2, s, false,
                "ESTABLISHED");
        String line = row.toString();
        assertEquals("0.025000000,0,3,server,receive,7,2,10.0.0.1,40000,10.0.0.2,80,SYN+ACK,4294967280,1001,0,"
                + "ESTABLISHED", line);
        assertEquals(row, TraceRow.parse(line));
    }

    @Test
    void notApplicableCellsAreEmpty() {
        Segment syn = new Segment(Ipv4.parse("10.0.0.1"), Ipv4.parse("10.0.0.2"), 40000, 80, 7, 0, Segment.SYN,
                65535, 0, 1460);
        TraceRow row = TraceRow.segment(0, 1, 0, "client", TraceRow.Event.SEND, 0, 0, syn, true, "");
        assertEquals("0.000000000,1,0,client,send,,,10.0.0.1,40000,10.0.0.2,80,SYN,7,,0,", row.toString());
        assertEquals(row, TraceRow.parse(row.toString()));
        TraceRow state = new TraceRow(60_050_000_000L, 0, 0, "client", TraceRow.Event.STATE, 1, 1,
                Ipv4.parse("10.0.0.1"), 40000, Ipv4.parse("10.0.0.2"), 80, -1, -1, -1, -1, "CLOSED");
        assertEquals("60.050000000,0,0,client,state,1,1,10.0.0.1,40000,10.0.0.2,80,,,,,CLOSED", state.toString());
        assertEquals(state, TraceRow.parse(state.toString()));
    }
}
