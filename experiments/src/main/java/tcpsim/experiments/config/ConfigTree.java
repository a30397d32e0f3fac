package tcpsim.experiments.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import tcpsim.tcp.TcpState;

/** Writes validated records back as a config tree: every key present, durations and rates as strings. */
final class ConfigTree {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ConfigTree() {
    }

    static JsonNode resolved(String name, long seed, int replications, PointConfig p, JsonNode sweep,
            OutputConfig output) {
        ObjectNode root = F.objectNode();
        root.put("name", name);
        root.put("seed", seed);
        root.put("replications", replications);
        root.put("duration", Units.formatDuration(p.duration()));
        root.put("warmup", Units.formatDuration(p.warmup()));
        root.put("profile", p.tcp().profile());
        ObjectNode tcp = root.putObject("tcp");
        for (Map.Entry<TcpKey, Object> e : p.tcp().overrides().entrySet()) {
            Object v = e.getValue();
            switch (e.getKey().kind()) {
                case DURATION -> tcp.put(e.getKey().key(), Units.formatDuration((Long) v));
                case BOOLEAN -> tcp.put(e.getKey().key(), (Boolean) v);
                case COUNT, POSITIVE, PORT -> tcp.put(e.getKey().key(), (Integer) v);
            }
        }
        ObjectNode topo = root.putObject("topology");
        topo.put("clients", p.topology().clients());
        topo.put("servers", p.topology().servers());
        topo.set("link", link(p.topology().link()));
        topo.set("server-link", link(p.topology().serverLink()));
        ObjectNode w = root.putObject("workload");
        WorkloadConfig wl = p.workload();
        ObjectNode a = w.putObject("arrivals");
        if (wl.arrivals() instanceof Arrivals.Poisson ps) {
            a.put("process", "poisson");
            a.put("rate", Units.formatRate(ps.ratePerSecond()));
        } else if (wl.arrivals() instanceof Arrivals.Constant c) {
            a.put("process", "constant");
            a.put("rate", Units.formatRate(c.ratePerSecond()));
        } else if (wl.arrivals() instanceof Arrivals.ClosedLoop cl) {
            a.put("process", "closed-loop");
            a.put("concurrency", cl.concurrency());
            a.put("think-time", Units.formatDuration(cl.thinkTime()));
        }
        if (wl.connections() > 0) {
            w.put("connections", wl.connections());
        } else {
            w.putNull("connections");
        }
        w.put("request-bytes", wl.requestBytes());
        w.put("response-bytes", wl.responseBytes());
        w.put("close", wl.close().key());
        w.put("server-close-delay", Units.formatDuration(wl.serverCloseDelay()));
        w.put("server-port", wl.serverPort());
        if (sweep != null && sweep.isObject()) {
            root.set("sweep", sweep.deepCopy());
        } else {
            root.putObject("sweep");
        }
        ObjectNode cap = root.putObject("capture");
        cap.put("pcap", output.pcap());
        cap.put("trace", output.trace());
        ObjectNode out = root.putObject("output");
        out.put("connections", output.connections());
        out.put("occupancy", output.occupancy());
        ArrayNode states = out.putArray("occupancy-states");
        for (TcpState s : output.occupancyStates()) {
            states.add(s.name());
        }
        return root;
    }

    private static JsonNode link(LinkConfig l) {
        ObjectNode o = F.objectNode();
        ChannelConfig up = l.up();
        ChannelConfig down = l.down();
        o.set("latency", pair(Units.formatDuration(up.latency()), Units.formatDuration(down.latency())));
        o.set("jitter", pair(Units.formatDuration(up.jitter()), Units.formatDuration(down.jitter())));
        o.set("bandwidth", pair(Units.formatBandwidth(up.bandwidth()), Units.formatBandwidth(down.bandwidth())));
        if (up.queue() == down.queue()) {
            o.put("queue", up.queue());
        } else {
            ObjectNode q = F.objectNode();
            q.put("up", up.queue());
            q.put("down", down.queue());
            o.set("queue", q);
        }
        if (up.loss().equals(down.loss())) {
            o.set("loss", loss(up.loss()));
        } else {
            ObjectNode q = F.objectNode();
            q.set("up", loss(up.loss()));
            q.set("down", loss(down.loss()));
            o.set("loss", q);
        }
        return o;
    }

    private static JsonNode pair(String up, String down) {
        if (up.equals(down)) {
            return F.textNode(up);
        }
        ObjectNode o = F.objectNode();
        o.put("up", up);
        o.put("down", down);
        return o;
    }

    private static JsonNode loss(LossConfig l) {
        if (l instanceof LossConfig.Bernoulli b) {
            return F.numberNode(b.p());
        }
        if (l instanceof LossConfig.DropList d) {
            ObjectNode o = F.objectNode();
            o.put("model", "drop-list");
            d.packets().forEach(o.putArray("packets")::add);
            return o;
        }
        LossConfig.GilbertElliott g = (LossConfig.GilbertElliott) l;
        ObjectNode o = F.objectNode();
        o.put("model", "gilbert-elliott");
        o.put("p-gb", g.pGoodToBad());
        o.put("p-bg", g.pBadToGood());
        o.put("loss-good", g.lossGood());
        o.put("loss-bad", g.lossBad());
        return o;
    }
}
