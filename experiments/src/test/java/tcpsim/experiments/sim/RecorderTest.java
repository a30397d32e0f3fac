package tcpsim.experiments.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.experiments.TestGz;
import tcpsim.tcp.CloseReason;
import tcpsim.tcp.TcpState;

class RecorderTest {
    static LiveRecord conn(boolean established, TcpState lastState, CloseReason reason) {
        LiveRecord c = new LiveRecord(1, 0, 1, 80, 0);
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

    /**
     * A simultaneous close, where both ends pass FIN_WAIT_1, CLOSING and TIME_WAIT, so the record folds two ends'
     * stays per state; one connection, 25 ms each way, exact timers. Client ESTABLISHED at 0.050 s (setup 50 ms),
     * server at 0.075 s (75 ms after the SYN's arrival at 0.025 s, less the SYN's own 25 ms: 50 ms); the client has
     * the response at 0.100 s, and both close then: the FINs cross (CLOSING at 0.125 s), their ACKs reach both ends
     * at 0.150 s (TIME_WAIT), and both leave TIME_WAIT 1 s later.
     */
    @Test
    void simultaneousCloseFoldsBothEndsStays(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("simultaneous.yaml");
        Files.writeString(cfg, """
                name: simultaneous
                seed: 1
                replications: 1
                duration: 1s
                tcp: {time-wait: 1s, timer-hz: 0}
                topology: {clients: 1, servers: 1, link: {latency: 25ms}}
                workload:
                  arrivals: {process: constant, rate: 1/s}
                  connections: 1
                  request-bytes: 100
                  response-bytes: 1000
                  close: simultaneous
                """);
        Path out = tmp.resolve("out");
        ExperimentRunTest.run(cfg, out);
        List<String> lines = TestGz.lines(out.resolve("connections.csv.gz"));
        assertEquals(2, lines.size());
        String[] header = lines.get(0).split(",", -1);
        String[] cells = lines.get(1).split(",", -1);
        Map<String, String> r = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
            r.put(header[i], cells[i]);
        }
        assertEquals(List.of("ok", "both", "0.050000000", "0.050000000", "0.025000000", "", "0.025000000", "", "",
                "1.000000000", "1.150000000"),
                List.of(r.get("outcome"), r.get("close_initiator"), r.get("client_setup_s"), r.get("server_setup_s"),
                        r.get("fin_wait_1_s"), r.get("fin_wait_2_s"), r.get("closing_s"), r.get("close_wait_s"),
                        r.get("last_ack_s"), r.get("time_wait_s"), r.get("end_s")));
    }
}
