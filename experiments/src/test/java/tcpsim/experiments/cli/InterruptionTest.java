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
 * SIGINT and SIGTERM during a run, sent to a real tcpsim JVM: it says what was finished, exits 128 + the signal,
 * leaves no partial folder, no lock and no complete-looking results, and an existing results folder unchanged.
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

    @Test
    void sigtermStopsCleanlyAndWritesNothing(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("qs");
        Process p = start(out);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            readUntil(in, "run 1/8 done");
            signal(p, "-TERM"); // Process.destroy() would close our end of its output
            String said = rest(in);
            assertEquals(143, p.waitFor());
            assertTrue(said.contains("tcpsim: interrupted: "), said);
            assertTrue(said.contains(" of 8 run(s) finished ("), said);
            assertTrue(said.contains("the data is incomplete and was discarded; nothing was written to " + out),
                    said);
        }
        assertEquals(List.of(), names(dir)); // no folder, no partial folder, no lock
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
            assertTrue(said.contains("the data is incomplete and was discarded; " + out + " is unchanged"), said);
        }
        assertEquals(manifest, Files.readString(out.resolve("manifest.json")));
        assertEquals(files, names(out));
        assertEquals(List.of("qs"), names(dir));
        assertFalse(Files.exists(dir.resolve(".qs.lock")));
    }
}
