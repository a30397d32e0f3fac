package tcpsim.experiments.results;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.OutputStream;
import java.io.Writer;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tcpsim.experiments.config.Units;
import tcpsim.experiments.sim.ConnectionRecord;
import tcpsim.experiments.sim.Outcome;
import tcpsim.experiments.sim.RunOutput;
import tcpsim.tcp.TcpState;

/**
 * One run's parts in the work folder, written as the run streams them, on the run's thread:
 * {@code .parts/p<point>-r<replication>/} holds its rows of connections.csv and occupancy.csv (no header; each row
 * starts with the run's point, replication and parameter cells; occupancy binned or exact, see
 * {@link BinnedOccupancy}) and
 * {@code setup.bin}, the client setup time of every connection that has one, in ns (bitwise negated when its
 * outcome is not ok), for the point's exact quantiles. The occupancy rows are also integrated into the charts'
 * bins as they go. The results writer concatenates the parts in (point, replication) order, so the data files
 * are the same whatever ran in parallel. While the run lasts, the folder may also hold {@code scratch.bin}, where the
 * recorder parks records waiting out a TIME_WAIT; it is removed when the parts close.
 */
final class RunParts implements RunOutput {
    static final String CONNECTIONS = "connections.csv";
    static final String OCCUPANCY = "occupancy.csv";
    static final String SETUP = "setup.bin";
    /** The recorder's scratch file ({@link #scratch}), removed when the run's parts close. */
    static final String SCRATCH = "scratch.bin";

    static {
        DigestWriter.warmUp(); // before the first run's part files are hashed as they are written
    }

    private final Path dir;
    private final String prefix;
    private final List<String> hosts;
    private final Writer connections;
    private final Writer occupancy;
    private final BinnedOccupancy binned; // null when the occupancy rows are the exact step changes
    private final DataOutputStream setup;
    private final OccupancyBins bins;
    private final StringBuilder line = new StringBuilder(192);
    private char[] chars = new char[256];
    private long writeNanos;
    /** Each part file's SHA-256, computed as its bytes are written (run.json lists them; no second read). */
    private final Map<String, MessageDigest> digests = new TreeMap<>();
    private Map<String, String> sha256s;
    private FileChannel scratch;

    /**
     * @param params the run's parameter cells, each preceded by a comma (see {@code SweepColumns#rowCells})
     * @param binWidth the occupancy rows' bin width in ns, 0 for the exact step changes
     * @param duration the run's duration, ns (where the last bin ends)
     * @param bins the occupancy grid to integrate into, or null for none
     */
    RunParts(Path dir, int point, int replication, String params, List<String> hosts, boolean connections,
            boolean occupancy, long binWidth, long duration, OccupancyBins bins) throws IOException {
        this.dir = dir;
        this.prefix = point + "," + replication + params + ",";
        this.hosts = List.copyOf(hosts);
        Files.createDirectories(dir);
        this.connections = connections ? writer(dir.resolve(CONNECTIONS)) : null;
        this.occupancy = occupancy ? writer(dir.resolve(OCCUPANCY)) : null;
        this.binned = occupancy && binWidth > 0 ? new BinnedOccupancy(this.occupancy, prefix, this.hosts, binWidth,
                duration) : null;
        this.setup = new DataOutputStream(new BufferedOutputStream(digested(dir.resolve(SETUP)), 1 << 16));
        this.bins = bins;
    }

    static Path dir(Path workDir, int point, int replication) {
        return workDir.resolve(ResultFiles.PARTS_DIR).resolve("p" + point + "-r" + replication);
    }

