package tcpsim.experiments.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tcpsim.experiments.config.Types.Directions;
import tcpsim.tcp.TcpParameter;
import tcpsim.tcp.TcpProfile;

/**
 * Reads declared parameters ({@link Keys}) out of a config tree into the typed records, remembering every value it
 * read for the resolved config. Each mapping is checked against the keys declared under it.
 */
final class PointReader {
    private final Problems pr;
    private final Map<Param<?>, Object> values;

    PointReader(Problems pr, Map<Param<?>, Object> values) {
        this.pr = pr;
        this.values = values;
    }

    /** Reads {@code p} from the mapping {@code parent} (the key's leaf) and remembers it. */
    <T> T read(Param<T> p, JsonNode parent) throws ConfigException {
        T v = p.take(parent, p.key(), pr);
        if (v != null) {
            values.put(p, v);
        }
        return v;
    }

    /** The mapping at {@code path} (empty when absent), checked against the keys declared under it. */
    ObjectNode mapping(JsonNode node, String path) throws ConfigException {
        List<String> allowed = Keys.children(path);
        if (node == null || node.isNull()) {
            return Types.F.objectNode();
        }
        if (!node.isObject()) {
            throw pr.err(path, "must be a mapping with keys " + String.join(", ", allowed) + ", got '"
                    + node.asText() + "'");
        }
        Types.allowOnly((ObjectNode) node, path, allowed, pr);
        return (ObjectNode) node;
    }

    /** The part of the config that may differ between sweep points. */
    PointConfig point(ObjectNode root) throws ConfigException {
        Types.allowOnly(root, "", Keys.children(""), pr);
        long duration = read(Keys.DURATION, root);
        long warmup = read(Keys.WARMUP, root);
        if (warmup >= duration) {
            throw pr.err(Keys.WARMUP.key(), Units.formatDuration(warmup) + " must be shorter than duration ("
                    + Units.formatDuration(duration) + ")");
        }
        double confidence = read(Keys.CONFIDENCE, root);
        TcpConfig tcp = tcp(read(Keys.PROFILE, root), root.get("tcp"));
        TcpProfile profile;
        try {
            profile = tcp.build();
        } catch (IllegalArgumentException e) {
            throw pr.err("tcp", e.getMessage());
        }
        TopologyConfig topology = topology(root.get("topology"));
        WorkloadConfig workload = workload(root.get("workload"));
        return new PointConfig(duration, warmup, confidence, tcp, profile, topology, workload);
    }

