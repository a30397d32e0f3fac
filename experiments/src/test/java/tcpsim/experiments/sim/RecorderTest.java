package tcpsim.experiments.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tcpsim.tcp.CloseReason;
import tcpsim.tcp.TcpState;

class RecorderTest {
    static Recorder.Conn conn(boolean established, TcpState lastState, CloseReason reason) {
        Recorder.Conn c = new Recorder.Conn(1, 0, 1, 80, 0);
        if (established) {
            c.clientEstablished(5);
        }
        if (lastState != null) {
            c.clientStateBeforeClosed(lastState);
        }
        if (reason != null) {
            c.clientReason(reason);
        }
        return c;
    }

    @Test
    void outcomesFromTheClientsView() {
        assertEquals("ok", Recorder.outcome(conn(true, TcpState.TIME_WAIT, CloseReason.NORMAL)).label());
        // the FIN_WAIT_2 timer after the client's own close is part of an orderly end (the server never closed)
        assertEquals("ok", Recorder.outcome(conn(true, TcpState.FIN_WAIT_2, CloseReason.TIMEOUT)).label());
        assertEquals("timeout", Recorder.outcome(conn(true, TcpState.ESTABLISHED, CloseReason.TIMEOUT)).label());
        assertEquals("timeout", Recorder.outcome(conn(false, TcpState.SYN_SENT, CloseReason.TIMEOUT)).label());
        assertEquals("refused", Recorder.outcome(conn(false, TcpState.SYN_SENT, CloseReason.REFUSED)).label());
        assertEquals("reset", Recorder.outcome(conn(true, TcpState.ESTABLISHED, CloseReason.RESET)).label());
        assertEquals("reset", Recorder.outcome(conn(true, TcpState.ESTABLISHED, CloseReason.ABORTED)).label());
        assertEquals("port-exhausted", Recorder.outcome(conn(false, null, CloseReason.PORT_EXHAUSTED)).label());
        // still open when the run ended
        assertEquals("ok", Recorder.outcome(conn(true, null, null)).label());
        assertEquals("timeout", Recorder.outcome(conn(false, null, null)).label());
    }
}
