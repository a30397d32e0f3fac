package tcpsim.experiments.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tcpsim.tcp.SegmentKind;
import tcpsim.tcp.TcpParameter;
import tcpsim.tcp.TcpState;

class ConfigLoaderTest {
    static final String FULL = """
            name: handshake-vs-loss
            seed: 42
            replications: 10
            duration: 300s
            warmup: 60s
            profile: linux
            tcp: {time-wait: 30s, syn-retries: 3, tw-reuse: true}
            topology:
              clients: 4
              servers: 1
              link: {latency: 25ms, bandwidth: 100Mbps, queue: 1000, loss: 0.01}
            workload:
              arrivals: {process: poisson, rate: 50/s}
              connections: 2000
              request-bytes: 1000
              response-bytes: 20000
              close: client-first
              server-close-delay: 0ms
            sweep:
              topology.link.loss: [0, 0.01, 0.05, 0.1, 0.2]
              topology.link.latency: [10ms, 50ms]
            """;

    static ExperimentConfig parse(String yaml, String... sets) throws ConfigException {
        return ConfigLoader.parse("test.yaml", yaml, List.of(sets));
    }

    static String error(String yaml, String... sets) {
        return assertThrows(ConfigException.class, () -> parse(yaml, sets)).getMessage();
    }

    @Test
    void theIssueExampleParses() throws Exception {
        ExperimentConfig c = parse(FULL);
        assertEquals("handshake-vs-loss", c.name());
        assertEquals(42, c.seed());
        assertEquals(10, c.replications());
        PointConfig b = c.base();
        assertEquals(300_000_000_000L, b.duration());
        assertEquals(60_000_000_000L, b.warmup());
        assertEquals("linux", b.tcp().profile());
        assertEquals(30_000_000_000L, b.tcp().overrides().get(TcpParameter.TIME_WAIT));
        assertEquals(3, b.tcp().overrides().get(TcpParameter.SYN_RETRIES));
        assertEquals(true, b.tcp().overrides().get(TcpParameter.TW_REUSE));
        assertEquals(List.of(TcpParameter.SYN_RETRIES, TcpParameter.TIME_WAIT, TcpParameter.TW_REUSE),
                List.copyOf(b.tcp().overrides().keySet()));
        TopologyConfig t = b.topology();
        assertEquals(4, t.clients());
        assertEquals(1, t.servers());
        assertEquals(new ChannelConfig(25_000_000L, 0, 100_000_000L, 1000, new LossConfig.Bernoulli(0.01)),
                t.link().up());
        assertEquals(t.link().up(), t.link().down());
        assertEquals(ConfigLoader.DEFAULT_SERVER_LINK, t.serverLink().up());
        assertEquals(50_000_000L, t.rttNs());
        WorkloadConfig w = b.workload();
        assertEquals(new Arrivals.Poisson(50), w.arrivals());
        assertEquals(2000, w.connections());
        assertEquals(1000, w.requestBytes());
        assertEquals(20000, w.responseBytes());
        assertEquals(CloseMode.CLIENT_FIRST, w.close());
        assertEquals(0, w.serverCloseDelay());
        assertEquals(80, w.serverPort());
        assertEquals(List.of("topology.link.loss", "topology.link.latency"), c.sweepKeys());
        assertEquals(10, c.points().size());
        assertEquals(100, c.runCount());
    }

    @Test
    void sweepGridFirstKeyVariesSlowest() throws Exception {
        ExperimentConfig c = parse(FULL);
        List<SweepPoint> p = c.points();
        assertEquals(Map.of("topology.link.loss", "0", "topology.link.latency", "10ms"), p.get(0).params());
        assertEquals(Map.of("topology.link.loss", "0", "topology.link.latency", "50ms"), p.get(1).params());
        assertEquals(Map.of("topology.link.loss", "0.01", "topology.link.latency", "10ms"), p.get(2).params());
        assertEquals(Map.of("topology.link.loss", "0.2", "topology.link.latency", "50ms"), p.get(9).params());
        for (int i = 0; i < p.size(); i++) {
            assertEquals(i, p.get(i).index());
        }
        assertEquals(0.2, p.get(9).config().topology().link().up().loss().meanLoss());
        assertEquals(50_000_000L, p.get(9).config().topology().link().down().latency());
        assertEquals(100_000_000L, p.get(9).config().topology().link().up().bandwidth());
        assertEquals(List.of("topology.link.loss", "topology.link.latency"),
                List.copyOf(p.get(0).params().keySet()));
    }

