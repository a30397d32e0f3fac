package tcpsim.experiments.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One point of the sweep grid.
 *
 * @param index 0-based position in the grid (the first sweep key varies slowest)
 * @param params the swept keys and their values as written in the config, in sweep-key order
 * @param config the fully resolved configuration at this point
 */
public record SweepPoint(int index, Map<String, String> params, PointConfig config) {
    public SweepPoint {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
