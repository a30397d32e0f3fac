package tcpsim.experiments.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A validated experiment: the resolved base configuration and every sweep point.
 *
 * @param source the file it was read from, as given
 * @param name experiment name (also the default results folder name)
 * @param seed master seed of the random streams
 * @param replications runs per sweep point (replication r uses the random streams of (seed, r))
 * @param base the configuration without the sweep applied
 * @param sweepKeys the swept dotted keys, in config order
 * @param points the sweep grid (a single point with no params when nothing is swept)
 * @param output what gets written
 * @param limits what bounds each run
 * @param resolved the resolved configuration as a JSON tree (defaults filled in, durations as strings)
 */
public record ExperimentConfig(String source, String name, long seed, int replications, PointConfig base,
        List<String> sweepKeys, List<SweepPoint> points, OutputConfig output, Limits limits,
        JsonNode resolved) {
    public ExperimentConfig {
        sweepKeys = List.copyOf(sweepKeys);
        points = List.copyOf(points);
    }

    /** Number of runs: points x replications. */
    public int runCount() {
        return points.size() * replications;
    }
}
