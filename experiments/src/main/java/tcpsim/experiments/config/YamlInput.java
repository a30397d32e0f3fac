package tcpsim.experiments.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads config text as a YAML 1.2 tree (core schema, snakeyaml-engine) and applies {@code --set key=value}
 * overrides to it by dotted key, recording where every value came from ({@link Origins}).
 *
 * <p>YAML 1.2 core, not 1.1: {@code on}, {@code yes}, {@code off} are words, not booleans; {@code 007} and
 * {@code 1:30} are not octal or sexagesimal numbers. A scalar becomes a JSON number only when the number written
 * back reads exactly as the text ({@code 5}, {@code 0.01}); any other spelling ({@code 007}, {@code 0.10},
 * {@code 1e3}) stays the text as written, which the numeric types still parse, so a name {@code 007} stays
 * "007". Aliases are resolved to their anchor's value; recursive ones and expansions beyond {@link #MAX_VALUES}
 * values are refused, as are tags other than the core ones. Merge keys ({@code <<}, YAML 1.1) are still merged by
 * snakeyaml-engine, so they too give values, never names.
 */
final class YamlInput {
    /** The most values (scalars, lists, mappings) a config may expand to, aliases included. */
    static final int MAX_VALUES = 100_000;
    /** The deepest nesting of lists and mappings a config may have. */
    static final int MAX_DEPTH = 100;

