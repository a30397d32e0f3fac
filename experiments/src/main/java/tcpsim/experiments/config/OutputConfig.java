package tcpsim.experiments.config;

import java.util.EnumSet;
import java.util.Set;
import tcpsim.tcp.TcpState;

/**
 * What a run writes besides the summaries.
 *
 * @param connections whether connections.csv is written
 * @param occupancy whether occupancy.csv is written
 * @param occupancyStates the states whose step changes go into occupancy.csv
 * @param pcap whether packet captures are written (capture: pcap)
 * @param trace whether the segment trace is written (capture: trace)
 */
public record OutputConfig(boolean connections, boolean occupancy, Set<TcpState> occupancyStates, boolean pcap,
        boolean trace) {
    public OutputConfig {
        occupancyStates = occupancyStates.isEmpty() ? Set.of()
                : java.util.Collections.unmodifiableSet(EnumSet.copyOf(occupancyStates));
    }
}
