package tcpsim.experiments.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tcpsim.tcp.TcpParameter;
import tcpsim.tcp.TcpProfile;

/**
 * The TCP profile by name and the overrides of its constants, in {@link TcpParameter} order. Values are {@code Long}
 * ns (durations), {@code Integer} or {@code Boolean}.
 */
public record TcpConfig(String profile, Map<TcpParameter, Object> overrides) {
    public TcpConfig {
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /**
     * The named profile with the overrides applied.
     *
     * @throws IllegalArgumentException when the profile is unknown or the overridden values are inconsistent
     */
    public TcpProfile build() {
        TcpProfile base = TcpProfile.named(profile);
        if (overrides.isEmpty()) {
            return base;
        }
        TcpProfile.Builder b = base.toBuilder();
        overrides.forEach((p, v) -> {
            if (v instanceof Boolean flag) {
                b.set(p, flag);
            } else {
                b.set(p, ((Number) v).longValue());
            }
        });
        return b.build();
    }
}
