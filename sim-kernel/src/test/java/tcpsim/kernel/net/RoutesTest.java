package tcpsim.kernel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tcpsim.kernel.Simulation;
import tcpsim.kernel.Time;

class RoutesTest {
    private static final ChannelSpec SPEC = ChannelSpec.latency(Time.millis(1));

    /** The documented maximum, 60,000 clients and 60,000 servers around one router, gets its routes. */
    @Test
    void aStarOf120000HostsRoutesEveryHostThroughTheRouter() {
        Network net = new Network(new Simulation(1));
        Router router = net.addRouter("router");
        List<Host> hosts = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < 120_000; i++) {
            Host h = net.addHost("h" + i, Ipv4.of(10, 1 + i / 65536, (i >> 8) & 0xff, i & 0xff));
            hosts.add(h);
            links.add(i % 2 == 0 ? net.connect(h, router, SPEC, SPEC) : net.connect(router, h, SPEC, SPEC));
        }
        net.computeRoutes();
        for (int i = 0; i < hosts.size(); i++) {
            Host h = hosts.get(i);
            assertSame(links.get(i).from(router), router.route(h.address()));
            assertSame(links.get(i).from(h), h.route(hosts.get((i + 1) % hosts.size()).address()));
        }
        assertSame(links.get(0).from(router), router.route(Ipv4.parse("192.0.2.1")),
                "an unknown destination leaves by the default route, the first link");
    }

    @Test
    void aTreeOfRoutersRoutesAlongTheOnlyPath() {
        Network net = new Network(new Simulation(1));
        Router core = net.addRouter("core");
        Router left = net.addRouter("left");
        Router right = net.addRouter("right");
        Link coreLeft = net.connect(core, left, SPEC, SPEC);
        Link coreRight = net.connect(core, right, SPEC, SPEC);
        Host a = net.addHost("a", Ipv4.parse("10.0.0.1"));
        Host b = net.addHost("b", Ipv4.parse("10.0.0.2"));
        Host c = net.addHost("c", Ipv4.parse("10.0.1.1"));
        Link la = net.connect(a, left, SPEC, SPEC);
        Link lb = net.connect(left, b, SPEC, SPEC);
        Link lc = net.connect(right, c, SPEC, SPEC);
        net.computeRoutes();
        assertSame(la.from(left), left.route(a.address()));
        assertSame(lb.from(left), left.route(b.address()));
        assertSame(coreLeft.from(left), left.route(c.address()));
        assertSame(coreLeft.from(core), core.route(a.address()));
        assertSame(coreRight.from(core), core.route(c.address()));
        assertSame(coreRight.from(right), right.route(a.address()));
        assertSame(lc.from(right), right.route(c.address()));
        assertSame(la.from(a), a.route(c.address()));
    }

    /**
     * Random topologies (meshes with parallel links, multi-homed hosts, host-to-host links, islands): every
     * node's route to every host equals the plain breadth-first search the routes are defined by.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void agreesWithABreadthFirstSearchPerDestination(int seed) {
        Random r = new Random(seed);
        Network net = new Network(new Simulation(seed));
        List<Node> nodes = new ArrayList<>();
        int routers = 1 + r.nextInt(6);
        int hosts = 2 + r.nextInt(30);
        for (int i = 0; i < routers; i++) {
            nodes.add(net.addRouter("r" + i));
        }
        for (int i = 0; i < hosts; i++) {
            nodes.add(net.addHost("h" + i, Ipv4.of(10, 0, 0, i + 1)));
        }
        int links = routers + hosts + r.nextInt(2 * (routers + hosts));
        for (int i = 0; i < links; i++) {
            Node a = nodes.get(r.nextInt(nodes.size()));
            Node b = r.nextInt(3) == 0 ? nodes.get(r.nextInt(nodes.size())) : nodes.get(r.nextInt(routers));
            net.connect(a, b, SPEC, SPEC);
        }
        net.computeRoutes();
        Map<Node, Map<Host, Channel>> expected = referenceRoutes(net);
        for (Node n : net.nodes()) {
            for (Node t : net.nodes()) {
                if (t instanceof Host h && n != h) {
                    Channel want = expected.get(n).get(h);
                    if (want == null) {
                        want = n.outgoing().isEmpty() ? null : n.outgoing().get(0);
                    }
                    assertEquals(want, n.route(h.address()), n + " -> " + h);
                }
            }
        }
    }

    @Test
    void aNodeWithoutLinksHasNoRoute() {
        Network net = new Network(new Simulation(1));
        Host lonely = net.addHost("lonely", Ipv4.parse("10.0.0.1"));
        net.addHost("other", Ipv4.parse("10.0.0.2"));
        net.computeRoutes();
        assertNull(lonely.route(Ipv4.parse("10.0.0.2")));
    }

    /** The definition: a search backwards from each host scanning all links in creation order at every step. */
    private static Map<Node, Map<Host, Channel>> referenceRoutes(Network net) {
        Map<Node, Map<Host, Channel>> routes = new IdentityHashMap<>();
        for (Node n : net.nodes()) {
            routes.put(n, new IdentityHashMap<>());
        }
        for (Node target : net.nodes()) {
            if (!(target instanceof Host host)) {
                continue;
            }
            Map<Node, Boolean> seen = new IdentityHashMap<>();
            ArrayDeque<Node> frontier = new ArrayDeque<>();
            seen.put(target, true);
            frontier.add(target);
            while (!frontier.isEmpty()) {
                Node n = frontier.poll();
                for (Link l : net.links()) {
                    for (Channel c : new Channel[] {l.forward(), l.backward()}) {
                        if (c.to() == n && !seen.containsKey(c.from())) {
                            seen.put(c.from(), true);
                            routes.get(c.from()).put(host, c);
                            frontier.add(c.from());
                        }
                    }
                }
            }
        }
        return routes;
    }
}
