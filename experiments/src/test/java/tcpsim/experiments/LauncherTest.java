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
 * The launcher's class archive: JDK 25's ahead-of-time cache, or a dynamic CDS archive on JDK 13 to 24, trained
 * once per build and java binary with the quickstart config, then named to every run; never for a java that makes
 * neither, nor with TCPSIM_AOT=0; a failed training leaves the run as it would be without. The launcher runs in a copy of the repository's layout with a
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
     * A stand-in java: logs every call, answers -XX:+PrintFlagsFinal with a line for {@code flag} (the option that
     * makes its archive; none when null), writes the archive a training run names (or fails the training when
     * {@code trainingFails}), else prints its arguments.
     */
    private Path java(String name, String flag, boolean trainingFails) throws IOException {
        Path java = root.resolve(name);
        String make = flag == null ? "-XX:NoSuchOption" : "-XX:" + flag;
        Files.writeString(java, "#!/bin/sh\n"
                + "echo \"$@\" >> '" + log + "'\n"
                + "for a in \"$@\"; do\n"
                + "  case \"$a\" in\n"
                + "    -XX:+PrintFlagsFinal) " + (flag == null ? ""
                        : "echo '    ccstr " + flag + "      =       {product} {default}'; ") + "exit 0 ;;\n"
                + "    " + make + "=*) " + (trainingFails ? "echo 'training broke' >&2; exit 1"
                        : "echo archive > \"${a#" + make + "=}\"; exit 0") + " ;;\n"
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

    private Path archive(String suffix) throws IOException {
        try (var files = Files.list(root.resolve("experiments/target"))) {
            return files.filter(p -> p.toString().endsWith(suffix)).findFirst().orElseThrow();
        }
    }

    private boolean anyArchive() throws IOException {
        try (var files = Files.list(root.resolve("experiments/target"))) {
            return files.anyMatch(p -> p.toString().endsWith(".aot") || p.toString().endsWith(".jsa"));
        }
    }

    @Test
    void aJava25TrainsTheCacheOnceAndEveryRunNamesIt() throws Exception {
        Path java = java("java25", "AOTCacheOutput", false);
        Exit first = launch(java, Map.of());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.err().contains("training the JVM's class archive"), first.err());
        List<String> training = Files.readAllLines(log).stream().filter(l -> l.contains("-XX:AOTCacheOutput="))
                .toList();
        assertEquals(1, training.size(), training.toString());
        assertTrue(training.get(0).matches(Pattern.quote(options) + " -XX:AOTCacheOutput=\\S+/jvm-\\d+\\.aot -jar "
                + Pattern.quote(jar + " run " + root + "/experiments/configs/quickstart.yaml --quiet --out ")
                + "\\S+/results"), training.get(0));
        Path cache = archive(".aot");
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
    void aJava17TrainsADynamicCdsArchive() throws Exception {
        Path java = java("java17", "ArchiveClassesAtExit", false);
        Exit first = launch(java, Map.of());
        assertEquals(0, first.code(), first.err());
        Path jsa = archive(".jsa");
        assertEquals(options + " -XX:SharedArchiveFile=" + jsa + " -jar " + jar + " --version", first.out());
        assertEquals(first.out(), launch(java, Map.of()).out());
        assertEquals(1, calls("-XX:ArchiveClassesAtExit="), "trained once");
        assertEquals(1, calls("-XX:+PrintFlagsFinal"), "asked once");
    }

    @Test
    void noArchiveWithTcpsimAotZero() throws Exception {
        Exit e = launch(java("java25", "AOTCacheOutput", false), Map.of("TCPSIM_AOT", "0"));
        assertEquals(options + " -jar " + jar + " --version", e.out());
        assertEquals(0, calls("AOT"));
        assertEquals(0, calls("PrintFlagsFinal"));
    }

    @Test
    void aJavaWithoutArchivesIsAskedOnceAndRunsAsBefore() throws Exception {
        Path java = java("java11", null, false);
        for (int i = 0; i < 2; i++) {
            Exit e = launch(java, Map.of());
            assertEquals(options + " -jar " + jar + " --version", e.out());
            assertEquals("", e.err());
        }
        assertEquals(1, calls("-XX:+PrintFlagsFinal"), "the answer is kept beside the jar");
        assertFalse(anyArchive());
    }

    @Test
    void aFailedTrainingWarnsAndTheRunGoesOnWithoutTheArchive() throws Exception {
        Exit e = launch(java("java25", "AOTCacheOutput", true), Map.of());
        assertEquals(0, e.code());
        assertEquals(options + " -jar " + jar + " --version", e.out());
        assertTrue(e.err().contains("training the class archive failed (running without it)"), e.err());
        assertTrue(e.err().contains("training broke"), e.err());
        assertFalse(anyArchive());
    }
}
