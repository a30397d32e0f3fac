package tcpsim.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Issue 12 item 3: the cluster recipes in experiments/deploy. The Slurm scripts pass {@code bash -n} and, run by
 * hand with SLURM_ARRAY_TASK_ID set as Slurm would (and a stand-in {@code sbatch} for submit.sh), make the study's
 * folder byte for byte; the Kubernetes YAML parses, is an Indexed Job with the shard count in one place, mounts
 * the shared claim, and its containers' commands, run here with JOB_COMPLETION_INDEX set, do the same; the
 * Dockerfile copies only what the repository has or builds.
 */
class DeployRecipesTest {
    private static final Path DEPLOY = Path.of("deploy");
    private static final String TINY = """
            name: tiny
            seed: 9
            replications: 2
            duration: 2s
            warmup: 0s
            tcp: {time-wait: 1s}
            topology: {link: {latency: 5ms, loss: 0.05}}
            workload: {arrivals: {process: poisson, rate: 20/s}}
            sweep: {topology.link.latency: [5ms, 20ms]}
            """;

    private static boolean has(String program) {
        try {
            return new ProcessBuilder(program, "-c", "true").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** tcpsim as the recipes run it: this build's classes, in a JVM of their own. */
    private static String tcpsimCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java") + " -cp " + System.getProperty(
                "java.class.path") + " tcpsim.experiments.cli.Main";
    }

    private record Exit(int code, String output) {
    }

    private static Exit exec(Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("TCPSIM", tcpsimCommand());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Exit(p.waitFor(), out);
    }

    private static Exit ok(Map<String, String> env, String... cmd) throws Exception {
        Exit e = exec(env, cmd);
        assertEquals(0, e.code(), String.join(" ", cmd) + "\n" + e.output());
        return e;
    }

