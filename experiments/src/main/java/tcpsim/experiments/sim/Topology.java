package tcpsim.experiments.sim;

import java.util.ArrayList;
import java.util.List;
import tcpsim.experiments.config.ChannelConfig;
import tcpsim.experiments.config.LinkConfig;
import tcpsim.experiments.config.LossConfig;
import tcpsim.experiments.config.TopologyConfig;
import tcpsim.kernel.Simulation;
import tcpsim.kernel.net.BernoulliLoss;
import tcpsim.kernel.net.ChannelSpec;
import tcpsim.kernel.net.DropList;
import tcpsim.kernel.net.GilbertElliottLoss;
import tcpsim.kernel.net.Host;
import tcpsim.kernel.net.Ipv4;
import tcpsim.kernel.net.LossModel;
import tcpsim.kernel.net.Network;
import tcpsim.kernel.net.Router;

/**
 * The hosts of a run: host {@code client<i>} (10.1.x.y) reaches {@code router} over its own link
 * ({@code topology.link}, "up" = towards the router), the router reaches host {@code server<j>} (10.2.x.y) over its
 * own link ({@code topology.server-link}, "up" = towards the server). Each direction of each link draws its losses
 * from the random stream {@code loss:<host>:up} or {@code loss:<host>:down}.
 *
 * @param clients client hosts in order
 * @param servers server hosts in order
 */
record Topology(List<Host> clients, List<Host> servers) {
    Topology {
        clients = List.copyOf(clients);
        servers = List.copyOf(servers);
    }

    /** Builds the topology into {@code network} and computes its routes. */
    static Topology build(Network network, TopologyConfig topo) {
        Simulation sim = network.simulation();
        Router router = network.addRouter("router");
        List<Host> clients = new ArrayList<>();
        for (int i = 1; i <= topo.clients(); i++) {
            Host h = network.addHost("client" + i, Ipv4.of(10, 1, i >> 8, i & 0xff));
            network.connect(h, router, spec(sim, topo.link(), true, h.name()), spec(sim, topo.link(), false,
                    h.name()));
            clients.add(h);
        }
        List<Host> servers = new ArrayList<>();
        for (int j = 1; j <= topo.servers(); j++) {
            Host h = network.addHost("server" + j, Ipv4.of(10, 2, j >> 8, j & 0xff));
            network.connect(router, h, spec(sim, topo.serverLink(), true, h.name()),
                    spec(sim, topo.serverLink(), false, h.name()));
            servers.add(h);
        }
        network.computeRoutes();
        return new Topology(clients, servers);
    }

    /** Every host: the clients, then the servers (the host order of occupancy.csv). */
    List<Host> hosts() {
        List<Host> all = new ArrayList<>(clients);
        all.addAll(servers);
        return all;
    }

    private static ChannelSpec spec(Simulation sim, LinkConfig link, boolean up, String host) {
        ChannelConfig c = up ? link.up() : link.down();
        String stream = "loss:" + host + ":" + (up ? "up" : "down");
        LossModel loss;
        if (c.loss() instanceof LossConfig.Bernoulli b) {
            loss = b.p() == 0 ? LossModel.NONE : new BernoulliLoss(b.p(), sim.random().uniforms(stream));
        } else if (c.loss() instanceof LossConfig.DropList d) {
            loss = DropList.positions(d.packets().stream().mapToLong(Long::longValue).toArray());
        } else if (c.loss() instanceof LossConfig.DropSegments d) {
            loss = DropList.among(d.match().packets(), d.nth().stream().mapToLong(Long::longValue).toArray());
        } else {
            LossConfig.GilbertElliott g = (LossConfig.GilbertElliott) c.loss();
            loss = new GilbertElliottLoss(g.pGoodToBad(), g.pBadToGood(), g.lossGood(), g.lossBad(),
                    sim.random().uniforms(stream));
        }
        return new ChannelSpec(c.latency(), c.jitter(), false, c.bandwidth(), c.queue(), loss);
    }
}
