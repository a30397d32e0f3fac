package tcpsim.experiments.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.sim.RunPlan.RunId;

/**
 * The results folder of one shard of a study ({@code run --shard K/N}, README "Running on a cluster"): the finished
 * parts of its runs, {@code runs/p<point>-r<replication>/} exactly as an unsharded run leaves them in its work
 * folder (with {@code run.json} and its per-run SHA-256s), and a manifest.json of the usual format (so the usual
 * ownership rules hold: {@code files} lists every part file with its SHA-256) that adds {@code "shard"}: K, N and the
 * runs assigned to it. It also records what {@code tcpsim merge} checks and needs to rebuild the study: the seed,
 * tcpsim's version, the hash and text of the resolved config, and the words of the unsharded command.
 */
public final class ShardFolder {
    /** The folder of the runs' parts in a shard folder. */
    public static final String RUNS_DIR = "runs";

    private ShardFolder() {
    }

    /**
     * How the unsharded study is regenerated: {@code run CONFIG --out DIR OPTIONS...} with {@code config} and
     * {@code options} as recorded here and the merge's own {@code --out}.
     */
    public record Study(String config, List<String> options) {
        public Study {
            options = List.copyOf(options);
        }
    }

    /** A shard folder as its manifest describes it (read and checked by {@link #read}). */
    public record Shard(Path dir, int index, int count, List<RunId> runs, String name, long seed,
            String tcpsimVersion, String configHash, JsonNode config, Study study) {
        public Shard {
            runs = List.copyOf(runs);
        }

        /** "shard K/N". */
        public String label() {
            return "shard " + index + "/" + count;
        }
    }

    /** "p<point>-r<replication>", a run's name in messages and folders. */
    public static String name(RunId id) {
        return "p" + id.point() + "-r" + id.replication();
    }

