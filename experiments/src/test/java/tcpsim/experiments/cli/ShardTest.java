package tcpsim.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.experiments.config.ConfigLoader;
import tcpsim.experiments.config.ExperimentConfig;
import tcpsim.experiments.sim.RunPlan;
import tcpsim.experiments.sim.RunPlan.RunId;

/**
 * Issue 12: a study split with {@code run --shard K/N} and put together with {@code merge} gives the folder of the
 * unsharded run byte for byte (every data file, manifest.json and even the report), for an even split, an uneven
 * one, more shards than runs, and a shard killed and resumed; the assignment is the documented greedy one.
 */
class ShardTest {
    /** 3 points of cost 1, 2 and 4 (the arrival rate doubles; so do the estimated events) x 2 replications. */
    static final String SWEEP = """
            name: sh
            seed: 3
            replications: 2
            duration: 3s
            warmup: 1s
            tcp: {time-wait: 1s}
            topology: {link: {latency: 5ms, loss: 0.1}}
            workload: {arrivals: {process: poisson, rate: 20/s}}
            sweep: {workload.arrivals.rate: [10/s, 20/s, 40/s]}
            """;

    static Path write(Path dir, String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    static CliTest.Result ok(String... args) {
        CliTest.Result r = CliTest.run(args);
        assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
        return r;
    }

    /** Runs shard k/n of {@code cfg} into {@code out}. */
    static CliTest.Result shard(Path cfg, int k, int n, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", cfg.toString(), "--shard", k + "/" + n, "--out",
                out.toString(), "--quiet", "--threads", "2"));
        args.addAll(List.of(extra));
        return ok(args.toArray(new String[0]));
    }

    /** Every file under {@code dir}, relative, sorted. */
    static SortedSet<String> files(Path dir) throws IOException {
        SortedSet<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p).toString().replace('\\', '/')));
        }
        return out;
    }

    /**
     * Runs {@code cfg} unsharded into {@code study}, moves it to {@code expected} and returns the latter: a merge
     * into {@code study} must then write the very same bytes, the command in the manifest included.
     */
    static Path unsharded(Path cfg, Path study, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", cfg.toString(), "--out", study.toString(), "--quiet",
                "--threads", "1"));
        args.addAll(List.of(extra));
        ok(args.toArray(new String[0]));
        Path expected = study.resolveSibling(study.getFileName() + ".expected");
        Files.move(study, expected);
        return expected;
    }

    /** Every file but the provenance (the one file that records the merge) is byte-identical. */
    static void assertSameFolder(Path expected, Path actual) throws IOException {
        SortedSet<String> names = files(expected);
        assertEquals(names, files(actual));
        assertTrue(names.containsAll(List.of("connections.csv.gz", "occupancy.csv.gz", "summary.csv", "summary.json",
                "occupancy-bins.json", "setup-cdf.json", "manifest.json", "report.html", "provenance.json")), names
                .toString());
        for (String f : names) {
            if (!f.equals("provenance.json")) {
                assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), f);
            }
        }
    }

    static List<String> runsOf(Path shardDir) throws IOException {
        List<String> runs = new ArrayList<>();
        for (JsonNode r : OwnershipTest.manifest(shardDir).path("shard").path("runs")) {
            runs.add("p" + r.path("point").asInt() + "-r" + r.path("replication").asInt());
        }
        return runs;
    }

    @Test
    void threeShardsMergedAreByteIdenticalToTheUnshardedRun(@TempDir Path dir) throws IOException {
        Path cfg = write(dir, "sh.yaml", SWEEP);
        Path study = dir.resolve("study");
        Path expected = unsharded(cfg, study);
        List<String> shards = new ArrayList<>(List.of("merge"));
        for (int k = 1; k <= 3; k++) {
            Path s = dir.resolve("s" + k);
            shard(cfg, k, 3, s);
            shards.add(s.toString());
        }
        // costs 1, 2, 4 per run: p2-r0 -> 1, p2-r1 -> 2, p1-r0 -> 3, p1-r1 -> 3 (load 2, the least), then all
        // three at 4: p0-r0 -> 1 (lowest K), p0-r1 -> 2
        assertEquals(List.of("p0-r0", "p2-r0"), runsOf(dir.resolve("s1")));
        assertEquals(List.of("p0-r1", "p2-r1"), runsOf(dir.resolve("s2")));
        assertEquals(List.of("p1-r0", "p1-r1"), runsOf(dir.resolve("s3")));
        JsonNode m = OwnershipTest.manifest(dir.resolve("s2"));
        assertEquals(2, m.path("shard").path("index").asInt());
        assertEquals(3, m.path("shard").path("count").asInt());
        assertEquals(3, m.path("seed").asLong());
        assertEquals("sh", m.path("config").path("name").asText());
        assertEquals(List.of("manifest.json", "provenance.json", "runs/p0-r1/connections.csv",
                "runs/p0-r1/occupancy.csv", "runs/p0-r1/run.json", "runs/p0-r1/setup.bin",
                "runs/p2-r1/connections.csv", "runs/p2-r1/occupancy.csv", "runs/p2-r1/run.json",
                "runs/p2-r1/setup.bin"), List.copyOf(files(dir.resolve("s2"))));
        // the shards in any order
        List<String> merge = new ArrayList<>(List.of("merge", shards.get(3), shards.get(1), shards.get(2), "--out",
                study.toString(), "--quiet"));
        ok(merge.toArray(new String[0]));
        assertSameFolder(expected, study);
        JsonNode provenance = new com.fasterxml.jackson.databind.ObjectMapper().readTree(study.resolve(
                "provenance.json").toFile());
        assertEquals("merge", provenance.path("argv").path(1).asText());
        assertTrue(Files.isDirectory(dir.resolve("s1").resolve("runs")), "the shards are left as they were");
    }

    @Test
    void anUnevenSplitAndMoreShardsThanRunsMergeToTheSameFolder(@TempDir Path dir) throws IOException {
        Path cfg = write(dir, "five.yaml", SWEEP.replace("replications: 2", "replications: 5")
                .replace("sweep: {workload.arrivals.rate: [10/s, 20/s, 40/s]}\n", ""));
        Path study = dir.resolve("study");
        Path expected = unsharded(cfg, study, "--seed", "11");
        for (int k = 1; k <= 3; k++) {
            shard(cfg, k, 3, dir.resolve("of3-" + k), "--seed", "11");
        }
        // equal costs: round robin
        assertEquals(List.of("p0-r0", "p0-r3"), runsOf(dir.resolve("of3-1")));
        assertEquals(List.of("p0-r1", "p0-r4"), runsOf(dir.resolve("of3-2")));
        assertEquals(List.of("p0-r2"), runsOf(dir.resolve("of3-3")));
        ok("merge", dir.resolve("of3-1").toString(), dir.resolve("of3-2").toString(), dir.resolve("of3-3").toString(),
                "--out", study.toString(), "--quiet");
        assertSameFolder(expected, study);
        JsonNode manifest = OwnershipTest.manifest(study);
        assertEquals(List.of("run", cfg.toString(), "--out", study.toString(), "--seed", "11"),
                new com.fasterxml.jackson.databind.ObjectMapper().convertValue(manifest.get("command"), List.class));

        // 5 runs over 7 shards: shards 6 and 7 are empty, valid, and said so
        List<String> merge = new ArrayList<>(List.of("merge"));
        for (int k = 1; k <= 7; k++) {
            Path s = dir.resolve("of7-" + k);
            CliTest.Result r = shard(cfg, k, 7, s, "--seed", "11");
            assertEquals(k > 5, r.err().contains("tcpsim: shard " + k + "/7 has no run: the study has 5 run(s) for 7 "
                    + "shards; its folder records that and 'tcpsim merge' accepts it"), r.err());
            merge.add(s.toString());
        }
        assertEquals(List.of(), runsOf(dir.resolve("of7-6")));
        assertEquals(List.of("manifest.json", "provenance.json"), List.copyOf(files(dir.resolve("of7-7"))));
        Files.move(study, dir.resolve("study.of3"));
        merge.addAll(List.of("--out", study.toString(), "--quiet"));
        ok(merge.toArray(new String[0]));
        assertSameFolder(expected, study);
    }

    /** Starts shard 1/2 in its own JVM, on one thread. */
    private static Process start(Path cfg, Path out) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "tcpsim.experiments.cli.Main", "run", cfg.toString(),
                "--shard", "1/2", "--out", out.toString(), "--threads", "1").redirectErrorStream(true).start();
    }

    @Test
    void aShardKilledAndResumedMergesToTheSameFolder(@TempDir Path dir) throws Exception {
        // 6 runs of equal cost; shard 1/2 gets p0-r0, p0-r2, p0-r4, each about a second
        Path cfg = write(dir, "long.yaml", SWEEP.replace("replications: 2", "replications: 6")
                .replace("duration: 3s", "duration: 200s")
                .replace("sweep: {workload.arrivals.rate: [10/s, 20/s, 40/s]}\n", ""));
        Path s1 = dir.resolve("s1");
        Process p = start(cfg, s1);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            StringBuilder said = new StringBuilder();
            for (String line = in.readLine(); line != null && !line.startsWith("run 1/3 done"); line = in.readLine()) {
                said.append(line).append('\n');
            }
            assertTrue(p.isAlive(), said.toString());
            assertEquals(0, new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).start().waitFor());
            while (in.readLine() != null) {
                // drain
            }
            assertEquals(137, p.waitFor());
        }
        Path partial = dir.resolve(".s1.partial-" + p.pid());
        assertTrue(Files.isDirectory(partial), "the killed shard's finished runs are kept");
        assertFalse(Files.exists(s1));
        CliTest.Result merge = CliTest.run("merge", s1.toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, merge.code());
        assertEquals("tcpsim: error: " + s1 + " is not a tcpsim shard folder (no such folder)\n", merge.err());

        CliTest.Result resumed = ok("run", cfg.toString(), "--shard", "1/2", "--out", s1.toString(), "--resume");
        assertTrue(resumed.err().contains("tcpsim: kept " + partial + ": "), resumed.err());
        assertTrue(resumed.err().contains(" of 3 run(s) finished and verified; computing the others"), resumed.err());
        assertEquals(List.of("p0-r0", "p0-r2", "p0-r4"), runsOf(s1));
        shard(cfg, 2, 2, dir.resolve("s2"));
        Path study = dir.resolve("study");
        Path expected = unsharded(cfg, study);
        ok("merge", s1.toString(), dir.resolve("s2").toString(), "--out", study.toString(), "--quiet");
        assertSameFolder(expected, study);
    }

    @Test
    void aShardFolderFollowsTheOwnershipRulesOfRun(@TempDir Path dir) throws IOException {
        Path cfg = write(dir, "sh.yaml", SWEEP);
        Path s = dir.resolve("s");
        shard(cfg, 1, 2, s);
        Files.writeString(s.resolve("notes.txt"), "mine");
        CliTest.Result again = CliTest.run("run", cfg.toString(), "--shard", "1/2", "--out", s.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains(s + " already holds tcpsim results ('sh'); add --force"), again.err());
        shard(cfg, 2, 2, s, "--force"); // another shard replaces this one's files, and only those
        assertEquals(List.of("p0-r1", "p1-r1", "p2-r1"), runsOf(s));
        assertEquals("mine", Files.readString(s.resolve("notes.txt")));
        assertEquals(List.of("manifest.json", "notes.txt", "provenance.json"), files(s).stream()
                .filter(f -> !f.startsWith("runs/")).toList());
        assertFalse(Files.exists(s.resolve("runs/p0-r0")), "the runs of the replaced shard are gone");
        Path user = Files.createDirectory(dir.resolve("user"));
        Files.writeString(user.resolve("data.csv"), "1,2\n");
        CliTest.Result refused = CliTest.run("run", cfg.toString(), "--shard", "1/2", "--out", user.toString(),
                "--force");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains(user + " exists, is not empty and is not a tcpsim results folder"),
                refused.err());
        assertEquals(List.of("data.csv"), List.copyOf(files(user)));
    }

    @Test
    void badShardArgumentsAreRefusedAndNothingIsWritten(@TempDir Path dir) throws IOException {
        Path cfg = write(dir, "sh.yaml", SWEEP);
        Path out = dir.resolve("out");
        String[][] cases = {
            {"0/3", "Invalid value for option '--shard': 0/3: K must be in 1..3 (shards are counted from 1)"},
            {"4/3", "Invalid value for option '--shard': 4/3: K must be in 1..3 (shards are counted from 1)"},
            {"1/0", "Invalid value for option '--shard': 1/0: the number of shards N must be at least 1"},
            {"two/3", "Invalid value for option '--shard': 'two/3' is not K/N (shard K of N, 1 <= K <= N, e.g. "
                    + "--shard 2/3)"},
            {"1/3/2", "Invalid value for option '--shard': '1/3/2' is not K/N (shard K of N, 1 <= K <= N, e.g. "
                    + "--shard 2/3)"},
            {"-1/3", "Invalid value for option '--shard': '-1/3' is not K/N (shard K of N, 1 <= K <= N, e.g. "
                    + "--shard 2/3)"}};
        for (String[] c : cases) {
            CliTest.Result r = CliTest.run("run", cfg.toString(), "--shard", c[0], "--out", out.toString());
            assertEquals(2, r.code(), c[0]);
            assertTrue(r.err().startsWith(c[1] + "\n"), r.err());
        }
        for (String capture : new String[] {"--pcap", "--trace"}) {
            CliTest.Result r = CliTest.run("run", cfg.toString(), "--shard", "1/3", "--out", out.toString(), capture);
            assertEquals(2, r.code());
            assertTrue(r.err().startsWith("--shard cannot be combined with packet captures or traces (--pcap, "
                    + "--trace, output.pcap, output.trace): their files are not checksummed per run, so a merge "
                    + "could not vouch for them"), r.err());
        }
        assertEquals(List.of("sh.yaml"), OwnershipTest.siblings(dir));
    }

    @Test
    void validatePrintsEachShardsRunsAndEstimatedCost(@TempDir Path dir) throws Exception {
        Path cfg = write(dir, "sh.yaml", SWEEP);
        CliTest.Result r = ok("validate", cfg.toString(), "--threads", "1", "--shards", "4");
        ExperimentConfig c = ConfigLoader.load(cfg, List.of());
        double[] cost = RunPlan.runCosts(c);
        assertEquals(2 * cost[0], cost[1]);
        assertEquals(4 * cost[0], cost[2]);
        // p2-r0 -> 1, p2-r1 -> 2, p1-r0 -> 3, p1-r1 -> 4, p0-r0 -> 3 (load 2), p0-r1 -> 4 (load 2, 4 > 3)
        String expected = String.format(java.util.Locale.ROOT, "shards: 6 run(s) over 4 shard(s), balanced by "
                + "estimated cost (run --shard K/4)%n"
                + "  shard 1/4: 1 run(s), estimated %.3g s: p2-r0%n"
                + "  shard 2/4: 1 run(s), estimated %.3g s: p2-r1%n"
                + "  shard 3/4: 2 run(s), estimated %.3g s: p0-r0 p1-r0%n"
                + "  shard 4/4: 2 run(s), estimated %.3g s: p0-r1 p1-r1%n", cost[2], cost[2], cost[0] + cost[1],
                cost[0] + cost[1]);
        assertTrue(r.out().endsWith(expected), r.out());
        assertEquals(List.of(List.of(new RunId(2, 0)), List.of(new RunId(2, 1)),
                List.of(new RunId(0, 0), new RunId(1, 0)), List.of(new RunId(0, 1), new RunId(1, 1))),
                RunPlan.assignment(c, 4));
        CliTest.Result many = ok("validate", cfg.toString(), "--threads", "1", "--shards", "8");
        assertTrue(many.out().endsWith(String.format("  shard 7/8: 0 run(s), estimated 0.00 s: none (more shards "
                + "than runs; the empty shard is valid)%n  shard 8/8: 0 run(s), estimated 0.00 s: none (more shards "
                + "than runs; the empty shard is valid)%n")), many.out());
        CliTest.Result zero = CliTest.run("validate", cfg.toString(), "--shards", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().startsWith("--shards must be at least 1, got 0\n"), zero.err());
    }
}
