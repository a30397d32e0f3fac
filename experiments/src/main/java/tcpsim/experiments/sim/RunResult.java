package tcpsim.experiments.sim;

import java.util.List;

/**
 * Everything one run (one sweep point x one replication) produced.
 *
 * @param hosts host names by host index (clients first, then servers)
 * @param connections per-connection records sorted by id, when the run kept them in memory (no
 *        {@link RunOutput} was given); else empty: they were streamed
 * @param occupancy step changes of state occupancy, or null when not recorded or streamed
 * @param occupancyStats time integrals and peaks over the steady-state window
 * @param timeWait the TIME_WAIT duration of the profile in force, ns
 * @param events kernel events processed
 * @param limit the key of the limit the run stopped at ({@code limits.max-events} ...), or null when it completed
 * @param totals the summary's accumulators over every connection of the run
 */
public record RunResult(int point, int replication, List<String> hosts, List<ConnectionRecord> connections,
        OccupancyRecorder.Rows occupancy, OccupancyRecorder occupancyStats, long timeWait, long events, String limit,
        ConnectionTotals totals) {
    public RunResult {
        hosts = List.copyOf(hosts);
        connections = List.copyOf(connections);
    }
}
