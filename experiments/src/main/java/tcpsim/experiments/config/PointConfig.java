package tcpsim.experiments.config;

/**
 * Everything one run needs apart from the seed and replication: the values of one sweep point.
 *
 * @param duration simulated time during which connections open and occupancy is recorded, ns
 * @param warmup start of the steady-state window [warmup, duration], ns
 */
public record PointConfig(long duration, long warmup, TcpConfig tcp, TopologyConfig topology,
        WorkloadConfig workload) {
}
