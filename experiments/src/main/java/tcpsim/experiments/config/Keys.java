package tcpsim.experiments.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tcpsim.experiments.config.Types.Directions;
import tcpsim.tcp.TcpParameter;
import tcpsim.tcp.TcpState;

/**
 * Every config parameter, declared once, in the order of the resolved config (the manifest's {@code config}). The
 * mappings a config may hold, their allowed keys, and the reference ({@code tcpsim keys}, README) derive from this
 * list; the {@code tcp.*} keys derive from {@link TcpParameter}.
 */
public final class Keys {
    /**
     * The longest experiment name: it names the results folder and its temporary sibling
     * {@code .<name>.partial-<pid>}, which must stay within the 255 bytes most file systems allow for a name.
     */
    static final int MAX_NAME = 200;
    private static final Types.Whole BYTES = new Types.Whole(0, Long.MAX_VALUE / 2, "bytes");

    public static final Param<String> NAME = Param.required("name", new Types.Word(
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*"), MAX_NAME, "use letters, digits, '.', '_' and '-' (it names"
                    + " the results"
                    + " folder)"), "experiment name; default results folder results/<name>").fixed();
    public static final Param<Long> SEED = Param.of("seed", new Types.Whole(Long.MIN_VALUE, Long.MAX_VALUE), 1L,
            "master seed; replication r of every point uses the random streams of (seed, r)").fixed();
    public static final Param<Long> REPLICATIONS = Param.of("replications", new Types.Whole(1, 100_000), 1L,
            "independent runs per sweep point").fixed();
    public static final Param<Double> CONFIDENCE = Param.of("confidence", new Types.Level(), 0.95,
            "confidence level of every interval (Student-t over replication means)").fixed();
    public static final Param<Long> DURATION = Param.of("duration", Types.Duration.POSITIVE, 60_000_000_000L,
            "connections open at times in [0, duration); occupancy is recorded up to duration");
    public static final Param<Long> WARMUP = Param.of("warmup", Types.Duration.ANY, 0L,
            "steady-state statistics use the window [warmup, duration]; must be shorter than duration");
    public static final Param<String> PROFILE = Param.of("profile", Types.Choice.of("profile",
            TcpParameter.PROFILES), "linux", "the named TCP profile whose constants tcp.* overrides");
    /** {@code tcp.<key>}: one per {@link TcpParameter}; absent = the profile's value. */
    public static final Map<TcpParameter, Param<?>> TCP = tcpParams();

    public static final Param<Long> CLIENTS = Param.of("topology.clients",
            new Types.Whole(1, 60_000, "hosts"), 1L,
            "client hosts client1 .. clientN");
    public static final Param<Long> SERVERS = Param.of("topology.servers",
            new Types.Whole(1, 60_000, "hosts"), 1L,
            "server hosts server1 .. serverM");
    /** Each client's access link (client <-> router). */
    public static final Link LINK = new Link("topology.link", 10_000_000L, "each client's link to the router");
    /** Each server's link (router <-> server). */
    public static final Link SERVER_LINK = new Link("topology.server-link", 0L, "each server's link to the router");

    public static final Param<String> PROCESS = Param.of("workload.arrivals.process", Types.Choice.of(
            "arrival process", List.of("poisson", "constant", "closed-loop")), "poisson",
            "when connections open: poisson (exponential gaps), constant (every 1/rate), closed-loop");
    public static final Param<Double> RATE = new Param<>("workload.arrivals.rate", new Types.Rate(),
            10.0, true, true, "poisson, constant: connections per second; required when arrivals is given");
    public static final Param<Long> CONCURRENCY = Param.required("workload.arrivals.concurrency",
            new Types.Whole(1, 1_000_000, "applications"),
            "closed-loop: client applications, each opening one connection at a time");
    public static final Param<Long> THINK_TIME = Param.of("workload.arrivals.think-time", Types.Duration.ANY, 0L,
            "closed-loop: pause after a connection is done before the next opens");
    public static final Param<Long> CONNECTIONS = Param.of("workload.connections",
            new Types.Limit(100_000_000, "connections"), 0L,
            "open at most this many connections (and never after duration)");
    public static final Param<Long> REQUEST_BYTES = Param.of("workload.request-bytes", BYTES, 100L,
            "bytes the client sends once established");
    public static final Param<Long> RESPONSE_BYTES = Param.of("workload.response-bytes", BYTES, 1000L,
            "bytes the server answers once it has the whole request");
    public static final Param<CloseMode> CLOSE = Param.of("workload.close", new Types.Choice<>("close mode",
            closeModes()), CloseMode.CLIENT_FIRST, "who closes first");
    public static final Param<Long> SERVER_CLOSE_DELAY = Param.of("workload.server-close-delay",
            Types.Duration.OR_NEVER, 0L, "the server application's time in CLOSE_WAIT before it closes");
    public static final Param<Long> SERVER_PORT = Param.of("workload.server-port",
            new Types.Whole(1, 65535, "port"), 80L,
            "the port every server listens on");

    public static final Param<JsonNode> SWEEP = Param.of("sweep", new SweepType(), Types.F.objectNode(),
            "the points are the full grid of the listed values, the first key varying slowest").fixed();

    public static final Param<Boolean> PCAP = Param.of("capture.pcap", new Types.Bool(), false,
            "write packet captures (pcap/)").fixed();
    public static final Param<Boolean> TRACE = Param.of("capture.trace", new Types.Bool(), false,
            "write the segment trace (trace.csv.gz)").fixed();
    public static final Param<Boolean> OUT_CONNECTIONS = Param.of("output.connections", new Types.Bool(), true,
            "write connections.csv.gz").fixed();
    public static final Param<OccupancyTable> OUT_OCCUPANCY = Param.of("output.occupancy", new Types.Choice<>(
            "occupancy table", occupancyTables()), OccupancyTable.BINNED,
            "occupancy.csv.gz: binned (per bin of occupancy-resolution, host and state: mean and max count), exact (every"
                    + " step change) or none").fixed();
    /** The longest bin: its count x ns integral stays exact in a double for any realistic count. */
    public static final Param<Long> OCCUPANCY_RESOLUTION = Param.of("output.occupancy-resolution",
            new Types.Duration(1_000L, 3_600_000_000_000L, false), 1_000_000_000L,
            "the bin width of a binned occupancy.csv.gz (the last bin of a run ends at duration)").fixed();
    public static final Param<Set<TcpState>> OCCUPANCY_STATES = Param.of("output.occupancy-states",
            new Types.States(), EnumSet.copyOf(ConfigLoader.occupancyStates()),
            "the states that go into occupancy.csv.gz (TIME_WAIT or time-wait); summaries use all").fixed();

    public static final Param<Long> MAX_EVENTS = Param.of("limits.max-events",
            new Types.Whole(1, 500_000_000_000L, "events"), 1_000_000_000L,
            "a run stops after this many kernel events; its unfinished connections are reported incomplete").fixed();
    public static final Param<Long> MAX_DRAIN = Param.of("limits.max-drain",
            new Types.Duration(0, 1_000L * 3_600_000_000_000L, false), 3_600_000_000_000L,
            "after duration a run continues at most this long so that connections finish; those still open then"
                    + " are reported incomplete").fixed();
    public static final Param<Long> MAX_WALL_TIME = Param.of("limits.max-wall-time", Types.Duration.ANY, 0L,
            "a run stops after this much wall-clock time, its unfinished connections reported incomplete (the"
                    + " cut then depends on the machine); 0 = no limit").fixed();

    /** Every declaration, in resolved-config order. */
    public static final List<Param<?>> ALL = all();

    private Keys() {
    }

    /** The five values of a link mapping under {@code prefix}. */
    public record Link(String prefix, Param<Directions<Long>> latency, Param<Directions<Long>> jitter,
            Param<Directions<Long>> bandwidth, Param<Directions<Long>> queue, Param<Directions<LossConfig>> loss) {
        Link(String prefix, long latency, String what) {
            this(prefix, both(prefix + ".latency", Types.Duration.ANY, latency, "propagation delay of " + what),
                    both(prefix + ".jitter", Types.Duration.ANY, 0L,
                            "extra delay uniform in [0, jitter] per packet; packets keep their order"),
                    both(prefix + ".bandwidth", new Types.Bandwidth(), 0L,
                            "serialisation rate; a packet of B bytes takes ceil(8 B / bandwidth)"),
                    both(prefix + ".queue", new Types.Whole(0, Integer.MAX_VALUE, "packets"), 1000L,
                            "packets that may wait for the wire before tail drop"),
                    both(prefix + ".loss", LossType.INSTANCE, new LossConfig.Bernoulli(0),
                            "loss in transit, one draw per packet: a probability or a loss model (below)"));
        }

        List<Param<?>> params() {
            return List.of(latency, jitter, bandwidth, queue, loss);
        }

        /** The defaults of one direction. */
        ChannelConfig defaults() {
            return new ChannelConfig(latency.def().up(), jitter.def().up(), bandwidth.def().up(),
                    (int) (long) queue.def().up(), loss.def().up());
        }
    }

    private static <T> Param<Directions<T>> both(String key, ValueType<T> type, T def, String help) {
        return Param.of(key, new Types.PerDirection<>(type), new Directions<>(def, def), help);
    }

    private static Map<TcpParameter, Param<?>> tcpParams() {
        Map<TcpParameter, Param<?>> m = new LinkedHashMap<>();
        for (TcpParameter p : TcpParameter.values()) {
            String key = "tcp." + p.key();
            m.put(p, switch (p.kind()) {
                case DURATION -> new Param<>(key, new Types.Duration(p.min(), p.max(), false), null, false, true,
                        p.help());
                case INTEGER -> new Param<>(key, new Types.Whole(p.min(), p.max(), p.unit()), null, false, true,
                        p.help());
                case BOOLEAN -> new Param<>(key, new Types.Bool(), null, false, true, p.help());
            });
        }
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, OccupancyTable> occupancyTables() {
        Map<String, OccupancyTable> m = new LinkedHashMap<>();
        for (OccupancyTable t : OccupancyTable.values()) {
            m.put(t.key(), t);
        }
        return m;
    }

    private static Map<String, CloseMode> closeModes() {
        Map<String, CloseMode> m = new LinkedHashMap<>();
        for (CloseMode c : CloseMode.values()) {
            m.put(c.key(), c);
        }
        return m;
    }

    private static List<Param<?>> all() {
        List<Param<?>> l = new ArrayList<>(List.of(NAME, SEED, REPLICATIONS, CONFIDENCE, DURATION, WARMUP,
                PROFILE));
        l.addAll(TCP.values());
        l.addAll(List.of(CLIENTS, SERVERS));
        l.addAll(LINK.params());
        l.addAll(SERVER_LINK.params());
        l.addAll(List.of(PROCESS, RATE, CONCURRENCY, THINK_TIME, CONNECTIONS, REQUEST_BYTES, RESPONSE_BYTES, CLOSE,
                SERVER_CLOSE_DELAY, SERVER_PORT, SWEEP, PCAP, TRACE, OUT_CONNECTIONS, OUT_OCCUPANCY,
                OCCUPANCY_RESOLUTION, OCCUPANCY_STATES, MAX_EVENTS, MAX_DRAIN, MAX_WALL_TIME));
        return List.copyOf(l);
    }

    /** The keys a mapping at {@code path} ("" = the top level) may hold, in declaration order. */
    public static List<String> children(String path) {
        String prefix = path.isEmpty() ? "" : path + ".";
        List<String> out = new ArrayList<>();
        for (Param<?> p : ALL) {
            if (p.key().startsWith(prefix) && p.key().length() > prefix.length()) {
                String next = p.key().substring(prefix.length()).split("\\.", 2)[0];
                if (!out.contains(next)) {
                    out.add(next);
                }
            }
        }
        return out;
    }

    /** The top-level keys that have a sweepable parameter under them, in order. */
    public static List<String> sweepableTops() {
        List<String> out = new ArrayList<>();
        for (Param<?> p : ALL) {
            String top = p.key().split("\\.", 2)[0];
            if (p.sweepable() && !out.contains(top)) {
                out.add(top);
            }
        }
        return out;
    }
}