    private static final Pattern CANONICAL_INT = Pattern.compile("-?(0|[1-9][0-9]{0,17})");
    private static final Set<Tag> CORE = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.SEQ, Tag.MAP);

    private YamlInput() {
    }

    /** {@code bytes} as UTF-8 text (a leading byte-order mark dropped); anything else is refused with its offset. */
    static String decode(String file, byte[] bytes) throws ConfigException {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new ConfigException(String.format("%s: not UTF-8: byte 0x%02X at offset %d (line %d, byte %d of"
                    + " the line) is not valid UTF-8; save the config as UTF-8", file, bytes[at] & 0xff, at, line,
                    at - lineStart + 1));
        }
        d.flush(out);
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The top-level mapping of {@code yamlText}; every value's position goes into {@code origins}. */
    static ObjectNode read(Origins origins, String yamlText) throws ConfigException {
        String file = origins.file();
        JsonNode tree = compose(file, yamlText, origins);
        if (tree == null || tree.isNull()) {
            throw new ConfigException(file + ": the file is empty; it needs at least 'name:'");
        }
        if (!tree.isObject()) {
            throw new ConfigException(file + ": the top level must be a mapping of keys (" + String.join(", ",
                    Keys.children("")) + ")");
        }
        return (ObjectNode) tree;
    }

    /** The YAML tree of {@code text} (null when it holds no document), its positions recorded when asked. */
    private static JsonNode compose(String source, String text, Origins origins) throws ConfigException {
        LoadSettings settings = LoadSettings.builder().setLabel(source).setSchema(new CoreSchema())
                .setAllowDuplicateKeys(true) // detected below, with both positions
                .setAllowRecursiveKeys(false).setMaxAliasesForCollections(50).setUseMarks(true)
                .setCodePointLimit(4 * 1024 * 1024).build();
        Optional<Node> node;
        try {
            node = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            throw new ConfigException(source + ": not valid YAML" + at(e.getProblemMark()) + ": " + e.getProblem()
                    + (e.getContext() == null || e.getContext().isBlank() ? ""
                            : " (" + e.getContext() + at(e.getContextMark()) + ")"), e);
        } catch (YamlEngineException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getMessage(), e);
        } catch (StackOverflowError e) { // the parser descends once per level of nesting
            throw new ConfigException(source + ": not valid YAML: lists or mappings nested too deeply (a config"
                    + " needs at most " + MAX_DEPTH + " levels)");
        }
        if (node.isEmpty()) {
            return null;
        }
        return new Converter(source, origins).convert(node.get(), "", 0);
    }

    private static String at(Optional<Mark> m) {
        return m.map(x -> " at line " + (x.getLine() + 1) + ", column " + (x.getColumn() + 1)).orElse("");
    }

    /** Turns composed YAML nodes into a Jackson tree, checking what YAML 1.2 core and our configs allow. */
    private static final class Converter {
        private final String source;
        private final Origins origins; // null: positions are not recorded (--set values)
        private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
        private int values;

        Converter(String source, Origins origins) {
            this.source = source;
            this.origins = origins;
        }

        JsonNode convert(Node n, String path, int depth) throws ConfigException {
            if (depth > MAX_DEPTH) {
                throw err(n, "lists or mappings nested deeper than " + MAX_DEPTH + " levels");
            }
            if (++values > MAX_VALUES) {
                throw err(n, "the config expands to more than " + MAX_VALUES + " values (through aliases?)");
            }
            if (!CORE.contains(n.getTag())) {
                throw err(n, "the tag " + n.getTag() + " is not supported; write plain values (YAML 1.2 core)");
            }
            if (n instanceof ScalarNode s) {
                return scalar(s);
            }
            if (!open.add(n)) {
                throw err(n, "an alias refers to a value that contains it (a recursive alias)");
            }
            JsonNode out;
            if (n instanceof SequenceNode seq) {
                ArrayNode a = Types.F.arrayNode();
                List<Node> items = seq.getValue();
                for (int i = 0; i < items.size(); i++) {
                    String p = path + "[" + i + "]";
                    record(p, items.get(i));
                    a.add(convert(items.get(i), p, depth + 1));
                }
                out = a;
            } else {
                out = mapping((MappingNode) n, path, depth);
            }
            open.remove(n);
            return out;
        }

        private ObjectNode mapping(MappingNode m, String path, int depth) throws ConfigException {
            ObjectNode o = Types.F.objectNode();
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k) || k.getTag().equals(Tag.NULL)) {
                    throw err(t.getKeyNode(), "a key must be a plain word");
                }
                String key = k.getValue();
                String p = path.isEmpty() ? key : path + "." + key;
                if (o.has(key)) {
                    throw err(k, "duplicate key '" + key + "'" + firstAt(p));
                }
                recordKey(p, k);
                record(p, t.getValueNode() instanceof ScalarNode ? t.getValueNode() : k);
                o.set(key, convert(t.getValueNode(), p, depth + 1));
            }
            return o;
        }

        private String firstAt(String path) {
            if (origins == null) {
                return "";
            }
            Origins.Origin first = origins.ofKey(path);
            return first.line() > 0 ? " (first at line " + first.line() + ", column " + first.column() + ")" : "";
        }

        private void recordKey(String path, Node k) {
            if (origins != null) {
                k.getStartMark().ifPresent(m -> origins.putKey(path, new Origins.Origin(source, m.getLine() + 1,
                        m.getColumn() + 1)));
            }
        }

        private void record(String path, Node n) {
            if (origins != null) {
                n.getStartMark().ifPresent(m -> origins.put(path, new Origins.Origin(source, m.getLine() + 1,
                        m.getColumn() + 1)));
            }
        }

        /** A scalar by its core-schema tag; numbers only where the number reads back as written. */
        private static JsonNode scalar(ScalarNode s) {
            String v = s.getValue();
            Tag tag = s.getTag();
            if (tag.equals(Tag.NULL)) {
                return Types.F.nullNode();
            } else if (tag.equals(Tag.BOOL) && (v.equals("true") || v.equals("false"))) {
                return Types.F.booleanNode(v.equals("true"));
            } else if (tag.equals(Tag.INT) && CANONICAL_INT.matcher(v).matches()) {
                long x = Long.parseLong(v);
                return x == (int) x ? Types.F.numberNode((int) x) : Types.F.numberNode(x);
            } else if (tag.equals(Tag.FLOAT)) {
                try {
                    double d = Double.parseDouble(v);
                    if (Double.toString(d).equals(v)) {
                        return Types.F.numberNode(d);
                    }
                } catch (NumberFormatException e) {
                    // .inf, .nan and the like stay text
                }
            }
            return Types.F.textNode(v);
        }

        private ConfigException err(Node n, String problem) {
            return new ConfigException(source + ": not valid YAML" + at(n.getStartMark()) + ": " + problem);
        }
    }

    /** The path of {@code set}'s key and its value, read as YAML; {@code origins} learns that they came from it. */
    static void applySet(ObjectNode root, Origins origins, String set) throws ConfigException {
        String label = "--set " + set;
        int eq = set.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException(label + ": expected key=value with a dotted key, e.g."
                    + " --set topology.link.loss=0.01");
        }
        String key = set.substring(0, eq).strip();
        String raw = set.substring(eq + 1);
        JsonNode value = raw.isBlank() ? null : compose(label, raw, null);
        if (value == null || value.isNull()) {
            throw new ConfigException(label + ": the value of '" + key + "' is empty");
        }
        List<String> path;
        try {
            path = splitKey(key);
            setPath(root, path, value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(label + ": " + e.getMessage(), e);
        }
        origins.replace(String.join(".", path), new Origins.Origin(label, 0, 0));
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
