package tcpsim.experiments.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tcpsim.tcp.TcpState;

/** The value types of config parameters (see {@link ValueType}). */
final class Types {
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Types() {
    }

    /** A whole number in [min, max] of {@code unit} (bytes, packets ...; empty when it is a plain number). */
    record Whole(long min, long max, String unit) implements ValueType<Long> {
        Whole(long min, long max) {
            this(min, max, "");
        }

        @Override
        public Long parse(JsonNode n, String path, Problems problems) throws ConfigException {
            long v;
            if (n.isIntegralNumber() && n.canConvertToLong()) {
                v = n.asLong();
            } else if (n.isTextual() && n.asText().strip().matches("-?[0-9]+")) {
                try {
                    v = Long.parseLong(n.asText().strip());
                } catch (NumberFormatException e) {
                    throw problems.err(path, "'" + n.asText() + "' is too large");
                }
            } else {
                throw problems.err(path, "must be a whole number" + range() + ", got '" + n.asText() + "'");
            }
            if (v < min || v > max) {
                throw problems.err(path, v + " is out of range; allowed" + range());
            }
            return v;
        }

        private String range() {
            if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
                return "";
            }
            if (max >= Long.MAX_VALUE / 2 || max == Integer.MAX_VALUE) {
                return " >= " + min;
            }
            return " from " + min + " to " + max;
        }

        @Override
        public JsonNode write(Long v) {
            return F.numberNode(v);
        }