    private static SortedSet<String> files(Path dir) throws IOException {
        SortedSet<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p).toString()));
        }
        return out;
    }

    /** The unsharded run of {@code cfg} into {@code study}, moved aside: the folder a merge into it must equal. */
    private static Path unsharded(Path cfg, Path study) throws Exception {
        ok(Map.of(), "sh", "-c", tcpsimCommand() + " run " + cfg + " --out " + study + " --quiet");
        Path expected = study.resolveSibling("expected");
        Files.move(study, expected);
        return expected;
    }

    private static void assertSameFolder(Path expected, Path actual) throws IOException {
        assertEquals(files(expected), files(actual));
        for (String f : files(expected)) {
            if (!f.equals("provenance.json")) {
                assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), f);
            }
        }
    }

    @Test
    void theSlurmScriptsParseAndRunAsAJobArrayWouldRunThem(@TempDir Path dir) throws Exception {
        assumeTrue(has("bash"), "bash is not installed");
        List<Path> scripts = List.of(DEPLOY.resolve("slurm/shard.sbatch"), DEPLOY.resolve("slurm/merge.sbatch"),
                DEPLOY.resolve("slurm/submit.sh"), DEPLOY.resolve("tcpsim-cluster"), DEPLOY.resolve(
                        "kubernetes/run.sh"));
        for (Path s : scripts) {
            ok(Map.of(), "bash", "-n", s.toString());
            assertTrue(Files.isExecutable(s), s + " is executable");
        }
        String shard = Files.readString(DEPLOY.resolve("slurm/shard.sbatch"));
        assertTrue(shard.contains("\"$SLURM_ARRAY_TASK_ID\" \"$TCPSIM_SHARDS\""), "K is the array task id");

        Path cfg = Files.writeString(dir.resolve("tiny.yaml"), TINY);
        Path work = dir.resolve("work");
        Path study = dir.resolve("study");
        Path expected = unsharded(cfg, study);
        Map<String, String> env = Map.of("TCPSIM_CONFIG", cfg.toString(), "TCPSIM_SHARDS", "3", "TCPSIM_WORK",
                work.toString(), "TCPSIM_OUT", study.toString(), "TCPSIM_DEPLOY", DEPLOY.toAbsolutePath().toString(),
                "SLURM_CPUS_PER_TASK", "1");
        Exit outsideArray = exec(env, "bash", DEPLOY.resolve("slurm/shard.sbatch").toString());
        assertEquals(1, outsideArray.code());
        assertTrue(outsideArray.output().contains("SLURM_ARRAY_TASK_ID: not a job array task: submit with sbatch "
                + "--array=1-N (see submit.sh)"), outsideArray.output());
        for (int k = 3; k >= 1; k--) {
            Map<String, String> task = new java.util.HashMap<>(env);
            task.put("SLURM_ARRAY_TASK_ID", Integer.toString(k));
            ok(task, "bash", DEPLOY.resolve("slurm/shard.sbatch").toString());
            assertTrue(Files.isRegularFile(work.resolve("shard-" + k + "-of-3/manifest.json")));
        }
        Map<String, String> again = new java.util.HashMap<>(env);
        again.put("SLURM_ARRAY_TASK_ID", "2");
        assertEquals("tcpsim-cluster: shard 2/3 is already finished in " + work.resolve("shard-2-of-3")
                + "; nothing to do\n", ok(again, "bash", DEPLOY.resolve("slurm/shard.sbatch").toString()).output());
        ok(env, "bash", DEPLOY.resolve("slurm/merge.sbatch").toString());
        assertSameFolder(expected, study);
    }

    @Test
    void submitQueuesTheArrayAndAMergeAfterItSucceeds(@TempDir Path dir) throws Exception {
        assumeTrue(has("bash"), "bash is not installed");
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path log = dir.resolve("sbatch.log");
        Path sbatch = Files.writeString(bin.resolve("sbatch"), "#!/bin/sh\n"
                + "echo \"$*\" >> " + log + "\n"
                + "n=$(wc -l < " + log + ")\n"
                + "echo $((4000 + n))\\;cluster0\n");
        assertTrue(sbatch.toFile().setExecutable(true));
        Path cfg = Files.writeString(dir.resolve("tiny.yaml"), TINY);
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"));
        String deploy = DEPLOY.toAbsolutePath().toString();
        Exit e = ok(env, "bash", DEPLOY.resolve("slurm/submit.sh").toString(), cfg.toString(), "3",
                dir.resolve("work").toString(), dir.resolve("study").toString(), "--partition=short");
        assertTrue(e.output().contains("  shard 3/3: "), "validate --shards shows the split first:\n" + e.output());
        assertTrue(e.output().endsWith("submitted: shards 1-3 as job array 4001, the merge as job 4002 (after every "
                + "shard succeeds)\nresults: " + dir.resolve("study") + " (shard folders in " + dir.resolve("work")
                + "); follow with: squeue -j 4001,4002\n"), e.output());
        assertEquals(List.of("--parsable --array=1-3 --export=ALL --partition=short " + deploy
                + "/slurm/shard.sbatch", "--parsable --dependency=afterok:4001 --export=ALL --partition=short "
                + deploy + "/slurm/merge.sbatch"), Files.readAllLines(log));
        Exit bad = exec(env, "bash", DEPLOY.resolve("slurm/submit.sh").toString(), cfg.toString(), "0", "w", "o");
        assertEquals(2, bad.code());
        assertEquals("submit.sh: N must be a whole number of shards >= 1, got '0'\n", bad.output());
    }

    private static List<Object> docs(Path file) throws IOException {
        List<Object> out = new ArrayList<>();
        new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file)).forEach(out::add);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object o = node;
        for (String p : path) {
            o = o instanceof List<?> l ? l.get(Integer.parseInt(p)) : ((Map<String, Object>) o).get(p);
            assertTrue(o != null, "no " + String.join(".", path));
        }
        return (T) o;
    }

    private static String env(Object container, String name) {
        for (Object e : (List<?>) at(container, "env")) {
            if (name.equals(at(e, "name"))) {
                return at(e, "value");
            }
        }
        throw new AssertionError("no env " + name);
    }

    @Test
    void theKubernetesJobsAreAnIndexedJobAndAMergeOnOneSharedClaim(@TempDir Path dir) throws Exception {
        Object pvc = docs(DEPLOY.resolve("kubernetes/pvc.yaml")).get(0);
        Object shards = docs(DEPLOY.resolve("kubernetes/shards-job.yaml")).get(0);
        Object merge = docs(DEPLOY.resolve("kubernetes/merge-job.yaml")).get(0);
        assertEquals("PersistentVolumeClaim", at(pvc, "kind"));
        assertEquals(List.of("ReadWriteMany"), at(pvc, "spec", "accessModes"));
        String claim = at(pvc, "metadata", "name");
        assertEquals("Job", at(shards, "kind"));
        assertEquals("batch/v1", at(shards, "apiVersion"));
        assertEquals("Indexed", at(shards, "spec", "completionMode"));
        int completions = at(shards, "spec", "completions");
        int parallelism = at(shards, "spec", "parallelism");
        assertTrue(parallelism >= 1 && parallelism <= completions, "parallelism " + parallelism);
        Object shardPod = at(shards, "spec", "template", "spec");
        Object shardBox = at(shardPod, "containers", "0");
        assertEquals(Integer.toString(completions), env(shardBox, "TCPSIM_SHARDS"), "N is completions");
        String shardArgs = at(shardBox, "args", "0");
        assertTrue(shardArgs.contains("\"$((JOB_COMPLETION_INDEX + 1))\" \"$TCPSIM_SHARDS\""), shardArgs);
        assertEquals("Job", at(merge, "kind"));
        Object mergePod = at(merge, "spec", "template", "spec");
        Object mergeBox = at(mergePod, "containers", "0");
        assertEquals(Integer.toString(completions), env(mergeBox, "TCPSIM_SHARDS"));
        assertEquals((String) at(shardBox, "image"), at(mergeBox, "image"), "one image for both");
        for (Object pod : List.of(shardPod, mergePod)) {
            Object box = at(pod, "containers", "0");
            assertEquals("results", at(pod, "volumes", "0", "name"));
            assertEquals(claim, at(pod, "volumes", "0", "persistentVolumeClaim", "claimName"));
            assertEquals("results", at(box, "volumeMounts", "0", "name"));
            assertEquals("/results", at(box, "volumeMounts", "0", "mountPath"));
        }
        assertEquals("config", at(shardPod, "volumes", "1", "name"));
        assertEquals("tcpsim-config", at(shardPod, "volumes", "1", "configMap", "name"));
        assertEquals("/config", at(shardBox, "volumeMounts", "1", "mountPath"));

        // the containers' commands, with the image's and the volumes' paths pointed at this checkout and a folder
        assumeTrue(has("sh"), "sh is not installed");
        Path cfg = Files.writeString(dir.resolve("tiny.yaml"), TINY);
        Path results = Files.createDirectory(dir.resolve("results"));
        Path expected = unsharded(cfg, results.resolve("study"));
        for (int index = 0; index < completions; index++) {
            ok(Map.of("JOB_COMPLETION_INDEX", Integer.toString(index), "TCPSIM_SHARDS", Integer.toString(
                    completions)), "sh", "-c", local(shardArgs, cfg, results));
        }
        ok(Map.of("TCPSIM_SHARDS", Integer.toString(completions)), "sh", "-c", local(at(mergeBox, "args", "0"), cfg,
                results));
        assertSameFolder(expected, results.resolve("study"));
    }

    private static String local(String containerCommand, Path cfg, Path results) {
        return containerCommand.replace("/opt/tcpsim/tcpsim-cluster", DEPLOY.resolve("tcpsim-cluster")
                .toAbsolutePath().toString()).replace("/config/study.yaml", cfg.toString())
                .replace("/results", results.toString());
    }

    @Test
    void theClusterScriptRunsTheJarWithTheOptionsOfJvmOptionsThenJavaOpts(@TempDir Path dir) throws Exception {
        // a stand-in java that prints what it was given
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
        assertTrue(java.toFile().setExecutable(true));
        String options = Files.readAllLines(Path.of("jvm.options")).stream().filter(l -> !l.startsWith("#"))
                .reduce("", (a, b) -> (a + " " + b).trim());
        assertTrue(options.contains("-XX:FreqInlineSize="), options);
        ProcessBuilder pb = new ProcessBuilder("sh", DEPLOY.resolve("tcpsim-cluster").toString(), "merge", "2", "w",
                "out").redirectErrorStream(true);
        pb.environment().remove("TCPSIM");
        pb.environment().remove("JAVA_OPTS");
        pb.environment().put("JAVA", java.toString());
        pb.environment().put("TCPSIM_JAR", "tcpsim.jar");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        assertEquals(options + " -jar tcpsim.jar merge w/shard-*-of-2 --out out", out);

        pb.environment().put("JAVA_OPTS", "-Xmx1g");
        p = pb.start();
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        assertEquals(options + " -Xmx1g -jar tcpsim.jar merge w/shard-*-of-2 --out out", out,
                "JAVA_OPTS comes after them");
    }

    @Test
    void theDockerfileCopiesWhatTheRepositoryHasAndTheJobsRun() throws IOException {
        String docker = Files.readString(DEPLOY.resolve("Dockerfile"));
        Matcher m = Pattern.compile("(?m)^COPY (\\S+) (\\S+)$").matcher(docker);
        List<String> targets = new ArrayList<>();
        Path root = Path.of("").toAbsolutePath().getParent(); // the build runs in experiments/
        while (m.find()) {
            String from = m.group(1);
            targets.add(m.group(2));
            if (!from.equals("experiments/target/tcpsim.jar")) { // what mvn package builds
                assertTrue(Files.exists(root.resolve(from)), "the Dockerfile copies " + from + ", which is missing");
            }
        }
        // jvm.options beside tcpsim-cluster, where the script and the image's tcpsim wrapper read it
        assertEquals(List.of("/opt/tcpsim/tcpsim.jar", "/opt/tcpsim/configs/", "/opt/tcpsim/tcpsim-cluster",
                "/opt/tcpsim/jvm.options"), targets);
        assertTrue(docker.contains("exec java $(sed \"/^#/d\" /opt/tcpsim/jvm.options) ${JAVA_OPTS:-} -jar "
                + "/opt/tcpsim/tcpsim.jar"), "the image's tcpsim runs with jvm.options' options, then JAVA_OPTS");
        assertTrue(Files.readString(root.resolve("experiments/pom.xml")).contains("<finalName>tcpsim</finalName>"),
                "the jar the Dockerfile copies is experiments/target/tcpsim.jar");
        for (String job : List.of("shards-job.yaml", "merge-job.yaml")) {
            assertTrue(Files.readString(DEPLOY.resolve("kubernetes").resolve(job)).contains(
                    "exec /opt/tcpsim/tcpsim-cluster "), job + " runs the script the image holds");
        }
    }
}
