package tcpsim.experiments.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 9 item 4's messages: encoding, permissions, the --set to blame, names too long for a folder. */
class MessagesTest {
    private static String error(Path f, String... sets) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(f, List.of(sets))).getMessage();
    }

    @Test
    void aConfigThatIsNotUtf8IsNamedSoWithTheByteOffset(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("latin1.yaml");
        Files.write(f, "name: x\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(f + ": not UTF-8: byte 0xE9 at offset 13 (line 2, byte 6 of the line) is not valid UTF-8; save the config as "
                + "UTF-8", error(f));
    }

    @Test
    void anUnreadableConfigSaysPermissionDenied(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("secret.yaml");
        Files.writeString(f, "name: x\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(f), "running as root: every file is readable");
        assertEquals(f + ": permission denied: this user may not read the file", error(f));
    }

    @Test
    void anOverrideIsBlamedForItsOwnValueTheFileForTheRest(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("a.yaml");
        Files.writeString(f, "name: x\ntopology: {link: {latency: 5ms}}\nworkload: {close: sideways}\n");
        assertTrue(error(f).startsWith(f + ": line 3, column 19: workload.close: "), error(f));
        String m = error(f, "workload.close=client-first", "topology.link.latency=25");
        assertTrue(m.startsWith("--set topology.link.latency=25: topology.link.latency: '25' has no unit"), m);
        // a mapping set whole: its keys' errors go to that --set
        m = error(f, "workload.close=client-first", "topology.link={latency: 5parsecs}");
        assertTrue(m.startsWith("--set topology.link={latency: 5parsecs}: topology.link.latency: "), m);
        // a swept key set by --set: the sweep point's error goes to it too
        m = error(f, "workload.close=client-first", "sweep.topology.link.loss=[0, 2]");
        assertTrue(m.startsWith("--set sweep.topology.link.loss=[0, 2]: "), m);
        assertTrue(m.contains("topology.link.loss"), m);
    }

    @Test
    void aNameTooLongForAFolderIsRefusedByValidateAsByRun() throws ConfigException {
        String ok = "n".repeat(200);
        assertEquals(ok, ConfigLoader.parse("a.yaml", "name: " + ok + "\n", List.of()).name());
        String m = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("a.yaml", "name: " + "n".repeat(300) + "\n", List.of())).getMessage();
        assertTrue(m.startsWith("a.yaml: line 1, column 7: name: "), m);
        assertTrue(m.contains("has 300 characters; allowed at most 200"), m);
    }
}
