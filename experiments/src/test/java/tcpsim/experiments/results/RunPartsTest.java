package tcpsim.experiments.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.tcp.TcpState;

class RunPartsTest {
    @TempDir
    Path dir;

    /** The SHA-256s computed as the part files are written are those of the files' bytes on disk. */
    @Test
    void theDigestsTakenWhileWritingAreThoseOfTheFiles() throws Exception {
        RunParts parts = new RunParts(dir, 2, 1, ",5ms", List.of("client1", "server1"), true, true, 0, 10_000_000_000L,
                null);
        for (int i = 0; i < 50_000; i++) {
            parts.occupancy(i * 1000L, i % 2, TcpState.TIME_WAIT, i % 97);
        }
        parts.close();
        Map<String, String> digests = parts.sha256s();
        assertEquals(List.of(RunParts.CONNECTIONS, RunParts.OCCUPANCY, RunParts.SETUP), List.copyOf(digests.keySet()));
        for (Map.Entry<String, String> e : digests.entrySet()) {
            assertEquals(DigestWriter.sha256Hex(dir.resolve(e.getKey())), e.getValue(), e.getKey());
        }
        assertEquals(digests, parts.sha256s(), "asked twice, the same");
        assertEquals(50_000, Files.readAllLines(dir.resolve(RunParts.OCCUPANCY)).size());
    }
}
