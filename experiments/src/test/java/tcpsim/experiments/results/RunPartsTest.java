package tcpsim.experiments.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

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

    /** The recorder's scratch file is the run's own: opened once, in the run's folder, gone when the parts close. */
    @Test
    void theScratchFileLastsAsLongAsTheParts() throws Exception {
        RunParts parts = new RunParts(dir, 0, 0, "", List.of("client1"), true, false, 0, 1_000_000_000L, null);
        var f = parts.scratch();
        assertSame(f, parts.scratch());
        f.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), 5);
        assertEquals(8, Files.size(dir.resolve(RunParts.SCRATCH)));
        parts.close();
        assertFalse(Files.exists(dir.resolve(RunParts.SCRATCH)));
        assertFalse(f.isOpen());
        assertEquals(List.of(RunParts.CONNECTIONS, RunParts.SETUP), List.copyOf(parts.sha256s().keySet()));
    }
}
