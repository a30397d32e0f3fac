package tcpsim.experiments.capture;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The files of a segment trace: one part per run, {@code trace/<point>-<replication>.csv} (each with the header),
 * written while runs go in parallel, then merged into {@code trace.csv.gz} in (point, replication) order, so that
 * the result does not depend on the thread count. The trace is gzip-compressed as the results folder's other large
 * tables are (one member, no name, modification time 0: its bytes follow its text alone).
 */
public final class TraceFiles {
    /** The merged trace in a results folder. */
    public static final String TRACE_CSV = "trace.csv.gz";
    /** The folder of per-run parts in a results folder. */
    public static final String PARTS_DIR = "trace";

    private static final Pattern PART = Pattern.compile("(\\d+)-(\\d+)\\.csv");

    private TraceFiles() {
    }

    /** The part file of one run under {@code outDir}. */
    public static Path partFile(Path outDir, int point, int replication) {
        return outDir.resolve(PARTS_DIR).resolve(point + "-" + replication + ".csv");
    }

    /**
     * Concatenates the parts under {@code outDir/trace/} in (point, replication) order into {@code outDir/trace.csv.gz}
     * (one header), then deletes the parts and the folder. Does nothing when there are no parts.
     */
    public static void merge(Path outDir) throws IOException {
        Path partsDir = outDir.resolve(PARTS_DIR);
        if (!Files.isDirectory(partsDir)) {
            return;
        }
        List<long[]> keys = new ArrayList<>();
        List<Path> parts = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(partsDir)) {
            for (Path p : ds) {
                Matcher m = PART.matcher(p.getFileName().toString());
                if (m.matches()) {
                    keys.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), parts.size()});
                    parts.add(p);
                }
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        keys.sort(Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1]));
        Path target = outDir.resolve(TRACE_CSV);
        // compressed as the results writer compresses the other tables (DigestWriter): the fastest level
        GZIPOutputStream gz = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(target), 1 << 16),
                1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(gz, StandardCharsets.UTF_8), 1 << 16)) {
            boolean first = true;
            for (long[] k : keys) {
                try (BufferedReader in = Files.newBufferedReader(parts.get((int) k[2]), StandardCharsets.UTF_8)) {
                    String line = in.readLine(); // the part's header: the same in every part of a study
                    if (first && line != null) {
                        out.write(line);
                        out.write('\n');
                        first = false;
                    }
                    while ((line = in.readLine()) != null) {
                        out.write(line);
                        out.write('\n');
                    }
                }
            }
        }
        for (Path p : parts) {
            Files.delete(p);
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(partsDir)) {
            if (!ds.iterator().hasNext()) {
                Files.delete(partsDir);
            }
        }
    }

    private static BufferedReader reader(Path file) throws IOException {
        if (!file.getFileName().toString().endsWith(".gz")) {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        }
        InputStream in = Files.newInputStream(file);
        try {
            return new BufferedReader(new InputStreamReader(new GZIPInputStream(in, 1 << 16), StandardCharsets.UTF_8),
                    1 << 16);
        } catch (IOException e) {
            in.close();
            throw new IOException(file + " is not a tcpsim trace: not a gzip file (" + e.getMessage() + ")", e);
        }
    }

    /** The rows of one run (point, replication) of a trace file (gzip-compressed or not), in file order. */
    public static List<TraceRow> read(Path traceCsv, int point, int replication) throws IOException {
        List<TraceRow> rows = new ArrayList<>();
        String key = "," + point + "," + replication + ",";
        try (BufferedReader in = reader(traceCsv)) {
            String header = in.readLine();
            int params = header == null ? -1 : header.split(",", -1).length - TraceRow.COLUMNS;
            if (params < 0 || !header.startsWith("time_s,point,replication,")
                    || !header.endsWith("," + TraceRow.OWN_COLUMNS)) {
                throw new IOException(traceCsv + " is not a tcpsim trace: its header must be " + TraceRow.HEADER
                        + " (with the parameter columns after replication when there is a sweep)");
            }
            String line;
            while ((line = in.readLine()) != null) {
                int comma = line.indexOf(',');
                if (comma >= 0 && line.startsWith(key, comma)) {
                    rows.add(TraceRow.parse(line, params));
                }
            }
        }
        return rows;
    }
}
