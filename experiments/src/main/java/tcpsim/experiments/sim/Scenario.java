package tcpsim.experiments.sim;

import java.io.IOException;
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
    final List<String> hostNames;
    /** Where the records go; the caller closes it after the run. */
    final RunOutput output;
    private final PointConfig cfg;

    /**
     * @param outputs opens the run's output once the hosts are known; the scenario streams its records there
     */
    Scenario(PointConfig cfg, OutputConfig output, long seed, int point, int replication, RunOutput.Factory outputs)
            throws IOException {
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
        List<String> names = new ArrayList<>();
        for (Host h : hosts) {
            names.add(h.name());
        }
        hostNames = List.copyOf(names);
        this.output = outputs.open(point, replication, hostNames);
        if (output.occupancy()) {
            occupancy.streamTo(this.output);
        }
        recorder = new Recorder(occupancy, index, this.output, sim::now);
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
        recorder.finish();
    }
}
