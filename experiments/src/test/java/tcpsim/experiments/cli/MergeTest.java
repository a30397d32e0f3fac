package tcpsim.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.experiments.results.DigestWriter;

/**
 * Issue 12: every refusal of {@code tcpsim merge}, each with a message naming the folder and run, exit code 2 and
 * nothing written (no results folder, no lock, no partial folder); and the --out ownership rules of run.
 */
class MergeTest {
    @TempDir
    static Path shared;
    static Path cfg;

    /** The three shards of {@link ShardTest#SWEEP}, and shards of other studies. */
    @BeforeAll
    static void shards() throws IOException {
        cfg = ShardTest.write(shared, "sh.yaml", ShardTest.SWEEP);
        for (int k = 1; k <= 3; k++) {
            ShardTest.shard(cfg, k, 3, shared.resolve("s" + k));
        }
        ShardTest.shard(cfg, 1, 2, shared.resolve("half1"));
        ShardTest.shard(cfg, 1, 3, shared.resolve("seed4"), "--seed", "4");
        ShardTest.shard(cfg, 3, 3, shared.resolve("shorter"), "--set", "duration=2s");
        ShardTest.ok("run", cfg.toString(), "--out", shared.resolve("full").toString(), "--quiet");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    /** A copy of shared shard {@code name} in {@code dir}, to damage. */
    private static Path own(Path dir, String name) throws IOException {
        Path to = dir.resolve(name);
        copy(shared.resolve(name), to);
        return to;
    }

    private static String s(String name) {
        return shared.resolve(name).toString();
    }

    /** Merges {@code dirs} into {@code dir/out}: refused with exactly {@code message}, and {@code dir} unchanged. */
    private static void refused(Path dir, String message, String... dirs) throws IOException {
        List<String> before = OwnershipTest.siblings(dir);
        List<String> args = new ArrayList<>(List.of("merge"));
        args.addAll(List.of(dirs));
        args.addAll(List.of("--out", dir.resolve("out").toString()));
        CliTest.Result r = CliTest.run(args.toArray(new String[0]));
        assertEquals(2, r.code(), r.err());
        assertEquals("tcpsim: error: " + message + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, OwnershipTest.siblings(dir), "nothing written");
    }

    @Test
    void overlappingShardsAreRefused(@TempDir Path dir) throws IOException {
        Path again = own(dir, "s1");
        refused(dir, "overlapping shards: " + s("s1") + " (shard 1/3) and " + again + " (shard 1/3) both hold run(s) "
                + "p0-r0, p2-r0; give each shard once", s("s1"), s("s2"), s("s3"), again.toString());
    }

    @Test
    void missingRunsAreRefusedNamingTheRunsAndShards(@TempDir Path dir) throws IOException {
        refused(dir, "missing run(s): p1-r0, p1-r1 of the 6 run(s) of 'sh' are in none of the folders given "
                + "(shard(s) 3/3 not given); give every shard", s("s1"), s("s2"));
        refused(dir, "missing run(s): p0-r1, p1-r0, p1-r1, p2-r1 of the 6 run(s) of 'sh' are in none of the folders "
                + "given (shard(s) 2/3, 3/3 not given); give every shard", s("s1"));
    }

    @Test
    void shardsOfAnotherStudyAreRefused(@TempDir Path dir) throws Exception {
        refused(dir, "foreign shard " + s("seed4") + " (shard 1/3): not of the study of " + s("s2") + " (shard 2/3): "
                + "its seed is 4, not 3", s("s2"), s("s3"), s("seed4"));
        String hash = OwnershipTest.manifest(shared.resolve("s1")).path("config_hash").asText();
        String other = OwnershipTest.manifest(shared.resolve("shorter")).path("config_hash").asText();
        refused(dir, "foreign shard " + s("shorter") + " (shard 3/3): not of the study of " + s("s1") + " (shard "
                + "1/3): its resolved config differs (config hash " + other + ", not " + hash + "); every shard must "
                + "be run with the same config, --set and --seed", s("s1"), s("s2"), s("shorter"));
        refused(dir, "foreign shard " + s("half1") + " (shard 1/2): not of the study of " + s("s2") + " (shard 2/3): "
                + "it is one of 2 shards, not of 3; merge the shards of one split", s("s2"), s("s3"), s("half1"));
        Path old = own(dir, "s1");
        ObjectNode m = (ObjectNode) OwnershipTest.manifest(old);
        m.put("tcpsim_version", "0.0.1");
        Files.writeString(old.resolve("manifest.json"), new ObjectMapper().writeValueAsString(m));
        refused(dir, "foreign shard " + old + " (shard 1/3): computed by tcpsim 0.0.1, this is tcpsim "
                + Main.tcpsimVersion() + "; merge the shards with the tcpsim that computed them, or rerun them with "
                + "this one", s("s2"), s("s3"), old.toString());
    }

    @Test
    void corruptedPartsAreRefusedNamingTheFileOrRun(@TempDir Path dir) throws Exception {
        Path s3 = own(dir, "s3");
        Path part = s3.resolve("runs/p1-r0/connections.csv");
        Files.writeString(part, "1,0,999\n", StandardOpenOption.APPEND);
        String again = "; rerun that shard into a fresh folder (its command is in its manifest.json)";
        refused(dir, "corrupted shard " + s3 + " (shard 3/3): runs/p1-r0/connections.csv does not match the SHA-256 "
                + "in its manifest.json" + again, s("s1"), s("s2"), s3.toString());
        // the manifest made to agree: the run's own checksums still tell
        ObjectNode m = (ObjectNode) OwnershipTest.manifest(s3);
        ((ObjectNode) m.get("files")).put("runs/p1-r0/connections.csv", DigestWriter.sha256Hex(part));
        Files.writeString(s3.resolve("manifest.json"), new ObjectMapper().writeValueAsString(m));
        refused(dir, "corrupted shard " + s3 + " (shard 3/3): the parts of run p1-r0 do not match their run.json"
                + again, s("s1"), s("s2"), s3.toString());
        Path s2 = own(dir, "s2");
        Files.delete(s2.resolve("runs/p2-r1/setup.bin"));
        refused(dir, "corrupted shard " + s2 + " (shard 2/3): runs/p2-r1/setup.bin listed in its manifest.json is "
                + "missing" + again, s("s1"), s2.toString(), s("s3"));
        Path s1 = own(dir, "s1");
        copy(shared.resolve("s2/runs/p0-r1"), s1.resolve("runs/p0-r1"));
        refused(dir, "corrupted shard " + s1 + " (shard 1/3): runs/ holds p0-r1, not among the runs its "
                + "manifest.json lists" + again, s1.toString(), s("s2"), s("s3"));
    }

    @Test
    void foldersThatAreNotShardsAreRefused(@TempDir Path dir) throws IOException {
        Path none = dir.resolve("nowhere");
        refused(dir, none + " is not a tcpsim shard folder (no such folder)", s("s1"), none.toString());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        refused(dir, empty + " is not a tcpsim shard folder (no manifest.json; a shard that was interrupted has none "
                + "until it is finished: rerun it with the same command and --resume)", s("s1"), empty.toString());
        Path web = Files.createDirectory(dir.resolve("web"));
        Files.writeString(web.resolve("manifest.json"), "{\"name\": \"my web app\"}\n");
        refused(dir, web + " is not a tcpsim results folder: its manifest.json has no \"format\": \"tcpsim-results\" "
                + "marker (another program's file, or written by a tcpsim before 0.1); tcpsim leaves the folder alone, "
                + "choose another --out", web.toString(), s("s1"));
        refused(dir, s("full") + " is a tcpsim results folder but not a shard (its manifest.json has no \"shard\"); "
                + "merge takes the folders of 'tcpsim run --shard K/N'", s("s1"), s("s2"), s("s3"), s("full"));
    }

    @Test
    void theOutFolderFollowsTheOwnershipRulesOfRun(@TempDir Path dir) throws IOException {
        Path user = Files.createDirectory(dir.resolve("out"));
        Files.writeString(user.resolve("thesis.tex"), "\\section{}");
        for (String[] extra : new String[][] {{}, {"--force"}}) {
            List<String> args = new ArrayList<>(List.of("merge", s("s1"), s("s2"), s("s3"), "--out",
                    user.toString()));
            args.addAll(List.of(extra));
            CliTest.Result r = CliTest.run(args.toArray(new String[0]));
            assertEquals(2, r.code());
            assertEquals("tcpsim: error: " + user + " exists, is not empty and is not a tcpsim results folder (no "
                    + "manifest.json); choose another --out\n", r.err());
        }
        assertEquals(List.of("thesis.tex"), OwnershipTest.siblings(user));
        assertEquals(List.of("out"), OwnershipTest.siblings(dir));

        Path results = dir.resolve("results");
        ShardTest.ok("merge", s("s1"), s("s2"), s("s3"), "--out", results.toString(), "--quiet");
        Files.writeString(results.resolve("notes.txt"), "keep");
        CliTest.Result again = CliTest.run("merge", s("s1"), s("s2"), s("s3"), "--out", results.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().startsWith("tcpsim: error: " + results + " already holds tcpsim results ('sh'); add "
                + "--force to replace them"), again.err());
        ShardTest.ok("merge", s("s1"), s("s2"), s("s3"), "--out", results.toString(), "--quiet", "--force");
        assertEquals("keep", Files.readString(results.resolve("notes.txt")));

        Path s1 = own(dir, "s1");
        CliTest.Result into = CliTest.run("merge", s1.toString(), s("s2"), s("s3"), "--out", s1.toString(),
                "--force");
        assertEquals(2, into.code());
        assertEquals("tcpsim: error: --out " + s1 + " is (or holds, or is inside) the shard folder " + s1 + ", which "
                + "the merge reads; choose another --out\n", into.err());
    }

    @Test
    void mergeSaysWhatItMerged(@TempDir Path dir) {
        Path out = dir.resolve("study");
        CliTest.Result r = ShardTest.ok("merge", s("s3"), s("s1"), s("s2"), "--out", out.toString());
        assertTrue(r.out().endsWith("merged 3 shard folder(s), 6 run(s); results in " + out + "\n"), r.out());
        assertTrue(r.out().startsWith("point  workload.arrivals.rate"), r.out());
    }
}
