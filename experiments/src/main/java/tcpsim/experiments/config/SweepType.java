package tcpsim.experiments.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code sweep:} mapping: dotted keys into the sweepable parameters, each with a non-empty list of single
 * values. The resolved config keeps it as given; {@link #grid} lists its points, the first key varying slowest.
 */
final class SweepType implements ValueType<JsonNode> {
    /** The largest grid allowed. */
    static final int MAX_POINTS = 100_000;

    @Override
    public JsonNode parse(JsonNode n, String path, Problems pr) throws ConfigException {
        values(n, pr);
        return n;
    }

    /** The swept keys and their values, in config order; checks the keys and values. */
    static Map<String, List<JsonNode>> values(JsonNode sweepNode, Problems pr) throws ConfigException {
        Map<String, List<JsonNode>> sweep = new LinkedHashMap<>();
        if (sweepNode == null || sweepNode.isNull()) {
            return sweep;
        }
        if (!sweepNode.isObject()) {
            throw pr.err("sweep", "must be a mapping from dotted keys to lists of values, e.g."
                    + " topology.link.loss: [0, 0.01]");
        }
        List<String> sweepable = Keys.sweepableTops();
        String into = String.join(", ", sweepable.subList(0, sweepable.size() - 1)) + " or "
                + sweepable.get(sweepable.size() - 1);
        Iterator<Map.Entry<String, JsonNode>> it = sweepNode.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String at = "sweep." + key;
            String top = key.split("\\.", 2)[0];
            if (!sweepable.contains(top)) {
                throw pr.err(at, Keys.children("").contains(top) ? "'" + top + "' cannot be swept; sweep keys point"
                        + " into " + into : "unknown key '" + top + "'; sweep keys point into " + into
                        + Problems.didYouMean(key, sweepableKeys()));
            }
            sweep.put(key, list(e.getValue(), at, pr));
        }
        long total = 1;
        for (List<JsonNode> v : sweep.values()) {
            total *= v.size();
            if (total > MAX_POINTS) {
                throw pr.err("sweep", "the grid has more than " + MAX_POINTS + " points");
            }
        }
        return sweep;
    }

    private static List<JsonNode> list(JsonNode vals, String at, Problems pr) throws ConfigException {
        if (!vals.isArray() || vals.isEmpty()) {
            throw pr.err(at, "must be a non-empty list of values, e.g. [0, 0.01, 0.1]");
        }
        List<JsonNode> list = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode v : vals) {
            if (!v.isValueNode() || v.isNull()) {
                throw pr.err(at, "values must be single values (numbers, durations, words), got " + v);
            }
            String text = v.asText();
            if (text.contains(",") || text.contains("\n") || text.contains("\"")) {
                throw pr.err(at, "value '" + text + "' must not contain commas, quotes or line breaks");
            }
            if (!seen.add(text)) {
                throw pr.err(at, "value '" + text + "' is listed twice");
            }
            list.add(v);
        }
        return list;
    }

    private static List<String> sweepableKeys() {
        List<String> keys = new ArrayList<>();
        for (Param<?> p : Keys.ALL) {
            if (p.sweepable()) {
                keys.add(p.key());
            }
        }
        return keys;
    }

    /** The grid's points: for each, the value of every swept key, in key order; the first key varies slowest. */
    static List<Map<String, JsonNode>> grid(Map<String, List<JsonNode>> sweep) {
        List<String> keys = new ArrayList<>(sweep.keySet());
        int total = 1;
        for (List<JsonNode> v : sweep.values()) {
            total *= v.size();
        }
        List<Map<String, JsonNode>> points = new ArrayList<>(total);
        for (int p = 0; p < total; p++) {
            // decompose p in mixed radix, the last key the fastest digit
            Map<String, JsonNode> point = new LinkedHashMap<>();
            int rest = p;
            JsonNode[] at = new JsonNode[keys.size()];
            for (int k = keys.size() - 1; k >= 0; k--) {
                List<JsonNode> v = sweep.get(keys.get(k));
                at[k] = v.get(rest % v.size());
                rest /= v.size();
            }
            for (int k = 0; k < keys.size(); k++) {
                point.put(keys.get(k), at[k]);
            }
            points.add(point);
        }
        return points;
    }

    @Override
    public JsonNode write(JsonNode v) {
        return v.deepCopy();
    }

    @Override
    public String show(JsonNode v) {
        return v.isEmpty() ? "{}" : v.toString();
    }

    @Override
    public String describe() {
        return "mapping: dotted key -> list of values";
    }
}
