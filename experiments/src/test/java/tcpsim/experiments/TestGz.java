package tcpsim.experiments;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** The results folder's gzip-compressed tables, read and written whole in tests. */
public final class TestGz {
    private TestGz() {
    }

    /** The text of a gzip file. */
    public static String read(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The lines of a gzip file. */
    public static List<String> lines(Path file) throws IOException {
        String text = read(file);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    /** Writes {@code text} gzip-compressed. */
    public static void write(Path file, CharSequence text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Writes the lines, each ending in a line feed, gzip-compressed. */
    public static void write(Path file, List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append('\n'));
        write(file, sb);
    }

    /** Gzip of bytes. */
    public static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(b)) {
            out.write(bytes);
        }
        return b.toByteArray();
    }
}