    @Test
    void noSweepIsOnePointWithoutParams() throws Exception {
        ExperimentConfig c = parse("name: x\n");
        assertEquals(1, c.points().size());
        assertTrue(c.points().get(0).params().isEmpty());
        assertEquals(c.base(), c.points().get(0).config());
    }

    @Test
    void defaults() throws Exception {
        ExperimentConfig c = parse("name: x\n");
        assertEquals(1, c.seed());
        assertEquals(1, c.replications());
        PointConfig b = c.base();
        assertEquals(60_000_000_000L, b.duration());
        assertEquals(0, b.warmup());
        assertEquals("linux", b.tcp().profile());
        assertTrue(b.tcp().overrides().isEmpty());
        assertEquals(1, b.topology().clients());
        assertEquals(ConfigLoader.DEFAULT_LINK, b.topology().link().up());
        assertEquals(new Arrivals.Poisson(10), b.workload().arrivals());
        assertEquals(0, b.workload().connections());
        assertEquals(100, b.workload().requestBytes());
        assertEquals(1000, b.workload().responseBytes());
        assertTrue(c.output().connections());
        assertTrue(c.output().occupancy());
        assertEquals(ConfigLoader.occupancyStates().size(), c.output().occupancyStates().size());
        assertEquals(false, c.output().pcap());
    }

    @Test
    void perDirectionValuesAndLossModels() throws Exception {
        ExperimentConfig c = parse("""
                name: x
                topology:
                  link:
                    latency: {up: 10ms, down: 30ms}
                    bandwidth: {down: 1Gbps}
                    queue: {up: 5}
                    loss: {up: 0.1, down: {model: gilbert-elliott, p-gb: 0.01, p-bg: 0.3, loss-bad: 0.5}}
                  server-link: {latency: 1ms, loss: {model: bernoulli, p: 0.02}}
                """);
        TopologyConfig t = c.base().topology();
        assertEquals(10_000_000L, t.link().up().latency());
        assertEquals(30_000_000L, t.link().down().latency());
        assertEquals(0, t.link().up().bandwidth());
        assertEquals(1_000_000_000L, t.link().down().bandwidth());
        assertEquals(5, t.link().up().queue());
        assertEquals(1000, t.link().down().queue());
        assertEquals(new LossConfig.Bernoulli(0.1), t.link().up().loss());
        assertEquals(new LossConfig.GilbertElliott(0.01, 0.3, 0, 0.5), t.link().down().loss());
        assertEquals(new LossConfig.Bernoulli(0.02), t.serverLink().down().loss());
        assertEquals(42_000_000L, t.rttNs());
        assertEquals(1 - 0.9 * 0.98, t.lossUp(), 1e-12);
    }

    @Test
    void dropListLossNamesExactPackets() throws Exception {
        ExperimentConfig c = parse("""
                name: x
                topology:
                  link: {loss: {down: {model: drop-list, packets: [1, 5, "9"]}}}
                """);
        TopologyConfig t = c.base().topology();
        assertEquals(new LossConfig.DropList(List.of(1L, 5L, 9L)), t.link().down().loss());
        assertEquals(new LossConfig.Bernoulli(0), t.link().up().loss());
        assertTrue(Double.isNaN(t.lossDown()), "a drop list has no loss rate");
        assertEquals(0, t.lossUp());
        // the manifest's resolved config keeps it
        String yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().writeValueAsString(c.resolved());
        assertEquals(c.base(), parse(yaml).base());
    }

