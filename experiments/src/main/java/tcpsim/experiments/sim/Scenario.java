package tcpsim.experiments.sim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tcpsim.experiments.config.Keys;
import tcpsim.experiments.config.Limits;
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
 * continues until every event has run (at most {@code limits.max-drain} more) so that every connection's times are
 * complete; connections a limit cuts off are reported incomplete.
 */
final class Scenario {
    /** Events run between two looks at the wall clock. */
    private static final long SLICE = 1L << 20;

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
        // node index -> position in hosts (the occupancy's host number), -1 for routers: an array look-up per
        // state change, where a Map<Host, Integer> showed in profiles
        int[] index = new int[network.nodes().size()];
        Arrays.fill(index, -1);
        for (int i = 0; i < hosts.size(); i++) {
            index[hosts.get(i).index()] = i;
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
        recorder = new Recorder(occupancy, index, hosts, this.output, sim::now);
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

    /**
     * Runs the scenario: connections open until {@code duration}, then the run drains, all within {@code limits}.
     * Returns the key of the limit the run stopped at ({@code limits.max-events}, {@code limits.max-drain},
     * {@code limits.max-wall-time}), or null when every event ran. Slicing the run changes nothing in it: the
     * kernel resumes exactly where a slice stopped.
     */
    String run(Limits limits) {
        long started = System.nanoTime();
        String hit = runSliced(cfg.duration(), limits, started);
        if (hit == null) {
            hit = runSliced(limits.endOfRun(cfg.duration()), limits, started);
        }
        if (hit == null && sim.pendingEvents() > 0) {
            hit = Keys.MAX_DRAIN.key(); // connections still had events to run when the drain ended
        }
        occupancy.finish();
        recorder.finish(hit != null);
        return hit;
    }

    private String runSliced(long until, Limits limits, long started) {
        while (true) {
            long bound = Math.min(limits.maxEvents(), sim.eventsProcessed() + SLICE);
            sim.stopAfter(bound);
            sim.runUntil(until);
            if (sim.eventsProcessed() < bound) {
                return null; // reached until, or ran out of events
            }
            if (sim.eventsProcessed() >= limits.maxEvents()) {
                sim.runUntil(until); // returns at once when events are left; else the run is done
                return sim.pendingEvents() > 0 ? Keys.MAX_EVENTS.key() : null;
            }
            if (limits.maxWallTime() > 0 && System.nanoTime() - started > limits.maxWallTime()) {
                return Keys.MAX_WALL_TIME.key();
            }
        }
    }
}
