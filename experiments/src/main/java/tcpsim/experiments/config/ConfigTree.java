package tcpsim.experiments.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The resolved config (the manifest's {@code config}): every declared parameter that has a value, written by its
 * type at its dotted key, in declaration order ({@link Keys#ALL}); every mapping on the way is present, even empty.
 */
final class ConfigTree {
    private ConfigTree() {
    }

    static JsonNode resolved(Map<Param<?>, Object> values) {
        ObjectNode root = Types.F.objectNode();
        for (Param<?> p : Keys.ALL) {
            ObjectNode parent = root;
            String[] path = p.key().split("\\.");
            for (int i = 0; i < path.length - 1; i++) {
                parent = parent.has(path[i]) ? (ObjectNode) parent.get(path[i]) : parent.putObject(path[i]);
            }
            Object v = values.get(p);
            if (v != null) {
                parent.set(p.leaf(), write(p, v));
            }
        }
        return root;
    }

    @SuppressWarnings("unchecked") // values.get(p) was read by p
    private static <T> JsonNode write(Param<T> p, Object v) {
        return p.type().write((T) v);
    }
}
