package tcpsim.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.experiments.results.DigestWriter;

/** Issue 11 item 1: the manifest's command reproduces the run; volatile facts live in provenance.json only. */
class ProvenanceTest {
    static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void theRecordedCommandWithItsOverridesReproducesTheDataByteForByte(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("tw");
        CliTest.Result r = CliTest.run("run", "configs/quickstart.yaml", "--out", out.toString(), "--threads", "2",
                "-q", "--set", "duration=3s", "--set", "warmup=1s", "--set", "replications=2",
                "--set", "sweep.topology.link.loss=[0, 0.1]", "--seed", "7", "--trace");
        assertEquals(0, r.code(), r.err());
        JsonNode manifest = json(out.resolve("manifest.json"));
        List<String> command = strings(manifest.get("command"));
        assertEquals(List.of("run", "configs/quickstart.yaml", "--out", out.toString(), "--set", "duration=3s",
                "--set", "warmup=1s", "--set", "replications=2", "--set", "sweep.topology.link.loss=[0, 0.1]",
                "--seed", "7", "--trace"), command);
        assertEquals(7, manifest.get("seed").asLong());
        for (String volatileField : List.of("git_commit", "java_version", "build_commit", "machine", "wall_s",
                "command_line", "threads")) {
            assertTrue(manifest.get(volatileField) == null, volatileField + " in the manifest");
        }
        JsonNode provenance = json(out.resolve("provenance.json"));
        assertEquals(List.of("tcpsim", "run", "configs/quickstart.yaml", "--out", out.toString(), "--threads", "2",
                "-q", "--set", "duration=3s", "--set", "warmup=1s", "--set", "replications=2",
                "--set", "sweep.topology.link.loss=[0, 0.1]", "--seed", "7", "--trace"),
                strings(provenance.get("argv")));
        assertEquals("tcpsim run configs/quickstart.yaml --out " + out + " --threads 2 -q --set duration=3s "
                + "--set warmup=1s --set replications=2 --set 'sweep.topology.link.loss=[0, 0.1]' --seed 7 --trace",
                provenance.get("command_line").asText());
        assertEquals(2, provenance.get("threads").asInt());
        assertEquals(Runtime.getRuntime().availableProcessors(), provenance.get("machine").get("cores").asInt());
        assertEquals(System.getProperty("java.version"), provenance.get("machine").get("java_version").asText());
        assertTrue(provenance.get("build_commit").asText().matches("[0-9a-f]{40}|unknown"),
                provenance.get("build_commit").asText());
        assertTrue(Double.parseDouble(provenance.get("wall_s").asText()) > 0);

        // rerun exactly what the manifest says, into the same folder (the first one moved aside)
        Path first = Files.move(out, dir.resolve("first"));
        CliTest.Result again = CliTest.run(command.toArray(new String[0]));
        assertEquals(0, again.code(), again.err());
        JsonNode files = manifest.get("files");
        assertTrue(files.has("trace.csv.gz") && files.has("connections.csv.gz"), files.toString());
        for (Iterator<String> it = files.fieldNames(); it.hasNext();) {
            String f = it.next();
            assertEquals(files.get(f).asText(), DigestWriter.sha256Hex(out.resolve(f)), f);
        }
        // and nothing tracked changes: the manifest and the report come out byte-identical too
        for (String f : List.of("manifest.json", "report.html", "summary.csv")) {
            assertArrayEquals(Files.readAllBytes(first.resolve(f)), Files.readAllBytes(out.resolve(f)), f);
        }
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<pre><code>./tcpsim run configs/quickstart.yaml --out " + out + " --set duration=3s"
                + " --set warmup=1s --set replications=2 --set &#39;sweep.topology.link.loss=[0, 0.1]&#39; --seed 7 "
                + "--trace</code></pre>"), html.substring(html.indexOf("Regenerate")));
    }

    @Test
    void theBuildCommitIsUnknownWhenTheBuildHadNoGitCheckout() {
        // outside a git checkout the build-info profile is off and build-commit.txt / build-changes.txt are absent
        assertEquals("unknown", BuildInfo.commitOf(null));
        assertEquals("unknown", BuildInfo.dirtyOf(null));
        assertEquals("unknown", BuildInfo.commitOf("fatal: not a git repository\n"));
        assertEquals("c5e72b3703bd0960bf3d53357aa53b15f366ae36",
                BuildInfo.commitOf("c5e72b3703bd0960bf3d53357aa53b15f366ae36\n"));
        assertEquals("false", BuildInfo.dirtyOf(""));
        assertEquals("true", BuildInfo.dirtyOf(" M README.md\n"));
        assertEquals("unknown", BuildInfo.stamped("${project.version}"));
    }
}
