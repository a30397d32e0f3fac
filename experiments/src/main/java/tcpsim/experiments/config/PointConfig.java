package tcpsim.experiments.config;

import tcpsim.tcp.TcpProfile;

/**
 * Everything one run needs apart from the seed and replication: the values of one sweep point.
 *
 * @param duration simulated time during which connections open and occupancy is recorded, ns
 * @param warmup start of the steady-state window [warmup, duration], ns
 * @param confidence the level of the confidence intervals of its summary (the same for every point)
 * @param tcp the profile's name and overrides as configured
 * @param profile the TCP profile they give, built once when the point is read
 */
public record PointConfig(long duration, long warmup, double confidence, TcpConfig tcp, TcpProfile profile, TopologyConfig topology,
        WorkloadConfig workload) {
}
