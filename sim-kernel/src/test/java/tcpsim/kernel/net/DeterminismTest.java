package tcpsim.kernel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import tcpsim.kernel.Simulation;
import tcpsim.kernel.Time;

/** Two runs of one randomised scenario must be identical, event for event. */
class DeterminismTest {
    /** A star of four hosts around a router, random traffic, random loss and jitter; returns the trace. */
    private static List<String> scenario(long seed, boolean extraStream) {
        Simulation sim = new Simulation(seed);
        Network net = new Network(sim);
        Router r = net.addRouter("r");
        List<Host> hosts = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            Host h = net.addHost("h" + i, Ipv4.of(10, 0, 0, i));
            hosts.add(h);
            ChannelSpec spec = ChannelSpec.latency(Time.millis(i)).withBandwidth(10_000_000L * i, 20)
                    .withJitter(Time.micros(300), false);
            net.connect(h, r, spec.withLoss(new BernoulliLoss(0.05, sim.random().uniforms("loss:h" + i + ":up"))),
                    spec.withLoss(new GilbertElliottLoss(0.01, 0.3, 0, 0.7,
                            sim.random().uniforms("loss:h" + i + ":down"))));
        }
        net.computeRoutes();
        if (extraStream) {
            // a new consumer elsewhere in the model: it must not perturb anyone else's numbers
            RandomGenerator other = sim.random().stream("some-new-model");
            for (int i = 0; i < 1000; i++) {
                other.nextDouble();
            }
        }
        List<String> trace = new ArrayList<>();
        net.addObserver(new NetworkObserver() {
            @Override
            public void onDeliver(long time, Channel channel, Packet packet) {
                trace.add(time + " deliver " + channel + " " + ((TestPacket) packet).id());
            }

            @Override
            public void onDrop(long time, Node node, Channel channel, Packet packet, DropReason reason) {
                trace.add(time + " drop " + channel + " " + ((TestPacket) packet).id() + " " + reason);
            }
        });
        for (Host h : hosts) {
            h.setReceiver(p -> { });
        }
        RandomGenerator traffic = sim.random().stream("traffic");
        long t = 0;
        for (int i = 0; i < 5_000; i++) {
            t += (long) (traffic.nextDouble() * Time.micros(200));
            Host from = hosts.get(traffic.nextInt(4));
            Host to = hosts.get(traffic.nextInt(4));
            if (from == to) {
                continue;
            }
            long id = i;
            int size = 40 + traffic.nextInt(1460);
            sim.scheduleAt(t, () -> from.send(new TestPacket(from.address(), to.address(), size, id)));
        }
        sim.run();
        return trace;
    }

    private static String hash(List<String> trace) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String line : trace) {
            sha.update(line.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void twoRunsOfARandomisedScenarioGiveTheSameTraceHash() throws Exception {
        List<String> first = scenario(99, false);
        List<String> second = scenario(99, false);
        assertEquals(hash(first), hash(second));
        assertNotEquals(hash(first), hash(scenario(100, false)), "another seed must give another trace");
    }

    @Test
    void anExtraRandomStreamElsewhereLeavesTheLossPatternUnchanged() throws Exception {
        assertEquals(hash(scenario(99, false)), hash(scenario(99, true)));
    }
}