    @Test
    void dropSegmentsLossNamesSegmentsOfAKind() throws Exception {
        ExperimentConfig c = parse("""
                name: x
                topology:
                  link: {loss: {down: {model: drop-segments, match: FIN, nth: [1, 2]}, up: {model: drop-segments,
                    match: all, nth: [3]}}}
                  server-link: {loss: {model: drop-segments, match: SYN-ACK, nth: [2]}}
                """);
        TopologyConfig t = c.base().topology();
        assertEquals(new LossConfig.DropSegments(SegmentKind.FIN, List.of(1L, 2L)), t.link().down().loss());
        assertEquals(new LossConfig.DropSegments(SegmentKind.ALL, List.of(3L)), t.link().up().loss());
        assertEquals(new LossConfig.DropSegments(SegmentKind.SYN_ACK, List.of(2L)), t.serverLink().up().loss());
        assertTrue(Double.isNaN(t.lossDown()), "staged segments have no loss rate");
        // the manifest's resolved config writes the model back in the config's spelling, and it reads the same
        String yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().writeValueAsString(c.resolved());
        assertTrue(yaml.contains("match: \"SYN-ACK\"") || yaml.contains("match: SYN-ACK"), yaml);
        assertEquals(c.base(), parse(yaml).base());
    }

    @Test
    void arrivalsAndCloseModes() throws Exception {
        assertEquals(new Arrivals.Constant(2.5),
                parse("name: x\nworkload: {arrivals: {process: constant, rate: 2.5/s}}").base().workload()
                        .arrivals());
        assertEquals(new Arrivals.ClosedLoop(8, 5_000_000L), parse(
                "name: x\nworkload: {arrivals: {process: closed-loop, concurrency: 8, think-time: 5ms}}")
                .base().workload().arrivals());
        assertEquals(CloseMode.SERVER_FIRST, parse("name: x\nworkload: {close: server-first}").base().workload()
                .close());
        assertEquals(CloseMode.SIMULTANEOUS, parse("name: x\nworkload: {close: simultaneous}").base().workload()
                .close());
        assertEquals(Units.NEVER, parse("name: x\nworkload: {server-close-delay: never}").base().workload()
                .serverCloseDelay());
    }

    @Test
    void setOverridesUseDottedKeys() throws Exception {
        // FULL without its sweep: a --set on a swept key is refused (setOnASweptKeyIsRefused)
        String unswept = FULL.substring(0, FULL.indexOf("sweep:"));
        ExperimentConfig c = parse(unswept, "topology.link.loss=0.3", "replications=2", "tcp.time-wait=5s",
                "workload.arrivals.rate=7/s", "sweep.workload.request-bytes=[1, 2, 3, 4, 5]", "seed=9",
                "topology.link.latency.up=3ms");
        assertEquals(2, c.replications());
        assertEquals(9, c.seed());
        assertEquals(new LossConfig.Bernoulli(0.3), c.base().topology().link().up().loss());
        assertEquals(5_000_000_000L, c.base().tcp().overrides().get(TcpParameter.TIME_WAIT));
        assertEquals(new Arrivals.Poisson(7), c.base().workload().arrivals());
        assertEquals(5, c.points().size());
        // the scalar latency was split into up/down by the .up override, in the base and so in every point
        assertEquals(3_000_000L, c.base().topology().link().up().latency());
        assertEquals(25_000_000L, c.base().topology().link().down().latency());
        assertEquals(3_000_000L, c.points().get(0).config().topology().link().up().latency());
        assertEquals(5, c.points().get(4).config().workload().requestBytes());
    }

    @Test
    void setOnASweptKeyIsRefused() throws Exception {
        assertEquals("--set topology.link.loss=0.3: 'topology.link.loss' is also swept (sweep.topology.link.loss,"
                + " from test.yaml line 20), so every sweep point would overwrite this override; change the sweep"
                + " instead, e.g. --set 'sweep.topology.link.loss=[0.3]'", error(FULL, "topology.link.loss=0.3"));
        // under a swept key, or a mapping holding one; whether the sweep came from the file or from --set
        assertTrue(error(FULL, "topology.link.latency.up=3ms").startsWith("--set topology.link.latency.up=3ms:"
                + " 'topology.link.latency' is also swept (sweep.topology.link.latency, from test.yaml line 21)"));
        assertTrue(error(FULL, "topology.link={latency: 5ms}").startsWith("--set topology.link={latency: 5ms}:"
                + " 'topology.link.latency' is also swept"));
        assertTrue(error("name: x\n", "workload.close=server-first", "sweep.workload.close=[client-first]")
                .startsWith("--set workload.close=server-first: 'workload.close' is also swept"
                        + " (sweep.workload.close, from --set sweep.workload.close=[client-first])"));
        // a mapping that no longer holds the swept keys is fine, and so is replacing the sweep itself
        assertEquals(10, parse(FULL, "topology.link={bandwidth: 1Gbps}").points().size());
        assertEquals(2, parse(FULL, "sweep.topology.link.loss=[0.3]").points().size());
    }