    private Writer writer(Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(digested(file), StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * A new part file whose SHA-256 is computed as it is written: hashing the files again after the run read them
     * back through a digest that the JIT had not compiled yet, a tenth of a 100,000-connection run's time.
     */
    private OutputStream digested(Path file) throws IOException {
        MessageDigest d = DigestWriter.sha256();
        digests.put(file.getFileName().toString(), d);
        return new DigestOutputStream(Files.newOutputStream(file), d);
    }

    /** The SHA-256 of every part file written, by file name, in lower-case hex; valid after {@link #close()}. */
    Map<String, String> sha256s() {
        if (sha256s == null) {
            sha256s = new TreeMap<>();
            digests.forEach((name, d) -> sha256s.put(name, HexFormat.of().formatHex(d.digest())));
        }
        return sha256s;
    }

    Path dir() {
        return dir;
    }

    OccupancyBins bins() {
        return bins;
    }

    /** Wall time spent closing the parts (flushing the last rows), ns; the rows themselves are part of the run. */
    long writeNanos() {
        return writeNanos;
    }

    @Override
    public void connection(ConnectionRecord c) throws IOException {
        if (c.clientSetup() != ConnectionRecord.NONE) {
            setup.writeLong(c.outcome() == Outcome.OK ? c.clientSetup() : ~c.clientSetup());
        }
        if (connections != null) {
            StringBuilder sb = line;
            sb.setLength(0);
            sb.append(prefix).append(c.id()).append(',').append(c.clientTcb()).append(',');
            if (c.serverTcb() != 0) {
                sb.append(c.serverTcb());
            }
            sb.append(',').append(c.client()).append(',').append(c.server())
                    .append(',').append(c.clientPort() == 0 ? "" : Integer.toString(c.clientPort()))
                    .append(',').append(c.serverPort()).append(',');
            Units.appendSeconds(sb, c.start()).append(',').append(c.outcome().label()).append(',');
            time(sb, c.clientSetup()).append(',');
            time(sb, c.serverSetup()).append(',').append(c.synRetransmits())
                    .append(',').append(c.synAckRetransmits()).append(',').append(c.closeInitiator());
            for (int i = 0; i < ConnectionRecord.TIMED_STATES.length; i++) {
                time(sb.append(','), c.stateTime(i));
            }
            time(sb.append(','), c.end()).append('\n');
            write(connections, sb);
        }
    }

    @Override
    public void occupancy(long time, int host, TcpState state, int count) throws IOException {
        if (binned != null) {
            binned.change(time, host, state, count);
        } else if (occupancy != null) {
            StringBuilder sb = line;
            sb.setLength(0);
            sb.append(prefix).append(hosts.get(host)).append(',');
            Units.appendSeconds(sb, time).append(',').append(state.name()).append(',').append(count).append('\n');
            write(occupancy, sb);
        }
        if (bins != null) {
            // ns / 1e9 is the double that the row's exact decimal seconds parse to
            bins.change(host, state.ordinal(), count, time / 1e9);
        }
    }

    /**
     * Writes the row through a reused char buffer: {@code Writer.append(CharSequence)} makes a String of every row,
     * which was a quarter of all the bytes a run allocated.
     */
    private void write(Writer w, StringBuilder sb) throws IOException {
        int n = sb.length();
        if (chars.length < n) {
            chars = new char[2 * n];
        }
        sb.getChars(0, n, chars, 0);
        w.write(chars, 0, n);
    }

    /** A time cell: exact seconds, or empty when the connection never got there. */
    private static StringBuilder time(StringBuilder sb, long ns) {
        return ns == ConnectionRecord.NONE ? sb : Units.appendSeconds(sb, ns);
    }

    @Override
    public FileChannel scratch() throws IOException {
        if (scratch == null) {
            scratch = FileChannel.open(dir.resolve(SCRATCH), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        }
        return scratch;
    }

    @Override
    public void close() throws IOException {
        long t0 = System.nanoTime();
        if (scratch != null) {
            scratch.close();
            Files.deleteIfExists(dir.resolve(SCRATCH));
        }
        try (setup) {
            if (connections != null) {
                connections.close();
            }
        } finally {
            if (occupancy != null) {
                try (occupancy) {
                    if (binned != null) {
                        binned.finish();
                    }
                }
            }
        }
        if (bins != null) {
            bins.close(TcpState.values().length);
        }
        writeNanos += System.nanoTime() - t0;
    }

    /** The setup times in {@code setup.bin} of a run's parts, in seconds: all, or only those of ok connections. */
    static void readSetups(Path partDir, boolean okOnly, DoubleSink sink) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(
                Files.newInputStream(partDir.resolve(SETUP)), 1 << 16))) {
            while (true) {
                long v;
                try {
                    v = in.readLong();
                } catch (EOFException e) {
                    return;
                }
                boolean ok = v >= 0;
                if (ok || !okOnly) {
                    sink.add((ok ? v : ~v) / 1e9);
                }
            }
        }
    }

    /** Receives doubles. */
    @FunctionalInterface
    interface DoubleSink {
        void add(double v);
    }
}
