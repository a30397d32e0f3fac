package tcpsim.experiments.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tcpsim.tcp.TcpState;

/**
 * Reads an experiment config (YAML), applies {@code --set} overrides, validates every key and value, and expands
 * the sweep grid into {@link SweepPoint}s. Every error is a {@link ConfigException} whose message names the file,
 * the dotted key and what is allowed. The schema is documented in README ("Config reference").
 */
public final class ConfigLoader {
    /** Profiles known to the TCP model. */
    public static final List<String> PROFILES = List.of("linux", "rfc9293");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Set<String> NOT_SWEEPABLE = Set.of("name", "seed", "replications", "sweep", "capture",
            "output");

    static final List<String> TOP_KEYS = List.of("name", "seed", "replications", "duration", "warmup", "profile",
            "tcp", "topology", "workload", "sweep", "capture", "output");
    static final List<String> TOPOLOGY_KEYS = List.of("clients", "servers", "link", "server-link");
    static final List<String> LINK_KEYS = List.of("latency", "jitter", "bandwidth", "queue", "loss");
    static final List<String> WORKLOAD_KEYS = List.of("arrivals", "connections", "request-bytes", "response-bytes",
            "close", "server-close-delay", "server-port");
    static final List<String> CAPTURE_KEYS = List.of("pcap", "trace");
    static final List<String> OUTPUT_KEYS = List.of("connections", "occupancy", "occupancy-states");

    /** Defaults of the client access link ({@code topology.link}). */
    public static final ChannelConfig DEFAULT_LINK = new ChannelConfig(10_000_000L, 0, 0, 1000,
            new LossConfig.Bernoulli(0));
    /** Defaults of the server link ({@code topology.server-link}). */
    public static final ChannelConfig DEFAULT_SERVER_LINK = new ChannelConfig(0, 0, 0, 1000,
            new LossConfig.Bernoulli(0));

    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private final String file;

    private ConfigLoader(String file) {
        this.file = file;
    }

    /** Loads {@code yaml}, applying each {@code key=value} of {@code setOverrides} in order. */
    public static ExperimentConfig load(Path yaml, List<String> setOverrides) throws ConfigException {
        String file = yaml.toString();
        String text;
        try {
            text = Files.readString(yaml);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file, text, setOverrides);
    }

