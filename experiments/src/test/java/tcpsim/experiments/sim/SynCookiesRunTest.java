package tcpsim.experiments.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * syncookies end to end: a listener whose SYN queue holds one connection, 100 arrivals a second over 25 ms each
 * way (each handshake holds the queue for one 50 ms round trip, so about five are due at once). With cookies every
 * SYN is answered at once; without them 80 of the 100 SYNs meet a full queue and wait for a retransmission.
 */
class SynCookiesRunTest {
    private static final String CONFIG = """
            name: cookies
            seed: 1
            replications: 1
            duration: 1s
            tcp: {syn-backlog: 1, syncookies: COOKIES, time-wait: 1s, timer-hz: 0} # exact timers: nominal SYN schedule
            topology: {clients: 1, servers: 1, link: {latency: 25ms}}
            workload:
              arrivals: {process: constant, rate: 100/s}
              request-bytes: 100
              response-bytes: 1000
              close: client-first
            """;

    private static Map<String, String> run(Path tmp, boolean cookies) throws Exception {
        Path cfg = tmp.resolve("c" + cookies + ".yaml");
        Files.writeString(cfg, CONFIG.replace("COOKIES", Boolean.toString(cookies)));
        Path out = tmp.resolve("out" + cookies);
        ExperimentRunTest.run(cfg, out);
        List<Map<String, String>> rows = ExperimentRunTest.summary(out);
        return rows.get(0);
    }

    private static List<String> setup(Map<String, String> r) {
        return List.of(r.get("ok"), r.get("setup_mean_s"), r.get("setup_median_s"), r.get("setup_max_s"),
                r.get("server_setup_mean_s"));
    }

    @Test
    void cookiesAnswerEverySynAtOnce_withoutThemTheFullQueueCostsRetransmissions(@TempDir Path tmp)
            throws Exception {
        assertEquals(List.of("100", "0.050000000", "0.050000000", "0.050000000", "0.050000000"),
                setup(run(tmp, true)));
        assertEquals(List.of("100", "2.450000000", "2.050000000", "5.050000000", "2.450000000"),
                setup(run(tmp, false)));
    }
}
