package tcpsim.experiments.capture;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of a segment trace: one part per run, {@code trace/<point>-<replication>.csv} (each with the header),
 * written while runs go in parallel, then merged into {@code trace.csv} in (point, replication) order, so that the
 * result does not depend on the thread count.
 */
public final class TraceFiles {
    /** The merged trace in a results folder. */
    public static final String TRACE_CSV = "trace.csv";
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
     * Concatenates the parts under {@code outDir/trace/} in (point, replication) order into {@code outDir/trace.csv}
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
        try (BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
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

    /** The rows of one run (point, replication) of a trace file, in file order. */
    public static List<TraceRow> read(Path traceCsv, int point, int replication) throws IOException {
        List<TraceRow> rows = new ArrayList<>();
        String key = "," + point + "," + replication + ",";
        try (BufferedReader in = Files.newBufferedReader(traceCsv, StandardCharsets.UTF_8)) {
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
