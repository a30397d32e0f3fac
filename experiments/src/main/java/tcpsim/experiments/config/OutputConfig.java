package tcpsim.experiments.config;

import java.util.EnumSet;
import java.util.Set;
import tcpsim.tcp.TcpState;

/**
 * What a run writes besides the summaries.
 *
 * @param connections whether connections.csv is written
 * @param occupancyTable what occupancy.csv holds: binned, exact step changes, or none (no file)
 * @param occupancyResolution the width of a binned table's bins, ns
 * @param occupancyStates the states that go into occupancy.csv
 * @param pcap whether packet captures are written (capture: pcap)
 * @param trace whether the segment trace is written (capture: trace)
 */
public record OutputConfig(boolean connections, OccupancyTable occupancyTable, long occupancyResolution,
        Set<TcpState> occupancyStates, boolean pcap, boolean trace) {
    public OutputConfig {
        occupancyStates = occupancyStates.isEmpty() ? Set.of()
                : java.util.Collections.unmodifiableSet(EnumSet.copyOf(occupancyStates));
    }

    /** Whether occupancy.csv is written (binned or exact). */
    public boolean occupancy() {
        return occupancyTable != OccupancyTable.NONE;
    }
}
