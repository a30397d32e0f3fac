package tcpsim.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.experiments.config.Reference;

class KeysCommandTest {
    @Test
    void printsTheReferenceAndTheMarkdown() {
        CliTest.Result r = CliTest.run("keys");
        assertEquals(0, r.code(), r.err());
        assertEquals(Reference.text(), r.out());
        assertTrue(r.out().contains("tcp.syn-retries\n    type:    integer 0..127 (retransmissions)\n"
                + "    default: linux 6, rfc9293 7\n"), r.out());
        r = CliTest.run("keys", "--markdown");
        assertEquals(0, r.code(), r.err());
        assertEquals(Reference.markdown(), r.out());
    }

    @Test
    void updatesAReadmeInPlace(@TempDir Path dir) throws Exception {
        Path readme = dir.resolve("README.md");
        String readmeText = Files.readString(Path.of("..", "README.md"));
        Files.writeString(readme, readmeText.replace("| `seed` | integer |", "| `seed` | number |"));
        CliTest.Result r = CliTest.run("keys", "--update-readme", readme.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(readmeText, Files.readString(readme));
        Files.writeString(readme, "no markers\n");
        r = CliTest.run("keys", "--update-readme", readme.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("README has no block <!-- keys:top"), r.err());
    }
}
