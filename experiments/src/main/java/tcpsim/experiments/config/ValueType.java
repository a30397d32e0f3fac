package tcpsim.experiments.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The type of a config value: how it is parsed and checked (with a message that says what was found and what is
 * allowed), how it is written back into the resolved config, and how the reference describes it. The types are in
 * {@link Types}.
 */
interface ValueType<T> {
    /** Parses a present, non-null value; {@code path} is the dotted key for messages. */
    T parse(JsonNode n, String path, Problems problems) throws ConfigException;

    /** The value as the resolved config writes it. */
    JsonNode write(T value);

    /** The type, unit and allowed range for the reference, e.g. {@code integer 1..60000}. */
    String describe();

    /** A value as the reference shows it. */
    default String show(T value) {
        JsonNode n = write(value);
        return n.isNull() ? "absent" : n.isValueNode() ? n.asText() : n.toString();
    }

    /** Fills what a parsed value leaves open (a per-direction value's missing direction) from the default. */
    default T complete(T parsed, T def) {
        return parsed;
    }

    /** Whether a mapping is itself one value (a loss model) rather than {up, down}. */
    default boolean isValueMapping(JsonNode mapping) {
        return false;
    }

    /** Appended to "is required". */
    default String requiredHint() {
        return "";
    }
}
