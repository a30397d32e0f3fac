package tcpsim.experiments.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.tcp.TcpParameter;

/** YAML 1.2 core reading (issue 9, item 4): no 1.1 coercions, aliases, encodings, and where errors point. */
class YamlInputTest {
    static ExperimentConfig parse(String yaml, String... sets) throws ConfigException {
        return ConfigLoaderTest.parse(yaml, sets);
    }

    static String error(String yaml, String... sets) {
        return ConfigLoaderTest.error(yaml, sets);
    }

    /** {@code levels} lists of {@code width} aliases, each of the previous list: width^levels values in all. */
    static String aliasPyramid(int levels, int width) {
        StringBuilder b = new StringBuilder("name: x\na0: &a0 [" + "x, ".repeat(width - 1) + "x]\n");
        for (int i = 1; i <= levels; i++) {
            b.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < width; j++) {
                b.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            b.append("]\n");
        }
        return b.toString();
    }

    @Test
    void yesOnOffAreWordsNotBooleans() throws Exception {
        // YAML 1.1 read these as true/false; as names they stay what was written
        assertEquals("on", parse("name: on").name());
        assertEquals("yes", parse("name: yes").name());
        assertEquals("off", parse("name: off").name());
        assertEquals("n", parse("name: n").name());
        // and a true/false key does not take them
        assertEquals("test.yaml: line 2, column 17: capture.pcap: must be true or false, got 'yes'",
                error("name: x\ncapture: {pcap: yes}"));
        assertEquals("test.yaml: line 3, column 12: tcp.rfc1337: must be true or false, got 'on'",
                error("name: x\ntcp:\n  rfc1337: on"));
        // the core schema's spellings of true and false
        assertEquals(true, parse("name: x\ncapture: {pcap: True}").output().pcap());
        assertEquals(false, parse("name: x\ncapture: {trace: FALSE}").output().trace());
        assertEquals("True", parse("name: True").name());
    }

    @Test
    void zeroPaddedNumbersAreNotOctalAndNamesKeepTheirDigits() throws Exception {
        assertEquals("007", parse("name: 007").name());
        assertEquals("0123", parse("name: 0123").name());
        assertEquals("1e3", parse("name: 1e3").name());
        assertEquals("0.10", parse("name: 0.10").name());
        // as numbers they are decimal: 010 is ten (YAML 1.1: eight), 0o10 is not a plain number here
        assertEquals(10, parse("name: x\nseed: 010").seed());
        assertEquals(8, parse("name: x\nreplications: 08").replications());
        assertEquals("test.yaml: line 2, column 15: replications: must be a whole number from 1 to 100000, got '0o10'",
                error("name: x\nreplications: 0o10"));
        // a swept value keeps its spelling as the point's parameter, and its value
        ExperimentConfig c = parse("name: x\nsweep: {topology.link.loss: [0.10, 0.2]}");
        assertEquals("0.10", c.points().get(0).params().get("topology.link.loss"));
        assertEquals(0.1, c.points().get(0).config().topology().link().up().loss().meanLoss());
    }

    @Test
    void noSexagesimalNumbers() {
        // YAML 1.1 read 1:30 as 90
        assertEquals("test.yaml: line 2, column 15: replications: must be a whole number from 1 to 100000, got '1:30'",
                error("name: x\nreplications: 1:30"));
        assertEquals("test.yaml: line 2, column 11: duration: '1:30' is not a duration; write a number and a unit (ns,"
                + " us, ms, s, min), e.g. 25ms", error("name: x\nduration: 1:30"));
    }

    @Test
    void aliasesAreResolvedToTheirValues() throws Exception {
        ExperimentConfig c = parse("""
                name: x
                topology:
                  link: &path {latency: 7ms, loss: &lossy 0.05}
                  server-link: *path
                tcp: {time-wait: &tw 30s, fin-wait-2-timeout: *tw}
                sweep:
                  topology.link.queue: [&q 10, 20]
                  workload.request-bytes: [*q, 50]
                """);
        var t = c.base().topology();
        assertEquals(7_000_000L, t.serverLink().up().latency());
        assertEquals(new LossConfig.Bernoulli(0.05), t.serverLink().down().loss());
        assertEquals(30_000_000_000L, c.base().tcp().overrides().get(TcpParameter.FIN_WAIT_2_TIMEOUT));
        assertEquals("10", c.points().get(0).params().get("workload.request-bytes"));
        assertEquals(10, c.points().get(0).config().workload().requestBytes());
    }

    @Test
    void badAliasesAreRefused() {
        assertEquals("test.yaml: not valid YAML at line 2, column 11: found undefined alias nowhere",
                error("name: x\nduration: *nowhere"));
        assertEquals("test.yaml: not valid YAML at line 2, column 8: an alias refers to a value that contains it (a"
                + " recursive alias)", error("name: x\nsweep: &s {topology.link.loss: *s}"));
        // merge keys (<<) are YAML 1.1; snakeyaml-engine still merges them, so they too give values, not names
        ExperimentConfig merged = assertDoesNotThrow(() -> parse(
                "name: x\ntopology:\n  link: &l {latency: 7ms, queue: 5}\n  server-link:\n    <<: *l\n    queue: 9\n"));
        assertEquals(7_000_000L, merged.base().topology().serverLink().up().latency());
        assertEquals(9, merged.base().topology().serverLink().up().queue());
        // an alias bomb: 8 levels of 9 aliases each would be 9^8 values
        String m = error(aliasPyramid(8, 9));
        assertEquals("test.yaml: not valid YAML: Number of aliases for non-scalar nodes exceeds the specified max=50",
                m);
    }

