package tcpsim.experiments.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.config.SweepPoint;

/**
 * manifest.json, the deed of a results folder: a folder is a tcpsim results folder only when its manifest carries
 * {@code "format": "tcpsim-results"} and a {@code format_version} this build reads. It records what the folder's
 * content depends on and nothing volatile (no commit, machine, clock or working directory: those go to the
 * untracked {@link ResultFiles#PROVENANCE}), so rerunning a bundled config leaves the committed manifest as it was.
 * The files it lists ({@code files} with their SHA-256, {@code report_files}, itself and the provenance) are the
 * files tcpsim owns in the folder; {@code run} replaces or removes those and nothing else.
 */
public final class Manifest {
    /** The format marker. */
    public static final String FORMAT = "tcpsim-results";
    /** The version of the folder layout this build writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Manifest() {
    }

    /** Writes {@code dir/manifest.json} with the SHA-256 of every data file in {@code dir}; call it last. */
    /**
     * The SHA-256 of the resolved config (seed included) as the manifest records it: two runs with the same hash
     * compute the same data, so a partial folder may be resumed only by a run of the same hash.
     */
    public static String configHash(ExperimentConfig cfg) {
        java.security.MessageDigest md = DigestWriter.sha256();
        byte[] d = md.digest(("seed=" + cfg.seed() + "\n" + cfg.resolved().toString())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(d);
    }

    static void write(Path dir, ExperimentConfig cfg, List<long[]> runs, ResultsWriter.RunInfo info)
            throws IOException {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("format", FORMAT);
        m.put("format_version", FORMAT_VERSION);
        m.put("tcpsim_version", info.tcpsimVersion());
        m.put("name", cfg.name());
        m.put("seed", cfg.seed());
        ArrayNode command = m.putArray("command");
        info.command().forEach(command::add);
        m.set("config", cfg.resolved().deepCopy());
        ObjectNode sweep = m.putObject("sweep");
        ArrayNode keys = sweep.putArray("keys");
        cfg.sweepKeys().forEach(keys::add);
        ArrayNode points = sweep.putArray("points");
        for (SweepPoint p : cfg.points()) {
            ObjectNode po = points.addObject();
            po.put("point", p.index());
            ObjectNode params = po.putObject("params");
            p.params().forEach(params::put);
        }
        m.put("replications", cfg.replications());
        ArrayNode runArr = m.putArray("runs");
        for (long[] r : runs) {
            ObjectNode ro = runArr.addObject();
            ro.put("point", (int) r[0]);
            ro.put("replication", (int) r[1]);
            ro.put("connections", r[2]);
            ro.put("events", r[3]);
        }
        ObjectNode files = m.putObject("files");
        for (Map.Entry<String, String> e : dataFiles(dir).entrySet()) {
            files.put(e.getKey(), e.getValue());
        }
        ResultsWriter.writeJson(dir.resolve(ResultFiles.MANIFEST), m);
    }

    /**
     * True for the files a manifest never hashes: itself, the provenance, the charts, the report and the per-run
     * parts of a study still running.
     */
    private static boolean notData(String rel) {
        return rel.equals(ResultFiles.MANIFEST) || rel.equals(ResultFiles.PROVENANCE)
                || rel.startsWith(ResultFiles.CHARTS_DIR + "/") || rel.equals(ResultFiles.REPORT)
                || rel.startsWith(ResultFiles.PARTS_DIR + "/");
    }

    /** Every regular file under the folder except the manifest, provenance, charts and report, with its SHA-256. */
    private static Map<String, String> dataFiles(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (String rel : relativeFiles(dir)) {
            if (!notData(rel)) {
                files.put(rel, DigestWriter.sha256Hex(dir.resolve(rel)));
            }
        }
        return files;
    }

    /** Every regular file under {@code dir}, relative, with {@code /} separators, sorted. */
    static SortedSet<String> relativeFiles(Path dir) throws IOException {
        SortedSet<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                out.add(dir.relativize(p).toString().replace('\\', '/'));
            }
        }
        return out;
    }

    /**
     * The manifest of {@code dir} when it is a tcpsim results folder, empty when {@code dir} holds no
     * manifest.json.
     *
     * @throws ResultsFolder.UnusableFolderException when there is a manifest.json but it is not ours (not JSON, no
     *                                               format marker) or of a newer format
     */
    public static Optional<ObjectNode> read(Path dir) throws ResultsFolder.UnusableFolderException, IOException {
        Path file = dir.resolve(ResultFiles.MANIFEST);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String not = dir + " is not a tcpsim results folder: its " + ResultFiles.MANIFEST;
        JsonNode m;
        try {
            m = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ResultsFolder.UnusableFolderException(not + " is not JSON; tcpsim leaves the folder alone, "
                    + "choose another --out");
        }
        if (m == null || !m.isObject() || !FORMAT.equals(m.path("format").asText())) {
            throw new ResultsFolder.UnusableFolderException(not + " has no \"format\": \"" + FORMAT
                    + "\" marker (another program's file, or written by a tcpsim before 0.1); tcpsim leaves the "
                    + "folder alone, choose another --out");
        }
        int version = m.path("format_version").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new ResultsFolder.UnusableFolderException(dir + ": results format version " + version
                    + ", this tcpsim reads version " + FORMAT_VERSION + " only");
        }
        return Optional.of((ObjectNode) m);
    }

    /** Reads a manifest file that tcpsim wrote itself (the previous manifest kept during a switch). */
    static JsonNode readFile(Path file) throws IOException {
        return MAPPER.readTree(file.toFile());
    }

    /** The files a manifest says tcpsim wrote: itself, the provenance, {@code files} and {@code report_files}. */
    public static SortedSet<String> ownedFiles(JsonNode m) {
        SortedSet<String> owned = new TreeSet<>();
        owned.add(ResultFiles.MANIFEST);
        owned.add(ResultFiles.PROVENANCE);
        m.path("files").fieldNames().forEachRemaining(owned::add);
        for (JsonNode f : m.path("report_files")) {
            owned.add(f.asText());
        }
        return owned;
    }

    /**
     * Adds {@code report_files} (report.html and the files under charts/ as they are now, plus those listed before)
     * to the manifest of {@code dir}, so that a later run knows them as tcpsim's. The manifest is replaced by an
     * atomic move.
     */
    public static void recordReportFiles(Path dir) throws IOException, ResultsFolder.UnusableFolderException {
        ObjectNode m = read(dir).orElseThrow(() -> new IOException(dir + ": no " + ResultFiles.MANIFEST));
        SortedSet<String> report = new TreeSet<>();
        for (JsonNode f : m.path("report_files")) {
            report.add(f.asText());
        }
        for (String rel : relativeFiles(dir)) {
            if (rel.equals(ResultFiles.REPORT) || rel.startsWith(ResultFiles.CHARTS_DIR + "/")) {
                report.add(rel);
            }
        }
        ArrayNode arr = m.putArray("report_files");
        report.forEach(arr::add);
        Path tmp = dir.resolve(".manifest.json.tmp");
        ResultsWriter.writeJson(tmp, m);
        Files.move(tmp, dir.resolve(ResultFiles.MANIFEST), StandardCopyOption.ATOMIC_MOVE);
    }

    /** What {@link #verify} found: files whose bytes differ from the manifest, and files that are absent. */
    public record Check(List<String> mismatched, List<String> missing) {
    }

    /** Compares every file the manifest lists with its SHA-256. */
    public static Check verify(Path dir, JsonNode m) throws IOException {
        List<String> mismatched = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.path("files").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            Path f = dir.resolve(e.getKey());
            if (!Files.isRegularFile(f)) {
                missing.add(e.getKey());
            } else if (!DigestWriter.sha256Hex(f).equals(e.getValue().asText())) {
                mismatched.add(e.getKey());
            }
        }
        return new Check(List.copyOf(mismatched), List.copyOf(missing));
    }
}
