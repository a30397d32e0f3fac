package tcpsim.experiments.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;

/** Reads config text as a YAML tree and applies {@code --set key=value} overrides to it by dotted key. */
final class YamlInput {
    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private YamlInput() {
    }

    /** The top-level mapping of {@code yamlText}; {@code file} labels the messages. */
    static ObjectNode read(String file, String yamlText) throws ConfigException {
        JsonNode tree;
        try {
            tree = YAML.readTree(yamlText);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new ConfigException(file + ": not valid YAML" + where + ": " + e.getOriginalMessage(), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ConfigException(file + ": the file is empty; it needs at least 'name:'");
        }
        if (!tree.isObject()) {
            throw new ConfigException(file + ": the top level must be a mapping of keys (" + String.join(", ",
                    Keys.children("")) + ")");
        }
        return (ObjectNode) tree;
    }

    /** Applies one {@code key=value} override; the value is YAML. */
    static void applySet(ObjectNode root, String set) throws ConfigException {
        int eq = set.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("--set " + set + ": expected key=value with a dotted key, e.g."
                    + " --set topology.link.loss=0.01");
        }
        String key = set.substring(0, eq).strip();
        String raw = set.substring(eq + 1);
        JsonNode value;
        try {
            value = raw.isBlank() ? null : YAML.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new ConfigException("--set " + set + ": the value is not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (value == null || value.isMissingNode() || value.isNull()) {
            throw new ConfigException("--set " + set + ": the value of '" + key + "' is empty");
        }
        try {
            setPath(root, splitKey(key), value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--set " + set + ": " + e.getMessage(), e);
        }
    }

    /** Splits a dotted key; {@code sweep.<key>} keeps the swept key (itself dotted) whole. */
    static List<String> splitKey(String key) {
        if (key.startsWith("sweep.") && key.length() > 6) {
            return List.of("sweep", key.substring(6));
        }
        List<String> parts = List.of(key.split("\\.", -1));
        for (String p : parts) {
            if (p.isEmpty()) {
                throw new IllegalArgumentException("'" + key + "' is not a dotted key");
            }
        }
        return parts;
    }

    /** Sets {@code value} at {@code path}, creating mappings; a scalar parent of up/down becomes {up: s, down: s}. */
    static void setPath(ObjectNode root, List<String> path, JsonNode value) {
        ObjectNode node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            String seg = path.get(i);
            JsonNode child = node.get(seg);
            String next = path.get(i + 1);
            if (child == null || child.isNull()) {
                node = node.putObject(seg);
            } else if (child.isObject()) {
                node = (ObjectNode) child;
            } else if (child.isValueNode() && (next.equals("up") || next.equals("down"))) {
                ObjectNode both = node.putObject(seg);
                both.set("up", child.deepCopy());
                both.set("down", child.deepCopy());
                node = both;
            } else {
                throw new IllegalArgumentException("'" + String.join(".", path.subList(0, i + 1))
                        + "' is not a mapping, so it has no key '" + next + "'");
            }
        }
        node.set(path.get(path.size() - 1), value);
    }
}
