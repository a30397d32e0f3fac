package tcpsim.experiments.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The setup theory beside staged drop lists: exact where the list cannot drop a SYN or a SYN-ACK (the handshake is
 * lossless for the client), empty where it can (deterministic drops counted per link are no independent loss).
 */
class DropListTheoryRunTest {
    private static final String CONFIG = """
            name: staged
            seed: 1
            replications: 1
            duration: 10s
            tcp: {timer-hz: 0} # exact timers: the nominal SYN schedule
            topology: {clients: 1, servers: 1, link: {latency: 25ms, loss: {LOSS}}}
            workload:
              connections: 1
              arrivals: {process: constant, rate: 1/s}
              request-bytes: 100
              response-bytes: 1000
              close: client-first
            """;

    private static Map<String, String> run(Path tmp, String name, String loss) throws Exception {
        Path cfg = tmp.resolve(name + ".yaml");
        Files.writeString(cfg, CONFIG.replace("LOSS", loss));
        Path out = tmp.resolve(name);
        ExperimentRunTest.run(cfg, out);
        return ExperimentRunTest.summary(out).get(0);
    }

    private static List<String> setup(Map<String, String> r) {
        return List.of(r.get("ok"), r.get("setup_mean_s"), r.get("loss_up"), r.get("loss_down"),
                r.get("theory_setup_s"));
    }

    @Test
    void aListThatCannotTouchTheHandshakeKeepsTheExactTheory(@TempDir Path tmp) throws Exception {
        // the client's FIN and the server's first data segment lost: the handshake is not, so theory = 1 RTT
        assertEquals(List.of("1", "0.050000000", "", "", "0.050000000"),
                setup(run(tmp, "fin", "up: {model: drop-segments, match: FIN, nth: [1]}, "
                        + "down: {model: drop-segments, match: DATA, nth: [1]}")));
        // the third ACK lost (the server resends its SYN-ACK): the client was established by the first one
        assertEquals(List.of("1", "0.050000000", "", "0", "0.050000000"),
                setup(run(tmp, "ack", "up: {model: drop-segments, match: ACK, nth: [1]}")));
    }

    @Test
    void aListThatDropsASynOrSynAckLeavesTheTheoryEmpty(@TempDir Path tmp) throws Exception {
        // the first SYN lost: the setup is 1 s (the SYN retransmission) + 1 RTT, deterministically; the independent
        // loss theory does not describe it
        assertEquals(List.of("1", "1.050000000", "", "0", ""),
                setup(run(tmp, "syn", "up: {model: drop-segments, match: SYN, nth: [1]}")));
        // the first SYN-ACK lost: the server's SYN-ACK timer and the client's retransmitted SYN both fire at 1 s
        assertEquals(List.of("1", "1.050000000", "0", "", ""),
                setup(run(tmp, "synack", "down: {model: drop-segments, match: SYN-ACK, nth: [1]}")));
        // a drop list of packet numbers can hit any segment: no theory
        assertEquals(List.of("1", "1.050000000", "", "0", ""),
                setup(run(tmp, "packets", "up: {model: drop-list, packets: [1]}")));
    }
}