        @Override
        public String describe() {
            String r = range();
            return "integer" + (r.startsWith(" from ") ? " " + min + ".." + max : r)
                    + (unit.isEmpty() ? "" : " (" + unit + ")");
        }
    }

    /** A whole number where 0 means "no limit"; the resolved config writes 0 as null. */
    record Limit(long max, String unit) implements ValueType<Long> {
        @Override
        public Long parse(JsonNode n, String path, Problems problems) throws ConfigException {
            return new Whole(0, max).parse(n, path, problems);
        }

        @Override
        public JsonNode write(Long v) {
            return v > 0 ? F.numberNode(v) : F.nullNode();
        }

        @Override
        public String show(Long v) {
            return v > 0 ? Long.toString(v) : "0 (no limit)";
        }

        @Override
        public String describe() {
            return "integer 0.." + max + " (" + unit + "), 0 = no limit";
        }
    }

    /** A duration with a unit, ns, in [min, max]; {@code never} allowed when {@code never} is set. */
    record Duration(long min, long max, boolean never) implements ValueType<Long> {
        static final Duration ANY = new Duration(0, Long.MAX_VALUE, false);
        static final Duration POSITIVE = new Duration(1, Long.MAX_VALUE, false);
        static final Duration OR_NEVER = new Duration(0, Long.MAX_VALUE, true);

        @Override
        public Long parse(JsonNode n, String path, Problems problems) throws ConfigException {
            if (!n.isValueNode()) {
                throw problems.err(path, "must be a duration with a unit (ns, us, ms, s, min), e.g. 25ms");
            }
            long v;
            try {
                v = never ? Units.parseDurationOrNever(n.asText()) : Units.parseDuration(n.asText());
            } catch (IllegalArgumentException e) {
                throw problems.err(path, e.getMessage());
            }
            if (v == Units.NEVER) {
                return v;
            }
            if (min == 1 && v < 1) {
                throw problems.err(path, "must be longer than 0s");
            }
            if (v < min || v > max) {
                throw problems.err(path, Units.formatDuration(v) + " is out of range; allowed " + range());
            }
            return v;
        }

        private String range() {
            if (min == 1 && max == Long.MAX_VALUE) {
                return "> 0s";
            }
            return max == Long.MAX_VALUE ? ">= " + Units.formatDuration(min)
                    : Units.formatDuration(min) + ".." + Units.formatDuration(max);
        }

        @Override
        public JsonNode write(Long v) {
            return F.textNode(Units.formatDuration(v));
        }

        @Override
        public String describe() {
            return "duration" + (min == 0 && max == Long.MAX_VALUE ? "" : " " + range()) + (never ? ", or never" : "");
        }
    }

    /** A bandwidth in bits per second; 0 = unlimited. */
    record Bandwidth() implements ValueType<Long> {
        @Override
        public Long parse(JsonNode n, String path, Problems problems) throws ConfigException {
            if (!n.isValueNode()) {
                throw problems.err(path, "must be a bandwidth with a unit (bps, Kbps, Mbps, Gbps), e.g. 100Mbps,"
                        + " or unlimited");
            }
            try {
                return Units.parseBandwidth(n.asText());
            } catch (IllegalArgumentException e) {
                throw problems.err(path, e.getMessage());
            }
        }

        @Override
        public JsonNode write(Long v) {
            return F.textNode(Units.formatBandwidth(v));
        }

        @Override
        public String describe() {
            return "bandwidth, or unlimited";
        }
    }

    /** Events per second, > 0. */
    record Rate() implements ValueType<Double> {
        @Override
        public Double parse(JsonNode n, String path, Problems problems) throws ConfigException {
            try {
                return Units.parseRate(n.asText());
            } catch (IllegalArgumentException e) {
                throw problems.err(path, e.getMessage());
            }
        }

        @Override
        public JsonNode write(Double v) {
            return F.textNode(Units.formatRate(v));
        }

        @Override
        public String describe() {
            return "rate > 0";
        }
    }

    /** A number between 0 and 1, written as a JSON number and shown plainly. */
    interface Fraction extends ValueType<Double> {
        @Override
        default JsonNode write(Double v) {
            return F.numberNode(v);
        }

        @Override
        default String show(Double v) {
            return Units.plain(v);
        }
    }

    /** A confidence level: a number strictly between 0 and 1 (0.95, 0.99). */
    record Level() implements Fraction {
        @Override
        public Double parse(JsonNode n, String path, Problems problems) throws ConfigException {
            if (!n.isNumber()) {
                throw problems.err(path, "must be a confidence level between 0 and 1 (e.g. 0.95), got " + n);
            }
            double v = n.asDouble();
            if (!(v > 0 && v < 1)) {
                throw problems.err(path, n.asText() + " is out of range; a confidence level lies strictly between 0"
                        + " and 1, e.g. 0.95");
            }
            return v;
        }

        @Override
        public String describe() {
            return "number in (0, 1)";
        }
    }

    /** A number from 0 to 1. */
    record Probability() implements Fraction {
        @Override
        public Double parse(JsonNode n, String path, Problems problems) throws ConfigException {
            double v;
            if (n.isNumber()) {
                v = n.asDouble();
            } else if (n.isTextual()) {
                try {
                    v = Double.parseDouble(n.asText().strip());
                } catch (NumberFormatException e) {
                    throw problems.err(path, "'" + n.asText() + "' is not a probability; allowed: a number from 0"
                            + " to 1, or a model {model: bernoulli, p: ...} / {model: gilbert-elliott, p-gb, p-bg,"
                            + " loss-good, loss-bad} / {model: drop-list, packets: [...]} / {model: drop-segments,"
                            + " match: FIN, nth: [...]}");
                }
            } else {
                throw problems.err(path, "must be a probability from 0 to 1, got " + n);
            }
            if (!(v >= 0 && v <= 1)) {
                throw problems.err(path, n.asText() + " is out of range; a probability is from 0 to 1");
            }
            return v;
        }

        @Override
        public String describe() {
            return "probability 0..1";
        }

        @Override
        public String requiredHint() {
            return " (a probability from 0 to 1)";
        }
    }

    /** true or false. */
    record Bool() implements ValueType<Boolean> {
        @Override
        public Boolean parse(JsonNode n, String path, Problems problems) throws ConfigException {
            if (n.isBoolean()) {
                return n.asBoolean();
            }
            // YAML 1.2 core spells booleans true, True, TRUE (false alike); yes/no/on/off are words
            if (n.isTextual() && n.asText().matches("true|True|TRUE|false|False|FALSE")) {
                return n.asText().equalsIgnoreCase("true");
            }
            throw problems.err(path, "must be true or false, got '" + n.asText() + "'"
                    + Problems.didYouMean(n.asText(), List.of("true", "false")));
        }

        @Override
        public JsonNode write(Boolean v) {
            return F.booleanNode(v);
        }

        @Override
        public String describe() {
            return "true/false";
        }
    }

    /** A single word. */
    static String word(JsonNode n, String path, Problems problems) throws ConfigException {
        if (!n.isValueNode() || n.asText().isBlank()) {
            throw problems.err(path, "must be a single word, got " + n);
        }
        return n.asText().strip();
    }

    /** A word matching {@code pattern}; {@code rule} says what is allowed. */
    record Word(Pattern pattern, int maxLength, String rule) implements ValueType<String> {
        @Override
        public String parse(JsonNode n, String path, Problems problems) throws ConfigException {
            String w = word(n, path, problems);
            if (!pattern.matcher(w).matches()) {
                throw problems.err(path, "'" + w + "' is not allowed; " + rule);
            }
            if (w.length() > maxLength) {
                throw problems.err(path, "'" + w.substring(0, 20) + "...' has " + w.length() + " characters; allowed"
                        + " at most " + maxLength);
            }
            return w;
        }

        @Override
        public JsonNode write(String v) {
            return F.textNode(v);
        }

        @Override
        public String describe() {
            return "word: " + rule.replaceFirst("^use ", "").replaceFirst(" \\(.*", "") + ", at most " + maxLength
                    + " characters";
        }
    }

    /** One of a fixed set of words, each standing for a value. */
    record Choice<T>(String noun, Map<String, T> choices) implements ValueType<T> {
        static Choice<String> of(String noun, List<String> words) {
            Map<String, String> m = new LinkedHashMap<>();
            words.forEach(w -> m.put(w, w));
            return new Choice<>(noun, m);
        }

        @Override
        public T parse(JsonNode n, String path, Problems problems) throws ConfigException {
            String w = word(n, path, problems);
            T v = choices.get(w);
            if (v == null) {
                throw problems.err(path, "'" + w + "' is not " + article() + noun + "; allowed: "
                        + String.join(", ", choices.keySet()) + Problems.didYouMean(w, choices.keySet()));
            }
            return v;
        }

        private String article() {
            return "aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ";
        }

        @Override
        public JsonNode write(T v) {
            for (Map.Entry<String, T> e : choices.entrySet()) {
                if (e.getValue().equals(v)) {
                    return F.textNode(e.getKey());
                }
            }
            throw new IllegalArgumentException(v + " is not " + article() + noun);
        }

        @Override
        public String describe() {
            return String.join(" / ", choices.keySet());
        }
    }

    /** The states whose occupancy is recorded: all, or a list of them. */
    record States() implements ValueType<Set<TcpState>> {
        @Override
        public Set<TcpState> parse(JsonNode s, String path, Problems problems) throws ConfigException {
            List<TcpState> allowed = ConfigLoader.occupancyStates();
            Set<TcpState> states = EnumSet.noneOf(TcpState.class);
            if (s.isTextual() && s.asText().equals("all")) {
                states.addAll(allowed);
            } else if (s.isArray() && !s.isEmpty()) {
                for (JsonNode st : s) {
                    String name = st.asText().toUpperCase(Locale.ROOT).replace('-', '_');
                    TcpState state = null;
                    for (TcpState t : allowed) {
                        if (t.name().equals(name)) {
                            state = t;
                        }
                    }
                    if (state == null || !st.isTextual()) {
                        List<String> names = allowed.stream().map(TcpState::name).toList();
                        throw problems.err(path, "'" + st.asText() + "' is not a state; allowed: all, or a list of "
                                + allowed + Problems.didYouMean(name, names));
                    }
                    states.add(state);
                }
            } else {
                throw problems.err(path, "must be all or a non-empty list of states out of " + allowed);
            }
            return states;
        }

        @Override
        public JsonNode write(Set<TcpState> v) {
            ArrayNode a = F.arrayNode();
            v.forEach(s -> a.add(s.name()));
            return a;
        }

        @Override
        public String show(Set<TcpState> v) {
            return v.size() == ConfigLoader.occupancyStates().size() ? "all" : write(v).toString();
        }

        @Override
        public String describe() {
            return "all, or a list of states";
        }
    }

    /** One value per direction of a link: {@code up} towards the server, {@code down} towards the client. */
    record Directions<T>(T up, T down) {
    }

    /** A value given once for both directions or as {@code {up: X, down: Y}}; a missing direction keeps its default. */
    record PerDirection<T>(ValueType<T> inner) implements ValueType<Directions<T>> {
        @Override
        public Directions<T> parse(JsonNode n, String path, Problems problems) throws ConfigException {
            if (n.isObject() && !inner.isValueMapping(n)) {
                allowOnly((ObjectNode) n, path, List.of("up", "down"), problems);
                if (n.isEmpty()) {
                    throw problems.err(path, "a per-direction value needs 'up' and/or 'down'");
                }
                T up = n.has("up") && !n.get("up").isNull() ? inner.parse(n.get("up"), path + ".up", problems) : null;
                T down = n.has("down") && !n.get("down").isNull() ? inner.parse(n.get("down"), path + ".down",
                        problems) : null;
                return new Directions<>(up, down);
            }
            T v = inner.parse(n, path, problems);
            return new Directions<>(v, v);
        }

        @Override
        public Directions<T> complete(Directions<T> parsed, Directions<T> def) {
            return new Directions<>(parsed.up() == null ? def.up() : parsed.up(),
                    parsed.down() == null ? def.down() : parsed.down());
        }

        @Override
        public JsonNode write(Directions<T> v) {
            if (v.up().equals(v.down())) {
                return inner.write(v.up());
            }
            ObjectNode o = F.objectNode();
            o.set("up", inner.write(v.up()));
            o.set("down", inner.write(v.down()));
            return o;
        }

        @Override
        public String show(Directions<T> v) {
            return v.up().equals(v.down()) ? inner.show(v.up()) : "up " + inner.show(v.up()) + ", down "
                    + inner.show(v.down());
        }

        @Override
        public String describe() {
            return inner.describe() + ", per direction";
        }

        @Override
        public String requiredHint() {
            return inner.requiredHint();
        }
    }

    /** Rejects keys of {@code o} not in {@code allowed}, naming the allowed ones. */
    static void allowOnly(ObjectNode o, String path, List<String> allowed, Problems problems) throws ConfigException {
        var it = o.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw problems.errAtKey(path.isEmpty() ? k : path + "." + k, "unknown key; allowed keys"
                        + (path.isEmpty() ? " at the top level" : " in '" + path + "'") + ": "
                        + String.join(", ", allowed) + Problems.didYouMean(k, allowed));
            }
        }
    }

    /** The leaves of {@code params}, in order. */
    static List<String> leaves(List<? extends Param<?>> params) {
        List<String> out = new ArrayList<>();
        params.forEach(p -> out.add(p.leaf()));
        return out;
    }
}
