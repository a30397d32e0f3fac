package tcpsim.experiments.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import tcpsim.tcp.TcpState;

class OccupancyRecorderTest {
    static final TcpState C = TcpState.CLOSED;
    static final TcpState E = TcpState.ESTABLISHED;
    static final TcpState TW = TcpState.TIME_WAIT;

    @Test
    void integralIsExactOverTheWindow() {
        // window [10, 100]
        OccupancyRecorder o = new OccupancyRecorder(2, 10, 100, true, EnumSet.allOf(TcpState.class));
        o.transition(0, 0, E, TW);   // host 0: 1 from t=0
        o.transition(20, 1, E, TW);  // host 1: 1 from t=20 -> total 2
        o.transition(50, 0, TW, C);  // total 1 from 50
        o.transition(120, 1, TW, C); // after duration: ignored
        o.finish();
        // 1 x (20 - 10) + 2 x (50 - 20) + 1 x (100 - 50) = 10 + 60 + 50
        assertEquals(120, o.integral(TW));
        assertEquals(120 / 90.0, o.mean(TW), 1e-15);
        assertEquals(2, o.peak(TW));
        // the one at t = 20 (host 1); t = 0 (host 0) is before the warm-up (entries count from it)
        assertEquals(0, o.timeWaitOffered(0));
        assertEquals(1, o.timeWaitOffered(1));
    }

    @Test
    void changesAtOneInstantCollapseAndNoChangeGivesNoRow() {
        OccupancyRecorder o = new OccupancyRecorder(1, 0, 100, true, EnumSet.allOf(TcpState.class));
        o.transition(5, 0, TcpState.SYN_SENT, E); // SYN_SENT -1 (from 0: -1 is only transient in this test)
        o.transition(10, 0, E, TW);
        o.transition(10, 0, TW, C);  // at t=10 TIME_WAIT goes 0 -> 1 -> 0: no row
        o.transition(10, 0, C, E);   // ESTABLISHED: +1 at 5, -1 at 10, +1 at 10 -> row at 10 only if it changed
        o.finish();
        OccupancyRecorder.Rows r = o.rows();
        // rows: t=5 SYN_SENT -1, t=5 ESTABLISHED 1; at t=10 ESTABLISHED is still 1: no row; TIME_WAIT no row
        assertEquals(2, r.size());
        assertEquals(5, r.time(0));
        assertEquals(TcpState.SYN_SENT, r.state(0));
        assertEquals(-1, r.count(0));
        assertEquals(TcpState.ESTABLISHED, r.state(1));
        assertEquals(1, r.count(1));
        assertEquals(0, o.peak(TW)); // held for zero time
    }

    @Test
    void rowsAreSortedByTimeHostState() {
        OccupancyRecorder o = new OccupancyRecorder(2, 0, 100, true, EnumSet.of(TW, E));
        o.transition(1, 1, C, E);
        o.transition(1, 0, C, E);
        o.transition(2, 1, E, TW);
        o.transition(3, 0, E, TW);
        o.finish();
        OccupancyRecorder.Rows r = o.rows();
        assertEquals(6, r.size());
        long[] t = {1, 1, 2, 2, 3, 3};
        int[] h = {0, 1, 1, 1, 0, 0};
        TcpState[] s = {E, E, E, TW, E, TW};
        int[] c = {1, 1, 0, 1, 0, 1};
        for (int i = 0; i < 6; i++) {
            assertEquals(t[i], r.time(i), "row " + i);
            assertEquals(h[i], r.host(i), "row " + i);
            assertEquals(s[i], r.state(i), "row " + i);
            assertEquals(c[i], r.count(i), "row " + i);
        }
    }

    @Test
    void onlyChosenStatesGetRowsButAllAreIntegrated() {
        OccupancyRecorder o = new OccupancyRecorder(1, 0, 10, true, EnumSet.of(TW));
        o.transition(1, 0, C, E);
        o.transition(4, 0, E, TW);
        o.finish();
        assertEquals(1, o.rows().size());
        assertEquals(3, o.integral(E));
        assertEquals(6, o.integral(TW));
    }
}