    @Test
    void aliasExpansionIsBounded() {
        // under the alias limit, yet 10^6 values
        String m = error(aliasPyramid(5, 10));
        assertTrue(m.startsWith("test.yaml: not valid YAML at line 2, column "), m);
        assertTrue(m.endsWith(": the config expands to more than 100000 values (through aliases?)"), m);
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        assertEquals("test.yaml: not valid YAML at line 2, column 111: lists or mappings nested deeper than 100"
                + " levels", error("name: x\ntopology: " + "[".repeat(101) + "]".repeat(101)));
        // deep enough to overflow the parser's own recursion
        assertEquals("test.yaml: not valid YAML: lists or mappings nested too deeply (a config needs at most 100"
                + " levels)", error("name: x\ntopology: " + "[".repeat(200_000) + "]".repeat(200_000)));
    }

    @Test
    void nonUtf8IsNamedWithItsOffset(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("latin1.yaml");
        Files.write(f, "name: x\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        String m = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, List.of())).getMessage();
        assertEquals(f + ": not UTF-8: byte 0xE9 at offset 13 (line 2, byte 6 of the line) is not valid UTF-8; save"
                + " the config as UTF-8", m);
        // a UTF-8 byte-order mark is fine
        Path bom = dir.resolve("bom.yaml");
        Files.write(bom, ("\uFEFFname: bom # caf\u00e9").getBytes(StandardCharsets.UTF_8));
        assertEquals("bom", ConfigLoader.load(bom, List.of()).name());
    }

    @Test
    void errorsNameTheLineColumnKeyFoundAllowedAndTheNearestWord() {
        assertEquals("test.yaml: line 3, column 10: workload.close: 'client-frist' is not a close mode; allowed:"
                + " client-first, server-first, simultaneous, client-shutdown; did you mean 'client-first'?",
                error("name: x\nworkload:\n  close: client-frist\n"));
        assertEquals("test.yaml: line 2, column 1: prfile: unknown key; allowed keys at the top level: name, seed,"
                + " replications, confidence, duration, warmup, profile, tcp, topology, workload, sweep, capture, output,"
                + " limits;"
                + " did you mean 'profile'?", error("name: x\nprfile: linux"));
        assertEquals("test.yaml: line 2, column 10: profile: 'Linux' is not a profile; allowed: linux, rfc9293; did you"
                + " mean 'linux'?", error("name: x\nprofile: Linux"));
        assertEquals("test.yaml: line 4, column 5: topology.link.latancy: unknown key; allowed keys in 'topology.link':"
                + " latency, jitter, bandwidth, queue, loss; did you mean 'latency'?",
                error("name: x\ntopology:\n  link:\n    latancy: 5ms"));
        assertEquals("test.yaml: line 1, column 10: output.occupancy-states: 'TIME_WIAT' is not a state; allowed: all,"
                + " or a list of [SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING,"
                + " LAST_ACK, TIME_WAIT]; did you mean 'TIME_WAIT'?",
                error("output: {occupancy-states: [TIME_WIAT]}\nname: x"));
        assertEquals("test.yaml: line 2, column 29: sweep point 0 (topology.link.los=0): topology.link.los: unknown"
                + " key; allowed keys in 'topology.link': latency, jitter, bandwidth, queue, loss; did you mean"
                + " 'loss'?", error("name: x\nsweep: {topology.link.los: [0]}"));
        assertEquals("test.yaml: line 2, column 9: sweep.topolgy.link.loss: unknown key 'topolgy'; sweep keys point"
                + " into duration, warmup, profile, tcp, topology or workload; did you mean 'topology.link.loss'?",
                error("name: x\nsweep: {topolgy.link.loss: [0]}"));
        // nothing close: no suggestion
        assertEquals("test.yaml: line 2, column 10: profile: 'bsd' is not a profile; allowed: linux, rfc9293",
                error("name: x\nprofile: bsd"));
    }

    @Test
    void aSweepPointErrorPointsAtTheListedValue() {
        assertEquals("test.yaml: line 5, column 7: sweep point 1 (topology.link.loss=2): topology.link.loss: 2 is out"
                + " of range; a probability is from 0 to 1", error("""
                name: x
                sweep:
                  topology.link.loss:
                    - 0
                    - 2
                """));
    }

    @Test
    void errorsInOverridesNameTheOverride() {
        assertEquals("--set workload.close=later: workload.close: 'later' is not a close mode; allowed: client-first,"
                + " server-first, simultaneous, client-shutdown", error("name: x\nworkload: {close: client-first}",
                "workload.close=later"));
        assertEquals("--set sweep.topology.link.loss=[0, 2]: sweep point 1 (topology.link.loss=2): topology.link.loss:"
                + " 2 is out of range; a probability is from 0 to 1", error("name: x",
                "sweep.topology.link.loss=[0, 2]"));
        assertEquals("--set duration=[a, : not valid YAML at line 1, column 5: expected the node content, but found"
                + " '<stream end>' (while parsing a flow node at line 1, column 5)", error("name: x", "duration=[a, "));
        // the file's other values still point into the file
        assertEquals("test.yaml: line 2, column 9: warmup: 10s must be shorter than duration (5s)",
                error("name: x\nwarmup: 10s", "duration=5s"));
    }
}
