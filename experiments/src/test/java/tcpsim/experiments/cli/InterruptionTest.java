package tcpsim.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGINT and SIGTERM during a run, sent to a real tcpsim JVM: it says what was finished and how to resume, keeps
 * the finished runs in its partial folder for {@code --resume}, exits 128 + the signal,
 * leaves no lock and no complete-looking results, and an existing results folder unchanged.
 */
class InterruptionTest {
    /** Starts tcpsim on a run long enough to be interrupted, and waits until its first run is done. */
    private static Process start(Path out, String... extra) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "tcpsim.experiments.cli.Main", "run",
                "configs/quickstart.yaml", "--out", out.toString(), "--threads", "1",
                "--set", "duration=200s", "--set", "replications=4"));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Reads the process's output until a line starting with {@code prefix}; returns everything read. */
    private static String readUntil(BufferedReader in, String prefix) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            sb.append(line).append('\n');
            if (line.startsWith(prefix)) {
                return sb.toString();
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' in:\n" + sb);
    }

    private static String rest(BufferedReader in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    private static void signal(Process p, String signal) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", signal, Long.toString(p.pid())).start().waitFor());
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The arguments of {@link #start}, for an in-process run. */
    private static List<String> args(Path out, String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("run", "configs/quickstart.yaml", "--out", out.toString(),
                "--threads", "1", "--set", "duration=200s", "--set", "replications=4"));
        a.addAll(List.of(extra));
        return a;
    }

    private static final List<String> DATA = List.of("connections.csv.gz", "occupancy-bins.json", "occupancy.csv.gz",
            "setup-cdf.json", "summary.csv", "summary.json");

    @Test
    void sigtermKeepsTheFinishedRunsAndResumeMakesTheUninterruptedFolder(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("qs");
        Process p = start(out);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            readUntil(in, "run 1/8 done");
            signal(p, "-TERM"); // Process.destroy() would close our end of its output
            String said = rest(in);
            assertEquals(143, p.waitFor());
            assertTrue(said.contains("tcpsim: interrupted: "), said);
            assertTrue(said.contains(" of 8 run(s) finished; they are kept in " + dir.resolve(".qs.partial-"
                    + p.pid()) + " and nothing was written to " + out), said);
            assertTrue(said.contains("tcpsim: to compute the other runs and finish the folder: tcpsim run "
                    + "configs/quickstart.yaml --out " + out + " --set duration=200s --set replications=4 --resume"),
                    said);
        }
        assertEquals(List.of(".qs.partial-" + p.pid()), names(dir)); // the finished runs, no lock, no folder
        CliTest.Result resumed = CliTest.run(args(out, "--resume").toArray(new String[0]));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains(" of 8 run(s) finished and verified; computing the others"),
                resumed.err());
        assertEquals(List.of("qs"), names(dir));
        Path whole = dir.resolve("whole");
        assertEquals(0, CliTest.run(args(whole).toArray(new String[0])).code());
        for (String f : DATA) {
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(whole.resolve(f)), Files.readAllBytes(out.resolve(f))),
                    f);
        }
        assertEquals(OwnershipTest.manifest(whole).get("files"), OwnershipTest.manifest(out).get("files"));
        assertEquals(OwnershipTest.manifest(whole).get("runs"), OwnershipTest.manifest(out).get("runs"));
        CliTest.Result again = CliTest.run(args(out, "--force", "--resume").toArray(new String[0]));
        assertEquals(2, again.code());
        assertTrue(again.err().contains("nothing to resume for " + out + ": no partial folder .qs.partial-* of an "
                + "interrupted run is there; run without --resume"), again.err());
    }

    @Test
    void afterKillNineTheFinishedRunsAreKeptNamedAndResumed(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("qs");
        Process p = start(out, "--set", "replications=2"); // 4 runs, two finished before the kill
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            readUntil(in, "run 2/4 done");
            signal(p, "-KILL");
            rest(in);
            assertEquals(137, p.waitFor());
        }
        Path partial = dir.resolve(".qs.partial-" + p.pid());
        assertTrue(Files.isDirectory(partial));
        CliTest.Result fresh = CliTest.run(args(dir.resolve("elsewhere")).toArray(new String[0]));
        assertEquals(0, fresh.code(), fresh.err()); // another folder's run leaves it alone
        assertTrue(Files.isDirectory(partial));
        CliTest.Result resumed = CliTest.run(args(out, "--set", "replications=2", "--resume").toArray(new String[0]));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("tcpsim: kept " + partial + ": "), resumed.err());
        assertTrue(resumed.err().contains(" finished run(s) of an interrupted run; add --resume to the same command "
                + "to continue it, or delete the folder"), resumed.err());
        Path whole = dir.resolve("whole");
        assertEquals(0, CliTest.run(args(whole, "--set", "replications=2").toArray(new String[0])).code());
        for (String f : DATA) {
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(whole.resolve(f)), Files.readAllBytes(out.resolve(f))),
                    f);
        }
        assertEquals(OwnershipTest.manifest(whole).get("files"), OwnershipTest.manifest(out).get("files"));
    }

    @Test
    void sigintLeavesAnExistingResultsFolderUnchanged(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("qs");
        CliTest.Result first = OwnershipTest.runInto(out);
        assertEquals(0, first.code(), first.err());
        String manifest = Files.readString(out.resolve("manifest.json"));
        List<String> files = names(out);
        Process p = start(out, "--force");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            readUntil(in, "run 1/8 done");
            signal(p, "-INT");
            String said = rest(in);
            assertEquals(130, p.waitFor());
            assertTrue(said.contains(" run(s) finished; they are kept in " + dir.resolve(".qs.partial-" + p.pid())
                    + " and " + out + " is unchanged"), said);
            assertTrue(said.contains(" --set duration=200s --set replications=4 --force --resume\n"), said);
        }
        assertEquals(manifest, Files.readString(out.resolve("manifest.json")));
        assertEquals(files, names(out));
        assertEquals(List.of(".qs.partial-" + p.pid(), "qs"), names(dir));
        assertFalse(Files.exists(dir.resolve(".qs.lock")));
    }
}
