package tcpsim.experiments.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TCP profile by name and the overrides of its constants, keyed by {@link TcpKey} in declaration order.
 * Values are {@code Long} ns (durations), {@code Integer} or {@code Boolean}.
 */
public record TcpConfig(String profile, Map<TcpKey, Object> overrides) {
    public TcpConfig {
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }
}