    /**
     * Turns the work folder {@code tmp} of a shard's run, whose {@code runs} are all finished, into a shard folder:
     * moves each run's verified parts from the work folder to {@code runs/}, removes the work folder and writes the
     * manifest (last).
     */
    public static void finish(Path tmp, ExperimentConfig cfg, int index, int count, List<RunId> runs,
            ResultsWriter.RunInfo info, Study study) throws IOException {
        List<RunSummary> summaries = new ArrayList<>();
        for (RunId id : runs) {
            Path from = RunParts.dir(tmp, id.point(), id.replication());
            summaries.add(RunSummary.readVerified(from).orElseThrow(() -> new IOException(from
                    + ": the parts of a finished run do not match their run.json")));
            Path to = tmp.resolve(RUNS_DIR).resolve(name(id));
            Files.createDirectories(to.getParent());
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
        ResultsFolder.delete(tmp.resolve(ResultFiles.PARTS_DIR));
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("format", Manifest.FORMAT);
        m.put("format_version", Manifest.FORMAT_VERSION);
        m.put("tcpsim_version", info.tcpsimVersion());
        m.put("name", cfg.name());
        m.put("seed", cfg.seed());
        ArrayNode command = m.putArray("command");
        info.command().forEach(command::add);
        ObjectNode shard = m.putObject("shard");
        shard.put("index", index);
        shard.put("count", count);
        shard.put("study_runs", cfg.runCount());
        ArrayNode assigned = shard.putArray("runs");
        for (RunId id : runs) {
            assigned.addObject().put("point", id.point()).put("replication", id.replication());
        }
        ObjectNode st = m.putObject("study");
        st.put("config", study.config());
        ArrayNode options = st.putArray("options");
        study.options().forEach(options::add);
        m.put("config_hash", Manifest.configHash(cfg));
        m.set("config", cfg.resolved().deepCopy());
        ArrayNode runArr = m.putArray("runs");
        for (RunSummary s : summaries) {
            runArr.addObject().put("point", s.point()).put("replication", s.replication())
                    .put("connections", s.connections()).put("events", s.events());
        }
        ObjectNode files = m.putObject("files");
        for (String rel : Manifest.relativeFiles(tmp)) {
            if (rel.startsWith(RUNS_DIR + "/")) {
                files.put(rel, DigestWriter.sha256Hex(tmp.resolve(rel)));
            }
        }
        ResultsWriter.writeJson(tmp.resolve(ResultFiles.MANIFEST), m);
    }

    /**
     * Reads the shard folder {@code dir} and checks it against its manifest: every file it lists has its SHA-256,
     * and each of its runs has exactly its verified parts.
     *
     * @throws ResultsFolder.UnusableFolderException naming {@code dir} and what is wrong: not a folder, not a
     *         tcpsim shard (another program's folder, an unsharded results folder, an unfinished shard), or a part
     *         that is missing, changed or extra
     */
    public static Shard read(Path dir) throws ResultsFolder.UnusableFolderException, IOException {
        if (!Files.isDirectory(dir)) {
            throw new ResultsFolder.UnusableFolderException(dir + " is not a tcpsim shard folder (no such folder)");
        }
        ObjectNode m = Manifest.read(dir).orElseThrow(() -> new ResultsFolder.UnusableFolderException(dir
                + " is not a tcpsim shard folder (no " + ResultFiles.MANIFEST + "; a shard that was interrupted has "
                + "none until it is finished: rerun it with the same command and --resume)"));
        JsonNode s = m.path("shard");
        if (!s.isObject()) {
            throw new ResultsFolder.UnusableFolderException(dir + " is a tcpsim results folder but not a shard (its "
                    + ResultFiles.MANIFEST + " has no \"shard\"); merge takes the folders of 'tcpsim run --shard K/N'");
        }
        List<RunId> runs = new ArrayList<>();
        for (JsonNode r : s.path("runs")) {
            runs.add(new RunId(r.path("point").asInt(), r.path("replication").asInt()));
        }
        JsonNode study = m.path("study");
        List<String> options = new ArrayList<>();
        study.path("options").forEach(o -> options.add(o.asText()));
        Shard shard = new Shard(dir, s.path("index").asInt(), s.path("count").asInt(), runs, m.path("name").asText(),
                m.path("seed").asLong(), m.path("tcpsim_version").asText(), m.path("config_hash").asText(),
                m.path("config"), new Study(study.path("config").asText(), options));
        verify(shard, m);
        return shard;
    }

    private static void verify(Shard shard, JsonNode m) throws ResultsFolder.UnusableFolderException, IOException {
        Path dir = shard.dir();
        String corrupt = "corrupted shard " + dir + " (" + shard.label() + "): ";
        String again = "; rerun that shard into a fresh folder (its command is in its " + ResultFiles.MANIFEST + ")";
        Manifest.Check check = Manifest.verify(dir, m);
        if (!check.missing().isEmpty()) {
            throw new ResultsFolder.UnusableFolderException(corrupt + String.join(", ", check.missing())
                    + " listed in its " + ResultFiles.MANIFEST + " is missing" + again);
        }
        if (!check.mismatched().isEmpty()) {
            throw new ResultsFolder.UnusableFolderException(corrupt + String.join(", ", check.mismatched())
                    + " does not match the SHA-256 in its " + ResultFiles.MANIFEST + again);
        }
        SortedSet<String> expected = new TreeSet<>();
        for (RunId id : shard.runs()) {
            Path part = dir.resolve(RUNS_DIR).resolve(name(id));
            Optional<RunSummary> s = RunSummary.readVerified(part);
            if (s.isEmpty() || s.get().point() != id.point() || s.get().replication() != id.replication()) {
                throw new ResultsFolder.UnusableFolderException(corrupt + "the parts of run " + name(id)
                        + " do not match their " + RunSummary.FILE + again);
            }
            expected.add(name(id));
        }
        SortedSet<String> present = new TreeSet<>();
        Path runsDir = dir.resolve(RUNS_DIR);
        if (Files.isDirectory(runsDir)) {
            try (Stream<Path> st = Files.list(runsDir)) {
                st.forEach(p -> present.add(p.getFileName().toString()));
            }
        }
        present.removeAll(expected);
        if (!present.isEmpty()) {
            throw new ResultsFolder.UnusableFolderException(corrupt + RUNS_DIR + "/ holds " + String.join(", ",
                    present) + ", not among the runs its " + ResultFiles.MANIFEST + " lists" + again);
        }
    }

    /**
     * Checks that {@code shards} come from one study: the same tcpsim (this one), seed, resolved config and number
     * of shards.
     *
     * @param tcpsimVersion this tcpsim's version: the shards must have been computed by it (the merge computes
     *        the summaries, which must come out as the shards' tcpsim would make them)
     * @throws ResultsFolder.UnusableFolderException naming the folder that differs and how
     */
    public static void sameStudy(List<Shard> shards, String tcpsimVersion)
            throws ResultsFolder.UnusableFolderException {
        Shard first = shards.get(0);
        for (Shard s : shards) {
            String foreign = "foreign shard " + s.dir() + " (" + s.label() + "): not of the study of " + first.dir()
                    + " (" + first.label() + "): ";
            if (!s.tcpsimVersion().equals(tcpsimVersion)) {
                throw new ResultsFolder.UnusableFolderException("foreign shard " + s.dir() + " (" + s.label()
                        + "): computed by tcpsim " + s.tcpsimVersion() + ", this is tcpsim " + tcpsimVersion
                        + "; merge the shards with the tcpsim that computed them, or rerun them with this one");
            }
            if (s.seed() != first.seed()) {
                throw new ResultsFolder.UnusableFolderException(foreign + "its seed is " + s.seed() + ", not "
                        + first.seed());
            }
            if (!s.configHash().equals(first.configHash())) {
                throw new ResultsFolder.UnusableFolderException(foreign + "its resolved config differs (config "
                        + "hash " + s.configHash() + ", not " + first.configHash() + "); every shard must be run "
                        + "with the same config, --set and --seed");
            }
            if (s.count() != first.count()) {
                throw new ResultsFolder.UnusableFolderException(foreign + "it is one of " + s.count()
                        + " shards, not of " + first.count() + "; merge the shards of one split");
            }
        }
    }

    /**
     * Checks that every run of {@code cfg} is in exactly one of {@code shards} (of one study, {@link #sameStudy});
     * returns the shard of every run, in (point, replication) order.
     *
     * @throws ResultsFolder.UnusableFolderException naming the runs in two folders and the folders, or the runs
     *         in none and the shards not given
     */
    public static Map<RunId, Shard> cover(List<Shard> shards, ExperimentConfig cfg)
            throws ResultsFolder.UnusableFolderException {
        Map<RunId, Shard> owner = new TreeMap<>(Comparator.comparingInt(RunId::point)
                .thenComparingInt(RunId::replication));
        for (Shard s : shards) {
            List<String> twice = new ArrayList<>();
            Shard other = null;
            for (RunId id : s.runs()) {
                if (id.point() < 0 || id.point() >= cfg.points().size() || id.replication() < 0
                        || id.replication() >= cfg.replications()) {
                    throw new ResultsFolder.UnusableFolderException("corrupted shard " + s.dir() + " ("
                            + s.label() + "): it lists run " + name(id) + ", which the study does not have ("
                            + cfg.points().size() + " point(s) x " + cfg.replications() + " replication(s))");
                }
                Shard before = owner.putIfAbsent(id, s);
                if (before != null) {
                    other = other == null ? before : other;
                    twice.add(name(id));
                }
            }
            if (other != null) {
                throw new ResultsFolder.UnusableFolderException("overlapping shards: " + other.dir() + " ("
                        + other.label() + ") and " + s.dir() + " (" + s.label() + ") both hold run(s) "
                        + String.join(", ", twice) + "; give each shard once");
            }
        }
        List<String> missing = new ArrayList<>();
        for (int p = 0; p < cfg.points().size(); p++) {
            for (int r = 0; r < cfg.replications(); r++) {
                if (!owner.containsKey(new RunId(p, r))) {
                    missing.add(name(new RunId(p, r)));
                }
            }
        }
        if (!missing.isEmpty()) {
            int n = shards.get(0).count();
            SortedSet<Integer> given = new TreeSet<>();
            shards.forEach(s -> given.add(s.index()));
            List<String> absent = new ArrayList<>();
            for (int k = 1; k <= n; k++) {
                if (!given.contains(k)) {
                    absent.add(k + "/" + n);
                }
            }
            throw new ResultsFolder.UnusableFolderException("missing run(s): " + String.join(", ", missing)
                    + " of the " + cfg.runCount() + " run(s) of '" + cfg.name() + "' are in none of the folders "
                    + "given" + (absent.isEmpty() ? "" : " (shard(s) " + String.join(", ", absent) + " not given)")
                    + "; give every shard");
        }
        return owner;
    }

    /** Copies the parts of {@code run} from its shard folder into the work folder {@code tmp} of the merge. */
    public static void copyRun(Shard shard, RunId run, Path tmp) throws IOException {
        Path from = shard.dir().resolve(RUNS_DIR).resolve(name(run));
        Path to = RunParts.dir(tmp, run.point(), run.replication());
        Files.createDirectories(to);
        List<Path> files;
        try (Stream<Path> s = Files.list(from)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            Files.copy(f, to.resolve(f.getFileName()));
        }
    }
}