    private TcpConfig tcp(String profile, JsonNode node) throws ConfigException {
        Map<TcpParameter, Object> overrides = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return new TcpConfig(profile, overrides);
        }
        String allowed = String.join(", ", Keys.children("tcp"));
        if (!node.isObject()) {
            throw pr.err("tcp", "must be a mapping of profile constants; allowed keys: " + allowed);
        }
        Types.allowOnly((ObjectNode) node, "tcp", Keys.children("tcp"), pr);
        for (Map.Entry<TcpParameter, Param<?>> e : Keys.TCP.entrySet()) {
            Object v = read(e.getValue(), node);
            if (v != null) {
                overrides.put(e.getKey(), e.getKey().kind() == TcpParameter.Kind.INTEGER
                        ? Integer.valueOf(Math.toIntExact((Long) v)) : v);
            }
        }
        return new TcpConfig(profile, overrides);
    }

    private TopologyConfig topology(JsonNode node) throws ConfigException {
        ObjectNode o = mapping(node, "topology");
        int clients = (int) (long) read(Keys.CLIENTS, o);
        int servers = (int) (long) read(Keys.SERVERS, o);
        LinkConfig link = link(o.get(leaf(Keys.LINK.prefix())), Keys.LINK);
        LinkConfig serverLink = link(o.get(leaf(Keys.SERVER_LINK.prefix())), Keys.SERVER_LINK);
        return new TopologyConfig(clients, servers, link, serverLink);
    }

    private static String leaf(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    private LinkConfig link(JsonNode node, Keys.Link k) throws ConfigException {
        ObjectNode o = mapping(node, k.prefix());
        Directions<Long> latency = read(k.latency(), o);
        Directions<Long> jitter = read(k.jitter(), o);
        Directions<Long> bandwidth = read(k.bandwidth(), o);
        Directions<Long> queue = read(k.queue(), o);
        Directions<LossConfig> loss = read(k.loss(), o);
        return new LinkConfig(
                new ChannelConfig(latency.up(), jitter.up(), bandwidth.up(), (int) (long) queue.up(), loss.up()),
                new ChannelConfig(latency.down(), jitter.down(), bandwidth.down(), (int) (long) queue.down(),
                        loss.down()));
    }

    private WorkloadConfig workload(JsonNode node) throws ConfigException {
        ObjectNode o = mapping(node, "workload");
        Arrivals arrivals = arrivals(o.get("arrivals"));
        long connections = read(Keys.CONNECTIONS, o);
        long request = read(Keys.REQUEST_BYTES, o);
        long response = read(Keys.RESPONSE_BYTES, o);
        CloseMode close = read(Keys.CLOSE, o);
        long delay = read(Keys.SERVER_CLOSE_DELAY, o);
        int port = (int) (long) read(Keys.SERVER_PORT, o);
        return new WorkloadConfig(arrivals, connections, request, response, close, delay, port);
    }

    private Arrivals arrivals(JsonNode node) throws ConfigException {
        String path = "workload.arrivals";
        if (node == null || node.isNull()) {
            values.put(Keys.PROCESS, Keys.PROCESS.def());
            values.put(Keys.RATE, Keys.RATE.def());
            return new Arrivals.Poisson(Keys.RATE.def());
        }
        if (!node.isObject()) {
            throw pr.err(path, "must be a mapping, e.g. {process: poisson, rate: 50/s} or"
                    + " {process: closed-loop, concurrency: 10}");
        }
        ObjectNode o = (ObjectNode) node;
        String process = read(Keys.PROCESS, o);
        switch (process) {
            case "poisson", "constant" -> {
                Types.allowOnly(o, path, Types.leaves(List.of(Keys.PROCESS, Keys.RATE)), pr);
                if (!o.hasNonNull(Keys.RATE.leaf())) {
                    throw pr.err(Keys.RATE.key(), "is required for process " + process + ", e.g. rate: 50/s");
                }
                double rate = read(Keys.RATE, o);
                return process.equals("poisson") ? new Arrivals.Poisson(rate) : new Arrivals.Constant(rate);
            }
            case "closed-loop" -> {
                Types.allowOnly(o, path, Types.leaves(List.of(Keys.PROCESS, Keys.CONCURRENCY, Keys.THINK_TIME)), pr);
                if (!o.hasNonNull(Keys.CONCURRENCY.leaf())) {
                    throw pr.err(Keys.CONCURRENCY.key(), "is required for process closed-loop, e.g. concurrency: 10");
                }
                int n = (int) (long) read(Keys.CONCURRENCY, o);
                return new Arrivals.ClosedLoop(n, read(Keys.THINK_TIME, o));
            }
            default -> throw new IllegalStateException(process); // the choice allows no other
        }
    }

    /** The limits of every run. */
    Limits limits(ObjectNode root) throws ConfigException {
        ObjectNode l = mapping(root.get("limits"), "limits");
        return new Limits(read(Keys.MAX_EVENTS, l), read(Keys.MAX_DRAIN, l), read(Keys.MAX_WALL_TIME, l));
    }

    /** The capture and output settings. */
    OutputConfig output(ObjectNode root) throws ConfigException {
        ObjectNode cap = mapping(root.get("capture"), "capture");
        boolean pcap = read(Keys.PCAP, cap);
        boolean trace = read(Keys.TRACE, cap);
        ObjectNode out = mapping(root.get("output"), "output");
        return new OutputConfig(read(Keys.OUT_CONNECTIONS, out), read(Keys.OUT_OCCUPANCY, out),
                read(Keys.OCCUPANCY_RESOLUTION, out), read(Keys.OCCUPANCY_STATES, out), pcap, trace);
    }
}
