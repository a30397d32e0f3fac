package tcpsim.experiments.results;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A UTF-8 text file writer with {@code \n} line ends that computes the file's SHA-256 as it writes; a file whose name
 * ends in {@code .gz} is gzip-compressed (one member, no name, modification time 0: the bytes follow the text alone).
 */
public final class DigestWriter implements AutoCloseable {
    /** The ending of a compressed file's name. */
    public static final String GZ = ".gz";

    private final MessageDigest sha;
    private final OutputStream bytes; // the text's bytes before compression
    private final Writer out;
    private String hex;

    public DigestWriter(Path file) throws IOException {
        sha = sha256();
        OutputStream raw = new BufferedOutputStream(new DigestOutputStream(Files.newOutputStream(file), sha), 1 << 16);
        bytes = file.getFileName().toString().endsWith(GZ) ? gzip(raw) : raw;
        out = new BufferedWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * A gzip stream at the fastest level: the tables are assembled on one thread after the runs, and level 6 took
     * 2.6 times as long for files 17% smaller (handshake-vs-loss's connections: 0.93 s against 0.36 s for 29 MB).
     */
    static GZIPOutputStream gzip(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    /** Appends the bytes of {@code file} as they are (a part written earlier, uncompressed). */
    public void append(Path file) throws IOException {
        out.flush();
        Files.copy(file, bytes);
    }

    /**
     * Hashes 1 MB of zeros, once per process, so that the JIT compiles SHA-256 with C2 early. Without
     * it the digest of a run's part files ran at about 90 MB/s instead of 1.7 GB/s for the whole of a short run:
     * the C2 compiler's queue was full of the simulation's methods, so the digest stayed in profiled C1 code, and
     * hashing the 18 MB of a 100,000-connection run took 0.2 s of its 1.2 s. This costs about 0.01 s, and C2 has
     * compiled the digest's compression function before the first run starts (-XX:+PrintCompilation).
     */
    static void warmUp() {
        MessageDigest d = sha256();
        byte[] zeros = new byte[1 << 16];
        for (int i = 0; i < 16; i++) {
            d.update(zeros);
        }
        d.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Writes one line and a {@code \n}. */
    public void line(CharSequence text) throws IOException {
        out.append(text).append('\n');
    }

    /** Writes raw text. */
    public void write(String text) throws IOException {
        out.write(text);
    }

    /** The SHA-256 of everything written, in lower-case hex; valid after {@link #close()}. */
    public String sha256Hex() {
        if (hex == null) {
            throw new IllegalStateException("close the writer first");
        }
        return hex;
    }

    @Override
    public void close() throws IOException {
        if (hex == null) {
            out.close();
            hex = HexFormat.of().formatHex(sha.digest());
        }
    }

    /** The SHA-256 of a file's bytes, in lower-case hex. */
    public static String sha256Hex(Path file) throws IOException {
        MessageDigest d = sha256();
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