    /** Like {@link #load} for config text that did not come from a file; {@code file} labels the messages. */
    public static ExperimentConfig parse(String file, String yamlText, List<String> setOverrides)
            throws ConfigException {
        ConfigLoader l = new ConfigLoader(file);
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
                    TOP_KEYS) + ")");
        }
        ObjectNode root = (ObjectNode) tree;
        for (String set : setOverrides) {
            l.applySet(root, set);
        }
        return l.build(root);
    }

    // ---------------------------------------------------------------- overrides

    private void applySet(ObjectNode root, String set) throws ConfigException {
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

    // ---------------------------------------------------------------- the whole file

    private ExperimentConfig build(ObjectNode root) throws ConfigException {
        allowOnly(root, "", TOP_KEYS);
        String name = requiredText(root, "name");
        if (!NAME.matcher(name).matches()) {
            throw err("name", "'" + name + "' is not allowed; use letters, digits, '.', '_' and '-' (it names the"
                    + " results folder)");
        }
        long seed = integer(root, "seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        int replications = (int) integer(root, "replications", 1, 1, 100_000);
        OutputConfig output = output(root);

        // the sweep: key -> values
        Map<String, List<JsonNode>> sweep = new LinkedHashMap<>();
        JsonNode sweepNode = root.get("sweep");
        if (sweepNode != null && !sweepNode.isNull()) {
            if (!sweepNode.isObject()) {
                throw err("sweep", "must be a mapping from dotted keys to lists of values, e.g."
                        + " topology.link.loss: [0, 0.01]");
            }
            Iterator<Map.Entry<String, JsonNode>> it = sweepNode.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                String top = key.split("\\.", 2)[0];
                if (NOT_SWEEPABLE.contains(top)) {
                    throw err("sweep." + key, "'" + top + "' cannot be swept; sweep keys point into duration,"
                            + " warmup, profile, tcp, topology or workload");
                }
                if (!TOP_KEYS.contains(top)) {
                    throw err("sweep." + key, "unknown key '" + top + "'; sweep keys point into duration, warmup,"
                            + " profile, tcp, topology or workload");
                }
                JsonNode vals = e.getValue();
                if (!vals.isArray() || vals.isEmpty()) {
                    throw err("sweep." + key, "must be a non-empty list of values, e.g. [0, 0.01, 0.1]");
                }
                List<JsonNode> list = new ArrayList<>();
                Set<String> seen = new LinkedHashSet<>();
                for (JsonNode v : vals) {
                    if (!v.isValueNode() || v.isNull()) {
                        throw err("sweep." + key, "values must be single values (numbers, durations, words), got "
                                + v);
                    }
                    String text = v.asText();
                    if (text.contains(",") || text.contains("\n") || text.contains("\"")) {
                        throw err("sweep." + key, "value '" + text + "' must not contain commas, quotes or line"
                                + " breaks");
                    }
                    if (!seen.add(text)) {
                        throw err("sweep." + key, "value '" + text + "' is listed twice");
                    }
                    list.add(v);
                }
                sweep.put(key, list);
            }
        }
        ObjectNode base = root.deepCopy();
        base.remove("sweep");
        PointConfig basePoint = point(base);

        List<String> keys = new ArrayList<>(sweep.keySet());
        int total = 1;
        for (List<JsonNode> v : sweep.values()) {
            total = Math.multiplyExact(total, v.size());
            if (total > 100_000) {
                throw err("sweep", "the grid has more than 100000 points");
            }
        }
        List<SweepPoint> points = new ArrayList<>();
        int[] idx = new int[keys.size()];
        for (int p = 0; p < total; p++) {
            // the first key varies slowest: decompose p in mixed radix
            int rest = p;
            for (int k = keys.size() - 1; k >= 0; k--) {
                int n = sweep.get(keys.get(k)).size();
                idx[k] = rest % n;
                rest /= n;
            }
            ObjectNode tree = base.deepCopy();
            Map<String, String> params = new LinkedHashMap<>();
            for (int k = 0; k < keys.size(); k++) {
                JsonNode v = sweep.get(keys.get(k)).get(idx[k]);
                params.put(keys.get(k), v.asText());
                try {
                    setPath(tree, splitKey(keys.get(k)), v.deepCopy());
                } catch (IllegalArgumentException e) {
                    throw err("sweep." + keys.get(k), e.getMessage());
                }
            }
            PointConfig pc;
            try {
                pc = point(tree);
            } catch (ConfigException e) {
                StringBuilder where = new StringBuilder();
                params.forEach((k, v) -> where.append(where.length() == 0 ? "" : ", ").append(k).append('=')
                        .append(v));
                throw new ConfigException(file + ": sweep point " + p + " (" + where + "): "
                        + e.getMessage().substring(file.length() + 2), e);
            }
            points.add(new SweepPoint(p, params, pc));
        }

        JsonNode resolved = ConfigTree.resolved(name, seed, replications, basePoint, sweepNode, output);
        return new ExperimentConfig(file, name, seed, replications, basePoint, keys, points, output, resolved);
    }

    /** The part of the config that may differ between sweep points. */
    private PointConfig point(ObjectNode root) throws ConfigException {
        allowOnly(root, "", TOP_KEYS);
        long duration = duration(root, "duration", "duration", 60_000_000_000L, false);
        if (duration <= 0) {
            throw err("duration", "must be longer than 0s");
        }
        long warmup = duration(root, "warmup", "warmup", 0, false);
        if (warmup >= duration) {
            throw err("warmup", Units.formatDuration(warmup) + " must be shorter than duration ("
                    + Units.formatDuration(duration) + ")");
        }
        String profile = root.has("profile") ? requiredText(root, "profile") : "linux";
        if (!PROFILES.contains(profile)) {
            throw err("profile", "'" + profile + "' is not a profile; allowed: " + String.join(", ", PROFILES));
        }
        TcpConfig tcp = tcp(profile, root.get("tcp"));
        try {
            Profiles.build(tcp);
        } catch (IllegalArgumentException e) {
            throw err("tcp", e.getMessage());
        }
        TopologyConfig topology = topology(root.get("topology"));
        WorkloadConfig workload = workload(root.get("workload"));
        return new PointConfig(duration, warmup, tcp, topology, workload);
    }

    private TcpConfig tcp(String profile, JsonNode node) throws ConfigException {
        Map<TcpKey, Object> overrides = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return new TcpConfig(profile, overrides);
        }
        if (!node.isObject()) {
            throw err("tcp", "must be a mapping of profile constants; allowed keys: " + TcpKey.allowed());
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (TcpKey.of(n) == null) {
                throw err("tcp." + n, "unknown key; allowed keys in 'tcp': " + TcpKey.allowed());
            }
        }
        for (TcpKey k : TcpKey.values()) {
            if (!node.has(k.key())) {
                continue;
            }
            String path = "tcp." + k.key();
            Object v = switch (k.kind()) {
                case DURATION -> duration(node, k.key(), path, 0, false);
                case COUNT -> (int) integer(node, k.key(), path, 0, 0, 1_000_000);
                case POSITIVE -> (int) integer(node, k.key(), path, 1, 1, Integer.MAX_VALUE);
                case PORT -> (int) integer(node, k.key(), path, 1, 1, 65535);
                case BOOLEAN -> bool(node, k.key(), path, false);
            };
            overrides.put(k, v);
        }
        return new TcpConfig(profile, overrides);
    }

    private TopologyConfig topology(JsonNode node) throws ConfigException {
        ObjectNode o = mapping(node, "topology", TOPOLOGY_KEYS);
        int clients = (int) integer(o, "clients", "topology.clients", 1, 1, 60_000);
        int servers = (int) integer(o, "servers", "topology.servers", 1, 1, 60_000);
        LinkConfig link = link(o.get("link"), "topology.link", DEFAULT_LINK);
        LinkConfig serverLink = link(o.get("server-link"), "topology.server-link", DEFAULT_SERVER_LINK);
        return new TopologyConfig(clients, servers, link, serverLink);
    }

    private LinkConfig link(JsonNode node, String path, ChannelConfig def) throws ConfigException {
        ObjectNode o = mapping(node, path, LINK_KEYS);
        long[] latency = perDirection(o, "latency", path, (n, p) -> durationValue(n, p, false),
                def.latency());
        long[] jitter = perDirection(o, "jitter", path, (n, p) -> durationValue(n, p, false), def.jitter());
        long[] bandwidth = perDirection(o, "bandwidth", path, this::bandwidthValue, def.bandwidth());
        long[] queue = perDirection(o, "queue", path, (n, p) -> integerValue(n, p, 0, Integer.MAX_VALUE),
                def.queue());
        LossConfig[] loss = new LossConfig[] {def.loss(), def.loss()};
        JsonNode l = o.get("loss");
        String lp = path + ".loss";
        if (l != null && !l.isNull()) {
            if (l.isObject() && !l.has("model")) {
                allowOnly((ObjectNode) l, lp, List.of("up", "down"));
                if (l.isEmpty()) {
                    throw err(lp, "a per-direction value needs 'up' and/or 'down'");
                }
                if (l.has("up")) {
                    loss[0] = loss(l.get("up"), lp + ".up");
                }
                if (l.has("down")) {
                    loss[1] = loss(l.get("down"), lp + ".down");
                }
            } else {
                loss[0] = loss(l, lp);
                loss[1] = loss[0];
            }
        }
        return new LinkConfig(new ChannelConfig(latency[0], jitter[0], bandwidth[0], (int) queue[0], loss[0]),
                new ChannelConfig(latency[1], jitter[1], bandwidth[1], (int) queue[1], loss[1]));
    }

    @FunctionalInterface
    private interface ValueParser {
        long parse(JsonNode node, String path) throws ConfigException;
    }

    private long[] perDirection(ObjectNode o, String key, String path, ValueParser parser, long def)
            throws ConfigException {
        JsonNode n = o.get(key);
        String p = path + "." + key;
        if (n == null || n.isNull()) {
            return new long[] {def, def};
        }
        if (n.isObject()) {
            allowOnly((ObjectNode) n, p, List.of("up", "down"));
            if (n.isEmpty()) {
                throw err(p, "a per-direction value needs 'up' and/or 'down'");
            }
            long up = n.has("up") ? parser.parse(n.get("up"), p + ".up") : def;
            long down = n.has("down") ? parser.parse(n.get("down"), p + ".down") : def;
            return new long[] {up, down};
        }
        long v = parser.parse(n, p);
        return new long[] {v, v};
    }

    private LossConfig loss(JsonNode n, String path) throws ConfigException {
        if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            String model = requiredText(o, "model", path + ".model");
            switch (model) {
                case "bernoulli" -> {
                    allowOnly(o, path, List.of("model", "p"));
                    return new LossConfig.Bernoulli(probability(o, "p", path + ".p", null));
                }
                case "gilbert-elliott" -> {
                    allowOnly(o, path, List.of("model", "p-gb", "p-bg", "loss-good", "loss-bad"));
                    return new LossConfig.GilbertElliott(probability(o, "p-gb", path + ".p-gb", null),
                            probability(o, "p-bg", path + ".p-bg", null),
                            probability(o, "loss-good", path + ".loss-good", 0.0),
                            probability(o, "loss-bad", path + ".loss-bad", 1.0));
                }
                case "drop-list" -> {
                    allowOnly(o, path, List.of("model", "packets"));
                    return new LossConfig.DropList(packetPositions(o.get("packets"), path + ".packets"));
                }
                default -> throw err(path + ".model", "'" + model + "' is not a loss model; allowed: bernoulli,"
                        + " gilbert-elliott, drop-list");
            }
        }
        return new LossConfig.Bernoulli(probabilityValue(n, path));
    }

    /** A drop list's packets: distinct 1-based positions, in increasing order. */
    private List<Long> packetPositions(JsonNode n, String path) throws ConfigException {
        if (n == null || !n.isArray() || n.isEmpty()) {
            throw err(path, "must be a non-empty list of packet numbers counted from 1, e.g. [5] or [1, 2]");
        }
        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            long k = integerValue(n.get(i), path + "[" + i + "]", 1, Long.MAX_VALUE);
            if (!positions.isEmpty() && k <= positions.get(positions.size() - 1)) {
                throw err(path, "packet numbers must increase, got " + positions.get(positions.size() - 1)
                        + " then " + k);
            }
            positions.add(k);
        }
        return positions;
    }

    private WorkloadConfig workload(JsonNode node) throws ConfigException {
        ObjectNode o = mapping(node, "workload", WORKLOAD_KEYS);
        Arrivals arrivals = arrivals(o.get("arrivals"));
        long connections = integer(o, "connections", "workload.connections", 0, 0, 100_000_000);
        long request = integer(o, "request-bytes", "workload.request-bytes", 100, 0, Long.MAX_VALUE / 2);
        long response = integer(o, "response-bytes", "workload.response-bytes", 1000, 0, Long.MAX_VALUE / 2);
        CloseMode close = CloseMode.CLIENT_FIRST;
        if (o.has("close")) {
            String c = requiredText(o, "close", "workload.close");
            try {
                close = CloseMode.of(c);
            } catch (IllegalArgumentException e) {
                throw err("workload.close", e.getMessage());
            }
        }
        long delay = duration(o, "server-close-delay", "workload.server-close-delay", 0, true);
        int port = (int) integer(o, "server-port", "workload.server-port", 80, 1, 65535);
        return new WorkloadConfig(arrivals, connections, request, response, close, delay, port);
    }

    private Arrivals arrivals(JsonNode node) throws ConfigException {
        String path = "workload.arrivals";
        if (node == null || node.isNull()) {
            return new Arrivals.Poisson(10);
        }
        if (!node.isObject()) {
            throw err(path, "must be a mapping, e.g. {process: poisson, rate: 50/s} or"
                    + " {process: closed-loop, concurrency: 10}");
        }
        ObjectNode o = (ObjectNode) node;
        String process = o.has("process") ? requiredText(o, "process", path + ".process") : "poisson";
        switch (process) {
            case "poisson", "constant" -> {
                allowOnly(o, path, List.of("process", "rate"));
                JsonNode r = o.get("rate");
                if (r == null || r.isNull()) {
                    throw err(path + ".rate", "is required for process " + process + ", e.g. rate: 50/s");
                }
                double rate;
                try {
                    rate = Units.parseRate(r.asText());
                } catch (IllegalArgumentException e) {
                    throw err(path + ".rate", e.getMessage());
                }
                return process.equals("poisson") ? new Arrivals.Poisson(rate) : new Arrivals.Constant(rate);
            }
            case "closed-loop" -> {
                allowOnly(o, path, List.of("process", "concurrency", "think-time"));
                if (!o.has("concurrency")) {
                    throw err(path + ".concurrency", "is required for process closed-loop, e.g. concurrency: 10");
                }
                int n = (int) integer(o, "concurrency", path + ".concurrency", 1, 1, 1_000_000);
                long think = duration(o, "think-time", path + ".think-time", 0, false);
                return new Arrivals.ClosedLoop(n, think);
            }
            default -> throw err(path + ".process", "'" + process + "' is not an arrival process; allowed: poisson,"
                    + " constant, closed-loop");
        }
    }

    private OutputConfig output(ObjectNode root) throws ConfigException {
        ObjectNode cap = mapping(root.get("capture"), "capture", CAPTURE_KEYS);
        boolean pcap = bool(cap, "pcap", "capture.pcap", false);
        boolean trace = bool(cap, "trace", "capture.trace", false);
        ObjectNode out = mapping(root.get("output"), "output", OUTPUT_KEYS);
        boolean connections = bool(out, "connections", "output.connections", true);
        boolean occupancy = bool(out, "occupancy", "output.occupancy", true);
        Set<TcpState> states = EnumSet.noneOf(TcpState.class);
        JsonNode s = out.get("occupancy-states");
        List<TcpState> allowed = occupancyStates();
        if (s == null || s.isNull() || (s.isTextual() && s.asText().equals("all"))) {
            states.addAll(allowed);
        } else if (s.isArray() && !s.isEmpty()) {
            for (JsonNode st : s) {
                String name = st.asText().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
                TcpState state = null;
                for (TcpState t : allowed) {
                    if (t.name().equals(name)) {
                        state = t;
                    }
                }
                if (state == null || !st.isTextual()) {
                    throw err("output.occupancy-states", "'" + st.asText() + "' is not a state; allowed: all, or a"
                            + " list of " + allowed);
                }
                states.add(state);
            }
        } else {
            throw err("output.occupancy-states", "must be all or a non-empty list of states out of " + allowed);
        }
        return new OutputConfig(connections, occupancy, states, pcap, trace);
    }

    /** The states whose occupancy is recorded: every state a connection can hold (not CLOSED, not LISTEN). */
    public static List<TcpState> occupancyStates() {
        List<TcpState> list = new ArrayList<>();
        for (TcpState t : TcpState.values()) {
            if (t != TcpState.CLOSED && t != TcpState.LISTEN) {
                list.add(t);
            }
        }
        return list;
    }

    // ---------------------------------------------------------------- typed values

    private ConfigException err(String key, String problem) {
        return new ConfigException(file + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private void allowOnly(ObjectNode o, String path, List<String> allowed) throws ConfigException {
        Iterator<String> it = o.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw err(join(path, k), "unknown key; allowed keys" + (path.isEmpty() ? " at the top level"
                        : " in '" + path + "'") + ": " + String.join(", ", allowed));
            }
        }
    }

    private ObjectNode mapping(JsonNode node, String path, List<String> allowed) throws ConfigException {
        if (node == null || node.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw err(path, "must be a mapping with keys " + String.join(", ", allowed) + ", got '" + node.asText()
                    + "'");
        }
        allowOnly((ObjectNode) node, path, allowed);
        return (ObjectNode) node;
    }

    private String requiredText(ObjectNode o, String key) throws ConfigException {
        return requiredText(o, key, key);
    }

    private String requiredText(ObjectNode o, String key, String path) throws ConfigException {
        JsonNode n = o.get(key);
        if (n == null || n.isNull()) {
            throw err(path, "is required");
        }
        if (!n.isValueNode() || n.asText().isBlank()) {
            throw err(path, "must be a single word, got " + n);
        }
        return n.asText().strip();
    }

    private long integer(ObjectNode o, String key, long def, long min, long max) throws ConfigException {
        return integer(o, key, key, def, min, max);
    }

    private long integer(JsonNode o, String key, String path, long def, long min, long max)
            throws ConfigException {
        JsonNode n = o.get(key);
        if (n == null || n.isNull()) {
            return def;
        }
        return integerValue(n, path, min, max);
    }

    private long integerValue(JsonNode n, String path, long min, long max) throws ConfigException {
        long v;
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            v = n.asLong();
        } else if (n.isTextual() && n.asText().strip().matches("-?[0-9]+")) {
            try {
                v = Long.parseLong(n.asText().strip());
            } catch (NumberFormatException e) {
                throw err(path, "'" + n.asText() + "' is too large");
            }
        } else {
            throw err(path, "must be a whole number" + range(min, max) + ", got '" + n.asText() + "'");
        }
        if (v < min || v > max) {
            throw err(path, v + " is out of range; allowed" + range(min, max));
        }
        return v;
    }

    private static String range(long min, long max) {
        if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
            return "";
        }
        if (max >= Long.MAX_VALUE / 2 || max == Integer.MAX_VALUE) {
            return " >= " + min;
        }
        return " from " + min + " to " + max;
    }

    private boolean bool(JsonNode o, String key, String path, boolean def) throws ConfigException {
        JsonNode n = o.get(key);
        if (n == null || n.isNull()) {
            return def;
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isTextual() && (n.asText().equals("true") || n.asText().equals("false"))) {
            return n.asText().equals("true");
        }
        throw err(path, "must be true or false, got '" + n.asText() + "'");
    }

    private long duration(JsonNode o, String key, String path, long def, boolean neverAllowed)
            throws ConfigException {
        JsonNode n = o.get(key);
        if (n == null || n.isNull()) {
            return def;
        }
        return durationValue(n, path, neverAllowed);
    }

    private long durationValue(JsonNode n, String path, boolean neverAllowed) throws ConfigException {
        if (!n.isValueNode()) {
            throw err(path, "must be a duration with a unit (ns, us, ms, s, min), e.g. 25ms");
        }
        try {
            return neverAllowed ? Units.parseDurationOrNever(n.asText()) : Units.parseDuration(n.asText());
        } catch (IllegalArgumentException e) {
            throw err(path, e.getMessage());
        }
    }

    private long bandwidthValue(JsonNode n, String path) throws ConfigException {
        if (!n.isValueNode()) {
            throw err(path, "must be a bandwidth with a unit (bps, Kbps, Mbps, Gbps), e.g. 100Mbps, or unlimited");
        }
        try {
            return Units.parseBandwidth(n.asText());
        } catch (IllegalArgumentException e) {
            throw err(path, e.getMessage());
        }
    }

    private double probability(ObjectNode o, String key, String path, Double def) throws ConfigException {
        JsonNode n = o.get(key);
        if (n == null || n.isNull()) {
            if (def == null) {
                throw err(path, "is required (a probability from 0 to 1)");
            }
            return def;
        }
        return probabilityValue(n, path);
    }

    private double probabilityValue(JsonNode n, String path) throws ConfigException {
        double v;
        if (n.isNumber()) {
            v = n.asDouble();
        } else if (n.isTextual()) {
            try {
                v = Double.parseDouble(n.asText().strip());
            } catch (NumberFormatException e) {
                throw err(path, "'" + n.asText() + "' is not a probability; allowed: a number from 0 to 1, or a"
                        + " model {model: bernoulli, p: ...} / {model: gilbert-elliott, p-gb, p-bg, loss-good,"
                        + " loss-bad} / {model: drop-list, packets: [...]}");
            }
        } else {
            throw err(path, "must be a probability from 0 to 1, got " + n);
        }
        if (!(v >= 0 && v <= 1)) {
            throw err(path, n.asText() + " is out of range; a probability is from 0 to 1");
        }
        return v;
    }
}