    @Test
    void setCanAddASweep() throws Exception {
        ExperimentConfig c = parse("name: x\n", "sweep.workload.close=[client-first, server-first]");
        assertEquals(List.of("workload.close"), c.sweepKeys());
        assertEquals(CloseMode.SERVER_FIRST, c.points().get(1).config().workload().close());
    }

    @Test
    void theConfidenceLevelIsAConfigKey() throws Exception {
        assertEquals(0.95, parse("name: x").base().confidence());
        ExperimentConfig c = parse("name: x\nconfidence: 0.99");
        assertEquals(0.99, c.base().confidence());
        assertEquals(0.99, c.points().get(0).config().confidence());
        assertEquals(0.99, c.resolved().get("confidence").asDouble());
        assertEquals(0.9, parse("name: x", "confidence=0.9").base().confidence());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nam: x|nam: unknown key; allowed keys at the top level: name, seed",
        "seed: 1|name: is required",
        "name: a/b|name: 'a/b' is not allowed",
        "name: x\\nreplications: 0|replications: 0 is out of range",
        "name: x\\nreplications: two|replications: must be a whole number",
        "name: x\\nduration: 10|duration: '10' has no unit",
        "name: x\\nduration: 10h|duration: '10h' has unknown duration unit 'h'; allowed: ns, us, ms, s, min",
        "name: x\\nduration: 0s|duration: must be longer than 0s",
        "name: x\\nduration: 10s\\nwarmup: 10s|warmup: 10s must be shorter than duration (10s)",
        "name: x\\nconfidence: 1|confidence: 1 is out of range; a confidence level lies strictly between 0 and 1",
        "name: x\\nconfidence: 95%|confidence: must be a confidence level between 0 and 1 (e.g. 0.95)",
        "name: x\\nsweep: {confidence: [0.9, 0.99]}|sweep.confidence",
        "name: x\\nprofile: bsd|profile: 'bsd' is not a profile; allowed: linux, rfc9293",
        "name: x\\ntcp: {time-wiat: 1s}|tcp.time-wiat: unknown key; allowed keys in 'tcp': initial-rto",
        "name: x\\ntcp: {time-wait: 30}|tcp.time-wait: '30' has no unit",
        "name: x\\ntcp: {syn-retries: -1}|tcp.syn-retries: -1 is out of range",
        "name: x\\ntcp: {tw-reuse: maybe}|tcp.tw-reuse: must be true or false",
        "name: x\\ntcp: {ephemeral-port-max: 70000}|tcp.ephemeral-port-max: 70000 is out of range",
        "name: x\\ntcp: 5|tcp: must be a mapping of profile constants",
        "name: x\\ntcp: {min-rto: 2s, max-rto: 1s}|tcp: min-rto (2 s) must not exceed max-rto (1 s)",
        "name: x\\ntcp: {ephemeral-port-min: 5000, ephemeral-port-max: 4000}|tcp: ephemeral ports must satisfy",
        "name: x\\ntopology: {clients: 0}|topology.clients: 0 is out of range",
        "name: x\\ntopology: {client: 2}|topology.client: unknown key; allowed keys in 'topology': clients, servers",
        "name: x\\ntopology: {link: {latancy: 1ms}}|topology.link.latancy: unknown key; allowed keys in"
            + " 'topology.link': latency, jitter, bandwidth, queue, loss",
        "name: x\\ntopology: {link: {latency: fast}}|topology.link.latency: 'fast' is not a duration",
        "name: x\\ntopology: {link: {latency: {up: 1ms, sideways: 2ms}}}|topology.link.latency.sideways: unknown"
            + " key; allowed keys in 'topology.link.latency': up, down",
        "name: x\\ntopology: {link: {bandwidth: 10MB}}|topology.link.bandwidth: '10MB' has unknown bandwidth unit",
        "name: x\\ntopology: {link: {loss: 1.5}}|topology.link.loss: 1.5 is out of range; a probability is from 0"
            + " to 1",
        "name: x\\ntopology: {link: {loss: lots}}|topology.link.loss: 'lots' is not a probability",
        "name: x\\ntopology: {link: {loss: {down: 2}}}|topology.link.loss.down: 2 is out of range",
        "name: x\\ntopology: {link: {loss: {model: burst}}}|topology.link.loss.model: 'burst' is not a loss model;"
            + " allowed: bernoulli, gilbert-elliott, drop-list, drop-segments",
        "name: x\\ntopology: {link: {loss: {model: drop-segments, nth: [1]}}}|topology.link.loss.match: is required",
        "name: x\\ntopology: {link: {loss: {model: drop-segments, match: fin, nth: [1]}}}|topology.link.loss.match:"
            + " 'fin' is not a segment kind; allowed: all, SYN, SYN-ACK, ACK, FIN, RST, DATA",
        "name: x\\ntopology: {link: {loss: {model: drop-segments, match: FIN}}}|topology.link.loss.nth: must be a"
            + " non-empty list of segment numbers counted from 1",
        "name: x\\ntopology: {link: {loss: {model: drop-segments, match: FIN, nth: [2, 1]}}}|topology.link.loss.nth:"
            + " segment numbers must increase, got 2 then 1",
        "name: x\\ntopology: {link: {loss: {model: drop-segments, match: FIN, nth: [0]}}}|topology.link.loss.nth[0]:"
            + " 0 is out of range; allowed >= 1",
        "name: x\\ntopology: {link: {loss: {model: drop-segments, match: FIN, nth: [1], packets: [1]}}}|"
            + "topology.link.loss.packets: unknown key",
        "name: x\\ntopology: {link: {loss: {model: drop-list}}}|topology.link.loss.packets: must be a non-empty list",
        "name: x\\ntopology: {link: {loss: {model: drop-list, packets: [0]}}}|topology.link.loss.packets[0]: 0 is out"
            + " of range; allowed >= 1",
        "name: x\\ntopology: {link: {loss: {model: drop-list, packets: [4, 4]}}}|topology.link.loss.packets: packet"
            + " numbers must increase, got 4 then 4",
        "name: x\\ntopology: {link: {loss: {model: drop-list, packets: [2], p: 0.1}}}|topology.link.loss.p: unknown"
            + " key",
        "name: x\\ntopology: {link: {loss: {model: gilbert-elliott, p-gb: 0.1}}}|topology.link.loss.p-bg: is"
            + " required",
        "name: x\\ntopology: {link: {loss: {model: bernoulli, p: 0.1, q: 2}}}|topology.link.loss.q: unknown key",
        "name: x\\ntopology: {link: {queue: -1}}|topology.link.queue: -1 is out of range",
        "name: x\\ntopology: [1, 2]|topology: must be a mapping with keys clients, servers, link, server-link",
        "name: x\\nworkload: {arrivals: {process: bursty}}|workload.arrivals.process: 'bursty' is not an arrival"
            + " process; allowed: poisson, constant, closed-loop",
        "name: x\\nworkload: {arrivals: {process: poisson}}|workload.arrivals.rate: is required",
        "name: x\\nworkload: {arrivals: {rate: 50}}|workload.arrivals.rate: '50' is not a rate",
        "name: x\\nworkload: {arrivals: {process: closed-loop}}|workload.arrivals.concurrency: is required",
        "name: x\\nworkload: {arrivals: {process: closed-loop, concurrency: 2, rate: 1/s}}|workload.arrivals.rate:"
            + " unknown key",
        "name: x\\nworkload: {close: server-last}|workload.close: 'server-last' is not a close mode; allowed:"
            + " client-first, server-first, simultaneous, client-shutdown",
        "name: x\\nworkload: {server-close-delay: forever}|workload.server-close-delay: 'forever' is not a duration",
        "name: x\\nworkload: {request-bytes: -5}|workload.request-bytes: -5 is out of range",
        "name: x\\nworkload: {server-port: 0}|workload.server-port: 0 is out of range",
        "name: x\\nworkload: {connections: many}|workload.connections: must be a whole number",
        "name: x\\nworkload: {reqest-bytes: 5}|workload.reqest-bytes: unknown key; allowed keys in 'workload'",
        "name: x\\ncapture: {pcap: yes please}|capture.pcap: must be true or false",
        "name: x\\noutput: {occupancy-states: [TIME_WAIT, SLEEPING]}|output.occupancy-states: 'SLEEPING' is not a"
            + " state",
        "name: x\\nsweep: [1]|sweep: must be a mapping from dotted keys to lists of values",
        "name: x\\nsweep: {seed: [1, 2]}|sweep.seed: 'seed' cannot be swept",
        "name: x\\nsweep: {topo.link.loss: [1]}|sweep.topo.link.loss: unknown key 'topo'",
        "name: x\\nsweep: {topology.link.loss: []}|sweep.topology.link.loss: must be a non-empty list",
        "name: x\\nsweep: {topology.link.loss: 0.1}|sweep.topology.link.loss: must be a non-empty list",
        "name: x\\nsweep: {topology.link.loss: [0.1, 0.1]}|sweep.topology.link.loss: value '0.1' is listed twice",
        "name: x\\nsweep: {topology.link.loss: [[0.1]]}|sweep.topology.link.loss: values must be single values",
        "name: x\\nsweep: {topology.link.loss: [0, 2]}|sweep point 1 (topology.link.loss=2): topology.link.loss: 2"
            + " is out of range",
        "name: x\\nsweep: {topology.link.los: [0]}|sweep point 0 (topology.link.los=0): topology.link.los: unknown"
            + " key; allowed keys in 'topology.link'",
    })
    void errorsNameTheFileTheKeyAndWhatIsAllowed(String yaml, String expected) {
        String m = error(yaml.replace("\\n", "\n"));
        assertTrue(m.startsWith("test.yaml: "), m);
        assertTrue(m.contains(expected), "expected '" + expected + "' in: " + m);
    }

    @Test
    void aNameTooLongForAFolderIsRefusedByValidateToo() {
        String name = "n".repeat(201);
        assertEquals("test.yaml: line 1, column 7: name: 'nnnnnnnnnnnnnnnnnnnn...' has 201 characters; allowed at"
                + " most 200", error("name: " + name));
    }

    @Test
    void yamlSyntaxErrorsGiveTheLine() {
        String m = error("name: x\ntopology: {clients: 2\n");
        assertTrue(m.startsWith("test.yaml: not valid YAML at line"), m);
        m = error("name: x\nname: y\n");
        assertEquals("test.yaml: not valid YAML at line 2, column 1: duplicate key 'name' (first at line 1, column 1)",
                m);
        m = error("");
        assertTrue(m.contains("empty"), m);
        m = error("- a\n- b\n");
        assertTrue(m.contains("the top level must be a mapping"), m);
    }

    @Test
    void badSetOverrides() {
        assertTrue(error("name: x\n", "replications").contains("--set replications: expected key=value"));
        assertTrue(error("name: x\n", "replications=").contains("is empty"));
        assertTrue(error("name: x\n", "name.first=a").contains("'name' is not a mapping"));
        // an error in an override's value blames the override, not the file
        assertTrue(error("name: x\n", "topology.link.latancy=1ms")
                .startsWith("--set topology.link.latancy=1ms: topology.link.latancy: unknown key"));
        assertTrue(error("name: x\n", "a..b=1").contains("not a dotted key"));
    }

    @Test
    void missingFileIsAConfigError(@TempDir Path dir) {
        Path f = dir.resolve("nope.yaml");
        String m = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, List.of())).getMessage();
        assertEquals(f + ": no such file", m);
    }

    @Test
    void loadReadsFiles(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.yaml");
        Files.writeString(f, FULL);
        assertEquals(10, ConfigLoader.load(f, List.of()).points().size());
        String m = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, List.of("seed=x")))
                .getMessage();
        assertTrue(m.startsWith("--set seed=x: seed: must be a whole number"), m);
    }

    @Test
    void occupancyStatesAcceptRfcSpelling() throws Exception {
        ExperimentConfig c = parse("name: x\noutput: {occupancy-states: [time-wait, CLOSE_WAIT]}");
        assertEquals(java.util.Set.of(TcpState.TIME_WAIT, TcpState.CLOSE_WAIT), c.output().occupancyStates());
    }

    @Test
    void resolvedTreeHasEveryKeyAndUnits() throws Exception {
        ExperimentConfig c = parse(FULL);
        var r = c.resolved();
        assertEquals("300s", r.get("duration").asText());
        assertEquals("30s", r.get("tcp").get("time-wait").asText());
        assertEquals("25ms", r.get("topology").get("link").get("latency").asText());
        assertEquals("100Mbps", r.get("topology").get("link").get("bandwidth").asText());
        assertEquals("50/s", r.get("workload").get("arrivals").get("rate").asText());
        assertEquals("0s", r.get("workload").get("server-close-delay").asText());
        assertEquals(2, r.get("sweep").size());
        // a resolved tree is itself a valid config describing the same experiment
        String yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().writeValueAsString(r);
        ExperimentConfig again = parse(yaml);
        assertEquals(c.base(), again.base());
        assertEquals(c.points(), again.points());
    }

    @Test
    void tcpKeysAreTheProfilesKeysInOrder() {
        List<String> keys = new java.util.ArrayList<>();
        for (Param<?> k : Keys.TCP.values()) {
            keys.add(k.leaf());
        }
        assertEquals(tcpsim.tcp.TcpProfile.keys(), keys);
        assertEquals(tcpsim.tcp.TcpProfile.keys(), Keys.children("tcp"));
        for (String p : ConfigLoader.PROFILES) {
            assertEquals(p, tcpsim.tcp.TcpProfile.named(p).name());
        }
    }

    @Test
    void overridesReachTheProfile() throws Exception {
        ExperimentConfig c = parse("""
                name: x
                profile: rfc9293
                tcp: {initial-rto: 2s, min-rto: 300ms, max-rto: 90s, syn-retries: 2, syn-linear-timeouts: 1,
                      synack-retries: 3, data-retries: 4, fin-retries: 5, time-wait: 30s, fin-wait-2-timeout: 10s,
                      ephemeral-port-min: 1000, ephemeral-port-max: 2000, delayed-ack: 0, mss: 536,
                      initial-window: 4, receive-window: 8192, rfc1337: true, tw-reuse: true, syn-backlog: 7,
                      accept-backlog: 9, rttvar-min: 150ms, linux-quirks: true, invalid-ratelimit: 1s}
                """);
        tcpsim.tcp.TcpProfile p = c.base().tcp().build();
        assertEquals("rfc9293", p.name());
        assertEquals(List.of(2_000_000_000L, 300_000_000L, 90_000_000_000L, 30_000_000_000L, 10_000_000_000L, 0L),
                List.of(p.initialRto(), p.minRto(), p.maxRto(), p.timeWait(), p.finWait2Timeout(), p.delayedAck()));
        assertEquals(List.of(2, 1, 3, 4, 5, 1000, 2000, 536, 4, 8192, 7, 9), List.of(p.synRetries(),
                p.synLinearTimeouts(), p.synAckRetries(), p.dataRetries(), p.finRetries(), p.ephemeralPortMin(),
                p.ephemeralPortMax(), p.mss(), p.initialWindow(), p.receiveWindow(), p.synBacklog(),
                p.acceptBacklog()));
        assertEquals(List.of(true, true, true), List.of(p.rfc1337(), p.twReuse(), p.linuxQuirks()));
        assertEquals(List.of(150_000_000L, 1_000_000_000L), List.of(p.rttvarMin(), p.invalidRatelimit()));
        // everything not overridden stays the named profile's
        tcpsim.tcp.TcpProfile one = parse("name: x\ntcp: {linux-quirks: false}").base().tcp().build();
        assertEquals(tcpsim.tcp.TcpProfile.linux().toBuilder().set(TcpParameter.LINUX_QUIRKS, false).build(), one);
        assertEquals(tcpsim.tcp.TcpProfile.linux(), parse("name: x").base().tcp().build());
    }

    @Test
    void tcpKeysAreInDeclarationOrder() {
        assertInstanceOf(String.class, String.join(", ", Keys.children("tcp")));
        assertTrue(String.join(", ", Keys.children("tcp")).startsWith("initial-rto, min-rto, max-rto"));
    }
}
