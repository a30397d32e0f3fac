package tcpsim.experiments.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tcpsim.experiments.config.OutputConfig;
import tcpsim.experiments.config.PointConfig;
import tcpsim.kernel.RandomStreams;
import tcpsim.kernel.Simulation;
import tcpsim.kernel.net.Host;
import tcpsim.kernel.net.Network;
import tcpsim.tcp.Tcp;
import tcpsim.tcp.TcpProfile;
import tcpsim.tcp.TcpStack;

/**
 * One run's world on one {@link Simulation}: the {@link Topology}, the TCP stacks with the point's profile, the
 * {@link Workload} and the metrics {@link Recorder}. Connections open at times in [0, duration); then the run
 * continues until every event has run (at most one simulated hour more) so that every connection's times are
 * complete.
 */
final class Scenario {
    /** How long after {@code duration} a run may continue to let connections finish. */
    static final long DRAIN_LIMIT = 3_600_000_000_000L;

    final Simulation sim;
    final Network network;
    final Tcp tcp;
    final TcpProfile profile;
    final List<Host> hosts;
    final OccupancyRecorder occupancy;
    final Recorder recorder;
    private final PointConfig cfg;

    Scenario(PointConfig cfg, OutputConfig output, long seed, int replication) {
        this.cfg = cfg;
        this.sim = new Simulation(new RandomStreams(seed, replication));
        this.network = new Network(sim);
        this.profile = cfg.profile();
        Topology topology = Topology.build(network, cfg.topology());
        hosts = topology.hosts();
        Map<Host, Integer> index = new HashMap<>(); // looked up, never iterated
        for (int i = 0; i < hosts.size(); i++) {
            index.put(hosts.get(i), i);
        }
        // TIME_WAIT entries are counted over every connection whose TIME_WAIT overlaps [warmup, duration]
        occupancy = new OccupancyRecorder(hosts.size(), cfg.warmup(), cfg.duration(), output.occupancy(),
                output.occupancyStates(), cfg.warmup() - profile.timeWait());
        recorder = new Recorder(occupancy, index);
        tcp = new Tcp(network, profile);
        tcp.addObserver(recorder);
        List<TcpStack> clients = new ArrayList<>();
        for (Host h : topology.clients()) {
            clients.add(tcp.install(h));
        }
        List<TcpStack> servers = new ArrayList<>();
        for (Host h : topology.servers()) {
            servers.add(tcp.install(h));
        }
        new Workload(sim, cfg.workload(), cfg.duration(), clients, servers, recorder);
    }

    /** Runs the scenario: connections open until {@code duration}, then the run drains. */
    void run() {
        sim.runUntil(cfg.duration());
        sim.runUntil(cfg.duration() + DRAIN_LIMIT);
        occupancy.finish();
    }
}
