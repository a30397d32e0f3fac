package tcpsim.experiments.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tcpsim.experiments.config.Units;

/**
 * A results folder as written by {@code tcpsim run} (see the results folder contract): the manifest and the
 * summary are required and read here; the large per-connection and occupancy files are optional and streamed
 * by the charts that need them.
 */
public final class ResultsReader {


    private final Path dir;
    private final JsonNode manifest;
    private final Csv.Table summary;
    private final List<String> sweepKeys;
    private final Map<Integer, Map<String, String>> params;

    private ResultsReader(Path dir, JsonNode manifest, Csv.Table summary) {
        this.dir = dir;
        this.manifest = manifest;
        this.summary = summary;
        this.sweepKeys = readSweepKeys(manifest, summary);
        this.params = readParams(manifest, summary, sweepKeys);
    }

    public static ResultsReader load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("results folder " + dir + " does not exist or is not a directory");
        }
        Path manifestFile = dir.resolve(ResultFiles.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new IOException(ResultFiles.MANIFEST + " not found in " + dir
                    + ": not a tcpsim results folder (it is written by `tcpsim run CONFIG`)");
        }
        JsonNode manifest;
        try {
            manifest = new ObjectMapper().readTree(manifestFile.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(manifestFile + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (manifest == null || !manifest.isObject()) {
            throw new IOException(manifestFile + ": expected a JSON object");
        }
        Path summaryFile = dir.resolve(ResultFiles.SUMMARY_CSV);
        if (!Files.isRegularFile(summaryFile)) {
            throw new IOException(ResultFiles.SUMMARY_CSV + " not found in " + dir
                    + ": the results folder is incomplete (it is written by `tcpsim run CONFIG`)");
        }
        Csv.Table summary = Csv.read(summaryFile);
        summary.header().require(summaryFile, "point");
        return new ResultsReader(dir, manifest, summary);
    }

    public Path dir() {
        return dir;
    }

    public JsonNode manifest() {
        return manifest;
    }

    public Csv.Table summary() {
        return summary;
    }

    /** The swept keys in sweep order (dotted config paths). */
    public List<String> sweepKeys() {
        return sweepKeys;
    }

    /** The swept parameter values of a point, in sweep key order (empty when the point is unknown). */
    public Map<String, String> params(int point) {
        return params.getOrDefault(point, Map.of());
    }

    /** The points in summary order. */
    public List<Integer> points() {
        List<Integer> points = new ArrayList<>();
        for (String[] row : summary.rows()) {
            points.add(pointOf(row));
        }
        return points;
    }

    public int pointOf(String[] row) {
        return (int) summary.number(row, "point");
    }

    public Optional<String[]> summaryRow(int point) {
        for (String[] row : summary.rows()) {
            if (pointOf(row) == point) {
                return Optional.of(row);
            }
        }
        return Optional.empty();
    }

    /** An error message about a file of this folder, with the folder's own path left out. */
    public String relative(String message) {
        String prefix = dir.toString() + dir.getFileSystem().getSeparator();
        return message == null ? "" : message.replace(prefix, "");
    }

    public Optional<Path> optionalFile(String name) {
        Path file = dir.resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    public String text(String field) {
        JsonNode n = manifest.get(field);
        return n == null || n.isNull() ? "" : n.asText();
    }

    public JsonNode config() {
        JsonNode c = manifest.get("config");
        return c == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : c;
    }

    /** A config value by dotted path (e.g. "tcp.initial-rto"), as text. */
    public Optional<String> configValue(String dottedPath) {
        JsonNode n = config();
        for (String part : dottedPath.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        return n == null || n.isNull() || n.isContainerNode() ? Optional.empty() : Optional.of(n.asText());
    }

    public Optional<Double> durationSeconds() {
        return configValue("duration").flatMap(ResultsReader::seconds);
    }

    public double warmupSeconds() {
        return configValue("warmup").flatMap(ResultsReader::seconds).orElse(0.0);
    }

    /** "loss=0.01, latency=10ms": the point's parameters, keys shortened where unambiguous. */
    public String label(int point) {
        Map<String, String> p = params(point);
        if (p.isEmpty()) {
            return "point " + point;
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : p.entrySet()) {
            parts.add(shortKey(e.getKey()) + "=" + e.getValue());
        }
        return String.join(", ", parts);
    }

    /** The last segment of a dotted key when no other swept key ends the same way, else the whole key. */
    public String shortKey(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        int same = 0;
        for (String k : sweepKeys) {
            if (k.substring(k.lastIndexOf('.') + 1).equals(last)) {
                same++;
            }
        }
        return same > 1 ? key : last;
    }

    private static List<String> readSweepKeys(JsonNode manifest, Csv.Table summary) {
        List<String> keys = new ArrayList<>();
        JsonNode sweep = manifest.path("sweep").path("keys");
        if (sweep.isArray()) {
            for (JsonNode k : sweep) {
                keys.add(k.asText());
            }
            return Collections.unmodifiableList(keys);
        }
        // no sweep in the manifest: the summary's columns between "point" and "replications"
        List<String> columns = summary.columns();
        int start = columns.indexOf("point") + 1;
        int end = columns.indexOf(SummaryColumn.REPLICATIONS.label());
        if (start > 0 && end > start) {
            for (String c : columns.subList(start, end)) {
                if (!numericBeside(c, keys)) {
                    keys.add(c);
                }
            }
        }
        return Collections.unmodifiableList(keys);
    }

    /** Whether summary column {@code c} is the numeric column of a swept key already listed (see SweepColumns). */
    private static boolean numericBeside(String c, List<String> keys) {
        for (String suffix : List.of("_s", "_per_s", "_bit_per_s", "_bytes")) {
            if (c.endsWith(suffix) && keys.contains(c.substring(0, c.length() - suffix.length()))) {
                return true;
            }
        }
        return false;
    }

    private static Map<Integer, Map<String, String>> readParams(JsonNode manifest, Csv.Table summary,
                                                               List<String> keys) {
        Map<Integer, Map<String, String>> out = new LinkedHashMap<>();
        JsonNode points = manifest.path("sweep").path("points");
        if (points.isArray()) {
            for (JsonNode p : points) {
                Map<String, String> values = new LinkedHashMap<>();
                JsonNode ps = p.path("params");
                for (String k : keys) {
                    JsonNode v = ps.get(k);
                    if (v != null && !v.isNull()) {
                        values.put(k, v.asText());
                    }
                }
                for (Iterator<String> it = ps.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    values.putIfAbsent(k, ps.get(k).asText());
                }
                out.put(p.path("point").asInt(), Collections.unmodifiableMap(values));
            }
        }
        for (String[] row : summary.rows()) {
            int point = (int) summary.number(row, "point");
            if (!out.containsKey(point)) {
                Map<String, String> values = new LinkedHashMap<>();
                for (String k : keys) {
                    if (summary.has(k)) {
                        values.put(k, summary.get(row, k));
                    }
                }
                out.put(point, Collections.unmodifiableMap(values));
            }
        }
        return out;
    }

    /** Seconds of a duration as configs write it ("60s", "300000ms", "0"); empty when it is not a duration. */
    public static Optional<Double> seconds(String text) {
        return Units.quantity(text).filter(q -> q.baseUnit().equals("s") || (q.unit().isEmpty() && q.value() == 0))
                .map(Units.Quantity::base);
    }
}
