package tcpsim.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.experiments.results.FolderLock;

/** The data-loss cases of issue 9 item 1: run and plot replace only what tcpsim wrote, and say so. */
class OwnershipTest {
    static final String[] SMALL = {"--set", "duration=2s", "--set", "warmup=0s", "--set", "replications=1",
        "--threads", "1", "--quiet"};

    static CliTest.Result runInto(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "configs/quickstart.yaml", "--out", out.toString()));
        args.addAll(List.of(SMALL));
        args.addAll(List.of(extra));
        return CliTest.run(args.toArray(new String[0]));
    }

    static JsonNode manifest(Path out) throws IOException {
        return new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    }

    static List<String> siblings(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFolderWithSomeoneElsesManifestIsNeverTouchedEvenWithForce(@TempDir Path dir) throws IOException {
        Path out = Files.createDirectory(dir.resolve("webapp"));
        Files.writeString(out.resolve("manifest.json"), "{\"name\": \"my web app\", \"icons\": []}\n");
        Files.writeString(out.resolve("index.html"), "<html>");
        for (String[] extra : new String[][] {{}, {"--force"}}) {
            CliTest.Result r = runInto(out, extra);
            assertEquals(2, r.code());
            assertTrue(r.err().contains("is not a tcpsim results folder: its manifest.json has no \"format\": "
                    + "\"tcpsim-results\" marker"), r.err());
        }
        assertEquals(List.of("index.html", "manifest.json"), siblings(out));
        assertEquals("<html>", Files.readString(out.resolve("index.html")));
        assertEquals(List.of("webapp"), siblings(dir)); // no partial folder, no lock left
    }

    @Test
    void rerunningNeedsForceAndKeepsEveryFileTcpsimDidNotWrite(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("qs");
        assertEquals(0, runInto(out).code());
        JsonNode first = manifest(out);
        assertEquals("tcpsim-results", first.get("format").asText());
        assertEquals(1, first.get("format_version").asInt());
        // the user keeps the config and notes in the results folder and reads the config from there
        Path cfg = out.resolve("my.yaml");
        Files.copy(Path.of("configs/quickstart.yaml"), cfg);
        Files.writeString(out.resolve("notes.txt"), "keep me");
        Files.writeString(out.resolve("charts/annotated.png"), "mine");
        String summary = Files.readString(out.resolve("summary.csv"));

        CliTest.Result refused = CliTest.run("run", cfg.toString(), "--out", out.toString(), "--quiet",
                "--set", "duration=2s", "--set", "warmup=0s", "--set", "replications=1");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains(out + " already holds tcpsim results ('quickstart'); add --force"),
                refused.err());

        CliTest.Result forced = CliTest.run("run", cfg.toString(), "--out", out.toString(), "--quiet", "--force",
                "--set", "duration=2s", "--set", "warmup=0s", "--set", "replications=2");
        assertEquals(0, forced.code(), forced.err());
        assertEquals("keep me", Files.readString(out.resolve("notes.txt")));
        assertEquals("mine", Files.readString(out.resolve("charts/annotated.png")));
        assertTrue(Files.readString(cfg).contains("name: quickstart"));
        assertFalse(summary.equals(Files.readString(out.resolve("summary.csv")))); // replications=2 replaced it
        assertEquals(2, manifest(out).get("replications").asInt());
        // the user's files are not claimed by the new manifest either
        assertFalse(manifest(out).get("files").has("notes.txt"));
        assertFalse(manifest(out).get("files").has("my.yaml"));
        assertFalse(manifest(out).get("report_files").toString().contains("annotated"));
        assertEquals(List.of("qs"), siblings(dir));
    }

    @Test
    void filesTheOldRunWroteAndTheNewOneDoesNotAreRemovedOthersStay(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("qs");
        assertEquals(0, runInto(out, "--trace").code());
        assertTrue(Files.isRegularFile(out.resolve("trace.csv.gz")));
        Files.writeString(out.resolve("trace-notes.csv"), "mine");
        assertEquals(0, runInto(out, "--force").code());
        assertFalse(Files.exists(out.resolve("trace.csv.gz"))); // listed by the old manifest, not written again
        assertEquals("mine", Files.readString(out.resolve("trace-notes.csv")));
    }

    @Test
    void theSwitchReplacesFilesInsideTheFolderAndNeverMovesTheFolderItself(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("qs");
        assertEquals(0, runInto(out).code());
        Object inode = Files.readAttributes(out, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        assertEquals(0, runInto(out, "--force").code());
        assertEquals(inode, Files.readAttributes(out, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
    }

    @Test
    void aNameClashWithAForeignFileRefusesTheSwitchAndKeepsTheNewResults(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("qs");
        assertEquals(0, runInto(out).code());
        // a trace.csv.gz of the user's (the old manifest does not list one), and the new run writes one
        Files.writeString(out.resolve("trace.csv.gz"), "mine");
        CliTest.Result r = runInto(out, "--force", "--trace");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("holds trace.csv.gz, not written by tcpsim"), r.err());
        assertEquals("mine", Files.readString(out.resolve("trace.csv.gz")));
        String partial = ".qs.partial-" + ProcessHandle.current().pid();
        assertTrue(Files.isRegularFile(dir.resolve(partial).resolve("manifest.json")));
        // the next run names the kept complete folder instead of deleting it
        Files.move(dir.resolve(partial), dir.resolve(".qs.partial-999999")); // as if its process had died
        CliTest.Result next = runInto(out, "--force");
        assertEquals(0, next.code(), next.err());
        assertTrue(next.err().contains("kept " + dir.resolve(".qs.partial-999999") + ": the complete results"),
                next.err());
        assertTrue(Files.isDirectory(dir.resolve(".qs.partial-999999")));
    }

    @Test
    void aSwitchKilledHalfWayIsFinishedByTheNextCommand(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("qs");
        assertEquals(0, runInto(out).code());
        Path next = dir.resolve("next");
        assertEquals(0, runInto(next, "--set", "replications=2").code());
        // the state a kill -9 leaves in the middle of the switch: journal, old manifest aside, one file moved
        Path partial = dir.resolve(".qs.partial-999999");
        Files.move(next, partial);
        Files.createFile(partial.resolve(".commit"));
        Files.move(out.resolve("manifest.json"), partial.resolve(".previous-manifest.json"));
        Files.move(partial.resolve("summary.csv"), out.resolve("summary.csv"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CliTest.Result r = CliTest.run("plot", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("finished moving the results of an interrupted run into " + out), r.err());
        assertEquals(2, manifest(out).get("replications").asInt());
        assertEquals(List.of("qs"), siblings(dir));
    }

    @Test
    void runAlsoFinishesASwitchKilledHalfWayBeforeItLooksAtTheFolder(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("qs");
        assertEquals(0, runInto(out).code());
        Path partial = dir.resolve(".qs.partial-999999");
        assertEquals(0, runInto(dir.resolve("next"), "--set", "replications=2").code());
        Files.move(dir.resolve("next"), partial);
        Files.createFile(partial.resolve(".commit"));
        Files.move(out.resolve("manifest.json"), partial.resolve(".previous-manifest.json"));
        CliTest.Result refused = runInto(out); // the recovered folder holds results: --force is needed
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("finished moving the results of an interrupted run"), refused.err());
        assertTrue(refused.err().contains("already holds tcpsim results"), refused.err());
        assertEquals(2, manifest(out).get("replications").asInt());
    }

    @Test
    void aSecondWriterIsStoppedWithTheHoldersPid(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("qs");
        FolderLock held = FolderLock.acquire(out, line -> { });
        try {
            CliTest.Result r = runInto(out);
            assertEquals(2, r.code());
            assertTrue(r.err().contains(out + " is being written by another tcpsim (pid "
                    + ProcessHandle.current().pid() + " on host "), r.err());
        } finally {
            held.close();
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void aStaleLockAndPartialFoldersOfDeadProcessesAreCleanedUpWithANote(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("qs");
        Files.writeString(dir.resolve(".qs.lock"), "pid 999999 on host gone since 2026-01-01T00:00:00Z\n");
        Path incomplete = Files.createDirectories(dir.resolve(".qs.partial-999998"));
        Files.writeString(incomplete.resolve("connections.csv.gz"), "point,replication\n");
        List<String> args = new ArrayList<>(List.of("run", "configs/quickstart.yaml", "--out", out.toString()));
        args.addAll(List.of(SMALL));
        args.remove("--quiet");
        CliTest.Result r = CliTest.run(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("took over the stale lock " + dir.resolve(".qs.lock")
                + " of a process that is gone (pid 999999 on host gone"), r.err());
        assertTrue(r.err().contains("removed " + incomplete + ", the incomplete folder of a run that was "
                + "interrupted"), r.err());
        assertEquals(List.of("qs"), siblings(dir));
    }

    @Test
    void anUnwritableOutSaysPermissionDenied(@TempDir Path dir) throws IOException {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(ro), "running as root");
            CliTest.Result r = runInto(ro.resolve("qs"));
            assertEquals(1, r.code());
            assertTrue(r.err().contains("tcpsim: failed: permission denied: " + ro.resolve(".qs.lock")), r.err());
        } finally {
            Files.setPosixFilePermissions(ro, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void plotRefusesDataThatDoesNotMatchTheManifest(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("qs");
        assertEquals(0, runInto(out).code());
        Files.writeString(out.resolve("summary.csv"), "\n", java.nio.file.StandardOpenOption.APPEND);
        CliTest.Result r = CliTest.run("plot", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(out.resolve("summary.csv") + " does not match the SHA-256 recorded in "
                + "manifest.json"), r.err());
    }

    @Test
    void plotKeepsChartsWhoseDataIsAbsentAndSaysSo(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("qs");
        assertEquals(0, runInto(out).code());
        byte[] occupancyChart = Files.readAllBytes(out.resolve("charts/time-wait-occupancy.png"));
        byte[] setupChart = Files.readAllBytes(out.resolve("charts/setup-cdf.svg"));
        byte[] report = Files.readAllBytes(out.resolve("report.html"));
        Files.delete(out.resolve("occupancy.csv.gz")); // as in a clone: git does not track it
        CliTest.Result r = CliTest.run("plot", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("time-wait-occupancy: kept, not redrawn: "), r.out());
        assertTrue(r.out().contains("absent (charts that need them were not redrawn): occupancy.csv.gz"), r.out());
        assertTrue(r.out().contains("setup-cdf: drawn"), r.out());
        assertEquals(List.of(occupancyChart.length), List.of(
                Files.readAllBytes(out.resolve("charts/time-wait-occupancy.png")).length));
        assertTrue(java.util.Arrays.equals(occupancyChart,
                Files.readAllBytes(out.resolve("charts/time-wait-occupancy.png"))));
        assertTrue(java.util.Arrays.equals(setupChart, Files.readAllBytes(out.resolve("charts/setup-cdf.svg"))));
        assertTrue(Files.exists(out.resolve("charts/state-occupancy.svg")));
        // the page embeds the kept charts with captions from the absent data: it stays as it was
        assertTrue(r.out().contains("report.html: kept, not rewritten"), r.out());
        assertArrayEquals(report, Files.readAllBytes(out.resolve("report.html")));
    }
}
