package tcpsim.experiments.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            topology: {clients: 1, servers: 1, link: {latency: 25ms, loss: {up: 0, down: DOWN}}}
            workload:
              arrivals: {process: constant, rate: 100/s}
              request-bytes: 100
              response-bytes: 1000
              close: client-first
            """;

    private static Map<String, String> run(Path tmp, boolean cookies) throws Exception {
        return run(tmp, cookies, "0");
    }

    private static Map<String, String> run(Path tmp, boolean cookies, String down) throws Exception {
        Path cfg = tmp.resolve("c" + cookies + down + ".yaml");
        Files.writeString(cfg, CONFIG.replace("COOKIES", Boolean.toString(cookies)).replace("DOWN", down));
        Path out = tmp.resolve("out" + cookies + down);
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

    private static List<String> theory(Map<String, String> r) {
        return List.of(r.get("syn_cookies_sent"), r.get("listen_syn_drops"), r.get("theory_setup_s"));
    }

    @Test
    void theSetupTheoryHoldsOnlyWhereTheListenQueueLeavesTheScheduleAlone(@TempDir Path tmp) throws Exception {
        // lossless: 80 SYNs get a cookie, and the theory stays exact (the first SYN-ACK always arrives, whichever
        // schedule the server would have followed): RTT, as measured
        assertEquals(List.of("80", "0", "0.050000000"), theory(run(tmp, true)));
        // without cookies the full queue drops SYNs (the first 80, then retransmissions): no random loss, no theory
        Map<String, String> dropped = run(tmp, false);
        assertEquals("0", dropped.get("syn_cookies_sent"));
        assertEquals("", dropped.get("theory_setup_s"));
        assertEquals("240", dropped.get("listen_syn_drops")); // 80 first SYNs and their retransmissions
        // SYN-ACKs lost at 10%: a cookie SYN-ACK is never resent, so the server's schedule holds for some SYNs only
        Map<String, String> lossy = run(tmp, true, "0.1");
        assertEquals("", lossy.get("theory_setup_s"));
        assertEquals(List.of("94", "100", "0.150000000"), List.of(lossy.get("syn_cookies_sent"), lossy.get("ok"),
                lossy.get("setup_mean_s")));
        assertEquals("0", lossy.get("listen_syn_drops"));
        // report.html says why beside the table and in its warnings; the setup chart draws no Cardwell line either
        String html = Files.readString(tmp.resolve("outtrue0.1").resolve("report.html"));
        assertTrue(html.contains("The exact theory (<code>theory_setup_s</code>) is left empty for point 0: SYNs were "
                + "answered with SYN cookies (syn_cookies_sent), whose SYN-ACK is never resent"), html);
        assertTrue(html.contains("94 SYNs were answered with SYN cookies"), html);
        String dropsHtml = Files.readString(tmp.resolve("outfalse0").resolve("report.html"));
        assertTrue(dropsHtml.contains("left empty for point 0: a full listen queue dropped SYNs (listen_syn_drops)"),
                dropsHtml);
        // cookies over a lossless SYN-ACK direction: the value is kept and nothing is said
        assertFalse(Files.readString(tmp.resolve("outtrue0").resolve("report.html")).contains("is left empty for"));
    }
}
