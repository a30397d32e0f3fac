package tcpsim.experiments.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The declaration of one config parameter: its dotted key, its type (unit and allowed range, see {@link ValueType}),
 * its default and a one-line help. Parsing, validation and its messages, the resolved config in the manifest and the
 * reference ({@code tcpsim keys}, README) all come from it. The declarations are listed in {@link Keys}.
 *
 * @param key the dotted key, e.g. {@code topology.link.latency}
 * @param type how a value is parsed, checked and written back
 * @param def the value when the key is absent; null when it is required or has no value unless given
 * @param required whether an absent key is an error
 * @param sweepable whether {@code sweep.<key>} may vary it
 * @param help one line for the reference
 */
public record Param<T>(String key, ValueType<T> type, T def, boolean required, boolean sweepable, String help) {
    /** An optional parameter with a default. */
    static <T> Param<T> of(String key, ValueType<T> type, T def, String help) {
        return new Param<>(key, type, def, false, true, help);
    }

    /** A parameter without a default that must be given. */
    static <T> Param<T> required(String key, ValueType<T> type, String help) {
        return new Param<>(key, type, null, true, true, help);
    }

    /** The same declaration, not sweepable. */
    Param<T> fixed() {
        return new Param<>(key, type, def, required, false, help);
    }

    /** The last segment of the key: its name in the enclosing mapping. */
    public String leaf() {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /**
     * Reads this parameter from the mapping {@code parent} (as the key's leaf); {@code path} names it in messages.
     * Absent or null: the default (null when there is none), or "is required".
     */
    T take(JsonNode parent, String path, Problems problems) throws ConfigException {
        JsonNode n = parent == null ? null : parent.get(leaf());
        if (n == null || n.isNull()) {
            if (required) {
                throw problems.err(path, "is required" + type.requiredHint());
            }
            return def;
        }
        return type.complete(type.parse(n, path, problems), def);
    }

    /** The default as the reference shows it. */
    public String shownDefault() {
        return def != null ? type.show(def) : required ? "required" : "absent";
    }
}
