package tcpsim.experiments.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tcpsim.experiments.sim.ConnectionTotals;
import tcpsim.experiments.sim.OccupancyRecorder;
import tcpsim.experiments.sim.Outcome;
import tcpsim.experiments.sim.RunResult;
import tcpsim.tcp.TcpState;

/**
 * What the summary and the manifest need of one finished run, without its in-memory {@link RunResult}: kept in
 * its part folder as {@code run.json} (written last, by an atomic rename, so its presence marks the run finished)
 * with the SHA-256 of each of the part's files, so that {@code run --resume} can skip a verified run. Doubles are
 * stored as {@link Double#toString} text, which reads back to the same bits (NaN included).
 *
 * @param outcomes connections by {@link Outcome} ordinal
 * @param timeWaitOffered by host: the connections that entered TIME_WAIT or found no bucket for it in the close-rate
 *        window ({@code OccupancyRecorder.timeWaitOffered})
 * @param bins the run's occupancy chart bin integrals by state ordinal (null entries for states never seen), or
 *        null when the run has none
 */
record RunSummary(int point, int replication, long connections, long events, long timeWait, long[] outcomes,
        double setupSum, long setupCount, double serverSetupSum, long serverSetupCount, long maxSetup,
        double timeWaitMean, double closeWaitMean, long timeWaitPeak, long closeWaitPeak,
        long entriesWindow, long timeWaitOverflows, long[] timeWaitOffered, long synCookiesSent, long listenSynDrops,
        double[][] bins) {
    static final String FILE = "run.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static RunSummary of(RunResult run, OccupancyBins runBins) {
        ConnectionTotals t = run.totals();
        long[] outcomes = new long[Outcome.values().length];
        for (Outcome o : Outcome.values()) {
            outcomes[o.ordinal()] = t.outcome(o);
        }
        OccupancyRecorder o = run.occupancyStats();
        double[][] bins = null;
        if (runBins != null && runBins.any()) {
            bins = new double[runBins.states()][];
            for (int s = 0; s < bins.length; s++) {
                bins[s] = runBins.integral(s);
            }
        }
        long[] offered = new long[o.hosts()];
        for (int h = 0; h < offered.length; h++) {
            offered[h] = o.timeWaitOffered(h);
        }
        return new RunSummary(run.point(), run.replication(), t.connections(), run.events(), run.timeWait(),
                outcomes, t.setupSum(), t.setupCount(), t.serverSetupSum(), t.serverSetupCount(), t.maxSetup(),
                o.mean(TcpState.TIME_WAIT), o.mean(TcpState.CLOSE_WAIT), o.peak(TcpState.TIME_WAIT),
                o.peak(TcpState.CLOSE_WAIT), o.entriesWindow(),
                t.timeWaitOverflows(), offered, t.synCookiesSent(), t.listenSynDrops(), bins);
    }

    long outcome(Outcome o) {
        return outcomes[o.ordinal()];
    }

    /** The bins as an {@link OccupancyBins} of {@code grid}, or null when the run has none. */
    OccupancyBins occupancyBins(OccupancyBins grid) {
        if (bins == null || grid == null) {
            return null;
        }
        OccupancyBins b = grid.empty();
        for (int s = 0; s < bins.length; s++) {
            b.setIntegral(s, bins[s]);
        }
        return b;
    }

    /**
     * Writes {@code run.json} into the finished run's part folder with the SHA-256 of every other file in it: the
     * one {@code known} gives (computed as the file was written), else read from the file.
     */
    void write(Path partDir, Map<String, String> known) throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("point", point);
        root.put("replication", replication);
        root.put("connections", connections);
        root.put("events", events);
        root.put("time_wait_ns", timeWait);
        ArrayNode out = root.putArray("outcomes");
        for (long v : outcomes) {
            out.add(v);
        }
        root.put("setup_sum", Double.toString(setupSum));
        root.put("setup_count", setupCount);
        root.put("server_setup_sum", Double.toString(serverSetupSum));
        root.put("server_setup_count", serverSetupCount);
        root.put("max_setup_ns", maxSetup);
        root.put("time_wait_mean", Double.toString(timeWaitMean));
        root.put("close_wait_mean", Double.toString(closeWaitMean));
        root.put("time_wait_peak", timeWaitPeak);
        root.put("close_wait_peak", closeWaitPeak);
        root.put("entries_window_ns", entriesWindow);
        root.put("time_wait_overflows", timeWaitOverflows);
        ArrayNode offered = root.putArray("time_wait_offered");
        for (long v : timeWaitOffered) {
            offered.add(v);
        }
        root.put("syn_cookies_sent", synCookiesSent);
        root.put("listen_syn_drops", listenSynDrops);
        if (bins != null) {
            ArrayNode states = root.putArray("bins");
            for (double[] state : bins) {
                ArrayNode a = states.addArray();
                for (double v : state) {
                    a.add(Double.toString(v));
                }
            }
        }
        ObjectNode files = root.putObject("files");
        try (var s = Files.list(partDir)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                String sha = known.get(name);
                files.put(name, sha != null ? sha : DigestWriter.sha256Hex(f));
            }
        }
        Path tmp = partDir.resolve(FILE + ".tmp");
        ResultsWriter.writeJson(tmp, root);
        Files.move(tmp, partDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The summary of the run whose part folder this is, when it finished and every file it lists still has its
     * SHA-256 (and no file is missing); empty otherwise.
     */
    static Optional<RunSummary> readVerified(Path partDir) {
        Path file = partDir.resolve(FILE);
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            JsonNode root = MAPPER.readTree(file.toFile());
            Map<String, String> listed = new TreeMap<>();
            root.path("files").fields().forEachRemaining(e -> listed.put(e.getKey(), e.getValue().asText()));
            for (Map.Entry<String, String> e : listed.entrySet()) {
                Path f = partDir.resolve(e.getKey());
                if (!Files.isRegularFile(f) || !DigestWriter.sha256Hex(f).equals(e.getValue())) {
                    return Optional.empty();
                }
            }
            long[] outcomes = new long[Outcome.values().length];
            for (int i = 0; i < outcomes.length; i++) {
                outcomes[i] = root.path("outcomes").path(i).asLong();
            }
            if (!root.has("time_wait_offered")) {
                return Optional.empty(); // written before the offered TIME_WAIT load was kept: computed again
            }
            long[] offered = new long[root.path("time_wait_offered").size()];
            for (int h = 0; h < offered.length; h++) {
                offered[h] = root.path("time_wait_offered").path(h).asLong();
            }
            double[][] bins = null;
            if (root.has("bins")) {
                JsonNode b = root.get("bins");
                bins = new double[b.size()][];
                for (int s = 0; s < bins.length; s++) {
                    bins[s] = new double[b.get(s).size()];
                    for (int i = 0; i < bins[s].length; i++) {
                        bins[s][i] = Double.parseDouble(b.get(s).get(i).asText());
                    }
                }
            }
            return Optional.of(new RunSummary(root.path("point").asInt(), root.path("replication").asInt(),
                    root.path("connections").asLong(), root.path("events").asLong(),
                    root.path("time_wait_ns").asLong(), outcomes, d(root, "setup_sum"),
                    root.path("setup_count").asLong(), d(root, "server_setup_sum"),
                    root.path("server_setup_count").asLong(), root.path("max_setup_ns").asLong(),
                    d(root, "time_wait_mean"), d(root, "close_wait_mean"), root.path("time_wait_peak").asLong(),
                    root.path("close_wait_peak").asLong(),
                    root.path("entries_window_ns").asLong(), root.path("time_wait_overflows").asLong(), offered,
                    root.path("syn_cookies_sent").asLong(), root.path("listen_syn_drops").asLong(), bins));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or damaged: the run is computed again
        }
    }

    private static double d(JsonNode root, String key) {
        return Double.parseDouble(root.path(key).asText());
    }
}
