package tcpsim.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's ahead-of-time cache (JDK 25 and later): trained once per build and java binary with the
 * quickstart config, then named to every run; never for a java without it, nor with TCPSIM_AOT=0; a failed
 * training leaves the run as it would be without. The launcher runs in a copy of the repository's layout with a
 * stand-in jar and stand-in java binaries that print what they were given.
 */
class LauncherTest {
    private static final FileTime HOUR_AGO = FileTime.from(Instant.now().minusSeconds(3600));
    private static final FileTime TWO_HOURS_AGO = FileTime.from(Instant.now().minusSeconds(7200));

    @TempDir
    Path root;
    private Path jar;
    private Path log;
    private String options;

    @BeforeEach
    void layout() throws IOException {
        Path launcher = root.resolve("tcpsim");
        Files.copy(Path.of("..", "tcpsim"), launcher);
        Files.createDirectories(root.resolve("experiments/target"));
        Files.createDirectories(root.resolve("experiments/configs"));
        Files.copy(Path.of("jvm.options"), root.resolve("experiments/jvm.options"));
        Files.writeString(root.resolve("experiments/configs/quickstart.yaml"), "name: quickstart\n");
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        jar = root.resolve("experiments/target/tcpsim.jar");
        Files.writeString(jar, "not a jar\n");
        // sources older than the jar (no build), and the jar older than anything the launcher writes now
        for (Path p : List.of(root.resolve("pom.xml"), root.resolve("experiments/jvm.options"),
                root.resolve("experiments/configs/quickstart.yaml"))) {
            Files.setLastModifiedTime(p, TWO_HOURS_AGO);
        }
        Files.setLastModifiedTime(jar, HOUR_AGO);
        log = root.resolve("java.log");
        options = Files.readAllLines(Path.of("jvm.options")).stream().filter(l -> !l.startsWith("#"))
                .reduce("", (a, b) -> (a + " " + b).trim());
    }

    /**
     * A stand-in java: logs every call, answers -XX:+PrintFlagsFinal with an AOTCacheOutput line when
     * {@code hasAot}, writes the cache a training run names (or fails it when {@code trainingFails}), else
     * prints its arguments.
     */
    private Path java(String name, boolean hasAot, boolean trainingFails) throws IOException {
        Path java = root.resolve(name);
        Files.writeString(java, "#!/bin/sh\n"
                + "echo \"$@\" >> '" + log + "'\n"
                + "for a in \"$@\"; do\n"
                + "  case \"$a\" in\n"
                + "    -XX:+PrintFlagsFinal) " + (hasAot
                        ? "echo '    ccstr AOTCacheOutput      =       {product} {default}'; " : "")
                + "exit 0 ;;\n"
                + "    -XX:AOTCacheOutput=*) " + (trainingFails ? "echo 'training broke' >&2; exit 1"
                        : "echo cache > \"${a#-XX:AOTCacheOutput=}\"; exit 0") + " ;;\n"
                + "  esac\n"
                + "done\n"
                + "echo \"$@\"\n");
        assertTrue(java.toFile().setExecutable(true));
        Files.setLastModifiedTime(java, TWO_HOURS_AGO);
        return java;
    }

    private record Exit(int code, String out, String err) {
    }

    private Exit launch(Path java, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", root.resolve("tcpsim").toString(), "--version");
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("TCPSIM_AOT");
        pb.environment().put("JAVA", java.toString());
        pb.environment().putAll(env);
        Path err = Files.createTempFile(root, "err", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return new Exit(p.waitFor(), out, Files.readString(err));
    }

    private long calls(String argument) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(argument)).count() : 0;
    }

    @Test
    void aJava25TrainsTheCacheOnceAndEveryRunNamesIt() throws Exception {
        Path java = java("java25", true, false);
        Exit first = launch(java, Map.of());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.err().contains("training the JVM's ahead-of-time cache"), first.err());
        List<String> training = Files.readAllLines(log).stream().filter(l -> l.contains("-XX:AOTCacheOutput="))
                .toList();
        assertEquals(1, training.size(), training.toString());
        assertTrue(training.get(0).matches(Pattern.quote(options) + " -XX:AOTCacheOutput=\\S+/jvm\\.aot -jar "
                + Pattern.quote(jar + " run " + root + "/experiments/configs/quickstart.yaml --quiet --out ")
                + "\\S+/results"), training.get(0));
        Path cache = Files.list(root.resolve("experiments/target")).filter(p -> p.toString().endsWith(".aot"))
                .findFirst().orElseThrow();
        assertEquals(options + " -XX:AOTCache=" + cache + " -jar " + jar + " --version", first.out());

        Exit second = launch(java, Map.of("JAVA_OPTS", "-Xmx1g"));
        assertEquals(options + " -XX:AOTCache=" + cache + " -Xmx1g -jar " + jar + " --version", second.out(),
                "JAVA_OPTS comes last");
        assertEquals("", second.err());
        assertEquals(1, calls("-XX:AOTCacheOutput="), "trained once");

        Files.setLastModifiedTime(cache, TWO_HOURS_AGO); // older than the jar: a new build
        Exit rebuilt = launch(java, Map.of());
        assertEquals(2, calls("-XX:AOTCacheOutput="), "trained again for the new jar");
        assertEquals(first.out(), rebuilt.out());
    }

    @Test
    void noCacheWithTcpsimAotZero() throws Exception {
        Exit e = launch(java("java25", true, false), Map.of("TCPSIM_AOT", "0"));
        assertEquals(options + " -jar " + jar + " --version", e.out());
        assertEquals(0, calls("AOT"));
        assertEquals(0, calls("PrintFlagsFinal"));
    }

    @Test
    void anOlderJavaIsAskedOnceAndRunsAsBefore() throws Exception {
        Path java = java("java17", false, false);
        for (int i = 0; i < 2; i++) {
            Exit e = launch(java, Map.of());
            assertEquals(options + " -jar " + jar + " --version", e.out());
            assertEquals("", e.err());
        }
        assertEquals(1, calls("-XX:+PrintFlagsFinal"), "the answer is kept beside the jar");
        assertEquals(0, calls("-XX:AOTCacheOutput="));
    }

    @Test
    void aFailedTrainingWarnsAndTheRunGoesOnWithoutTheCache() throws Exception {
        Exit e = launch(java("java25", true, true), Map.of());
        assertEquals(0, e.code());
        assertEquals(options + " -jar " + jar + " --version", e.out());
        assertTrue(e.err().contains("training the ahead-of-time cache failed (running without it)"), e.err());
        assertTrue(e.err().contains("training broke"), e.err());
        assertFalse(Files.list(root.resolve("experiments/target")).anyMatch(p -> p.toString().endsWith(".aot")));
    }
}
