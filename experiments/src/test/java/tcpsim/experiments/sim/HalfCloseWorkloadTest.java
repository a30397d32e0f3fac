package tcpsim.experiments.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tcpsim.experiments.TestGz;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code workload.close: client-shutdown} against {@code client-first}: the client's FIN_WAIT_2 follows shutdown
 * (it lasts until the server's FIN) or close (it times out at fin-wait-2-timeout). One connection, 25 ms each way,
 * linux profile with fin-wait-2-timeout 5 s and time-wait 1 s: the client has the response at 0.100 s and sends
 * its FIN; the server's ACK of it is delayed (40 ms, Linux pingpong) and reaches the client at 0.190 s.
 */
class HalfCloseWorkloadTest {
    private static final String CONFIG = """
            name: half-close
            seed: 1
            replications: 1
            duration: 1s
            tcp: {fin-wait-2-timeout: 5s, time-wait: 1s, timer-hz: 0} # exact timers: nominal times
            topology: {clients: 1, servers: 1, link: {latency: 25ms}}
            workload:
              arrivals: {process: constant, rate: 1/s}
              connections: 1
              request-bytes: 100
              response-bytes: 1000
              close: MODE
              server-close-delay: DELAY
            """;

    /** The connection's row of connections.csv, column -> cell. */
    private static Map<String, String> connection(Path tmp, String mode, String delay) throws Exception {
        Path cfg = tmp.resolve(mode + "-" + delay + ".yaml");
        Files.writeString(cfg, CONFIG.replace("MODE", mode).replace("DELAY", delay));
        Path out = tmp.resolve(mode + "-" + delay);
        ExperimentRunTest.run(cfg, out);
        List<String> lines = TestGz.lines(out.resolve("connections.csv.gz"));
        assertEquals(2, lines.size());
        String[] header = lines.get(0).split(",", -1);
        String[] cells = lines.get(1).split(",", -1);
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
            row.put(header[i], cells[i]);
        }
        return row;
    }

    private static List<String> life(Map<String, String> r) {
        return List.of(r.get("outcome"), r.get("fin_wait_1_s"), r.get("fin_wait_2_s"), r.get("close_wait_s"),
                r.get("last_ack_s"), r.get("time_wait_s"), r.get("end_s"));
    }

    @Test
    void serverClosesAfterTenSeconds_shutdownWaitsForItsFin_closeTimesOutFirst(@TempDir Path tmp) throws Exception {
        // shutdown: FIN_WAIT_2 from 0.190 s to the server's FIN at 10.150 s, then 1 s of TIME_WAIT
        assertEquals(List.of("ok", "0.090000000", "9.960000000", "10.000000000", "0.050000000", "1.000000000",
                "11.150000000"), life(connection(tmp, "client-shutdown", "10s")));
        // close: FIN_WAIT_2 times out at 5.190 s; the server's FIN at 10.125 s meets no socket and gets an RST
        assertEquals(List.of("ok", "0.090000000", "5.000000000", "10.000000000", "0.050000000", "", "10.175000000"),
                life(connection(tmp, "client-first", "10s")));
    }

    @Test
    void serverNeverCloses_shutdownFinWait2LastsTheRun_closeTimesOut(@TempDir Path tmp) throws Exception {
        assertEquals(List.of("ok", "0.090000000", "", "", "", "", ""),
                life(connection(tmp, "client-shutdown", "never")));
        assertEquals(List.of("ok", "0.090000000", "5.000000000", "", "", "", ""),
                life(connection(tmp, "client-first", "never")));
    }
}
