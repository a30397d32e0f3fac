package tcpsim.experiments.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceFilesTest {
    @TempDir
    Path dir;

    private void part(int point, int replication, String... lines) throws Exception {
        Path p = TraceFiles.partFile(dir, point, replication);
        Files.createDirectories(p.getParent());
        StringBuilder sb = new StringBuilder(TraceRow.HEADER).append('\n');
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        Files.writeString(p, sb, StandardCharsets.UTF_8);
    }

    @Test
    void mergeOrdersPartsNumericallyAndRemovesThem() throws Exception {
        String a = "0.000000000,10,0,c,state,1,1,10.0.0.1,1,10.0.0.2,80,,,,,SYN_SENT";
        String b = "0.000000000,2,1,c,state,1,1,10.0.0.1,1,10.0.0.2,80,,,,,SYN_SENT";
        String c = "0.000000000,2,0,c,state,1,1,10.0.0.1,1,10.0.0.2,80,,,,,SYN_SENT";
        String d = "1.000000000,2,0,c,state,1,1,10.0.0.1,1,10.0.0.2,80,,,,,CLOSED";
        part(10, 0, a);
        part(2, 1, b);
        part(2, 0, c, d);
        TraceFiles.merge(dir);
        assertEquals(TraceRow.HEADER + "\n" + c + "\n" + d + "\n" + b + "\n" + a + "\n",
                tcpsim.experiments.TestGz.read(dir.resolve("trace.csv.gz")));
        assertFalse(Files.exists(dir.resolve("trace")));
        List<TraceRow> rows = TraceFiles.read(dir.resolve("trace.csv.gz"), 2, 0);
        assertEquals(2, rows.size());
        assertEquals("CLOSED", rows.get(1).state());
    }

    @Test
    void mergeWithoutPartsWritesNothing() throws Exception {
        TraceFiles.merge(dir);
        assertFalse(Files.exists(dir.resolve("trace.csv.gz")));
    }
}
