package tcpsim.experiments.results;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The results folder's CSV dialect: UTF-8, comma separated, a header row, no quoting (values never hold
 * commas), empty cell = not applicable. Small files are read whole ({@link #read}); the large per-connection
 * and occupancy files are streamed row by row ({@link #stream}). A file whose name ends in {@code .gz} is read
 * through gzip (the large tables are written so, see {@link DigestWriter}).
 */
public final class Csv {

    private Csv() {
    }

    /** Column positions by header name. */
    public static final class Header {
        private final List<String> names;
        private final Map<String, Integer> index = new HashMap<>();

        Header(List<String> names) {
            this.names = List.copyOf(names);
            for (int i = 0; i < names.size(); i++) {
                index.putIfAbsent(names.get(i), i);
            }
        }

        public List<String> names() {
            return names;
        }

        /** Position of a column, or -1 when absent. */
        public int find(String name) {
            Integer i = index.get(name);
            return i == null ? -1 : i;
        }

        /** Position of a required column. */
        public int require(Path file, String name) throws IOException {
            int i = find(name);
            if (i < 0) {
                throw new IOException(file + ": missing column '" + name + "' (header: " + String.join(",", names)
                        + ")");
            }
            return i;
        }
    }

    /** A whole small table. */
    public record Table(Header header, List<String[]> rows) {

        public List<String> columns() {
            return header.names();
        }

        public boolean has(String column) {
            return header.find(column) >= 0;
        }

        /** The cell, or "" when the column is absent. */
        public String get(String[] row, String column) {
            int i = header.find(column);
            return i < 0 || i >= row.length ? "" : row[i];
        }

        public boolean has(SummaryColumn column) {
            return has(column.label());
        }

        /** The cell of a summary column, or "" when the column is absent. */
        public String get(String[] row, SummaryColumn column) {
            return get(row, column.label());
        }

        /** The cell of a summary column as a number, NaN when absent, empty or not a number. */
        public double number(String[] row, SummaryColumn column) {
            return number(row, column.label());
        }

        /** The cell as a number, NaN when absent, empty or not a number. */
        public double number(String[] row, String column) {
            return parseDouble(get(row, column));
        }
    }

    @FunctionalInterface
    public interface RowHandler {
        /** Called once with the header before any row. */
        default void header(Header header) throws IOException {
        }

        void row(String[] fields, long lineNumber) throws IOException;
    }

    public static Table read(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        Header header = stream(file, (fields, line) -> rows.add(fields));
        return new Table(header, Collections.unmodifiableList(rows));
    }

    /** Streams the rows of a file to the handler; returns its header. */
    public static Header stream(Path file, RowHandler handler) throws IOException {
        try (BufferedReader in = reader(file)) {
            String first = in.readLine();
            if (first == null) {
                throw new IOException(file + ": empty file, expected a header row");
            }
            Header header = new Header(split(stripBom(first), -1));
            int width = header.names().size();
            handler.header(header);
            String line;
            long lineNumber = 1;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isEmpty()) {
                    continue;
                }
                List<String> fields = split(line, width);
                if (fields.size() != width) {
                    throw new IOException(file + ":" + lineNumber + ": expected " + width + " fields, found "
                            + fields.size());
                }
                handler.row(fields.toArray(new String[0]), lineNumber);
            }
            return header;
        }
    }

    /** A reader of the text of {@code file}, decompressed when its name ends in {@code .gz}. */
    public static BufferedReader reader(Path file) throws IOException {
        if (!file.getFileName().toString().endsWith(DigestWriter.GZ)) {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        }
        java.io.InputStream in = Files.newInputStream(file);
        try {
            return new BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(in, 1 << 16),
                    StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            in.close();
            throw new IOException(file + ": not a gzip file: " + e.getMessage(), e);
        }
    }

    private static String stripBom(String s) {
        return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
    }

    private static List<String> split(String line, int expected) {
        List<String> out = new ArrayList<>(Math.max(expected, 8));
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        int start = 0;
        while (true) {
            int comma = line.indexOf(',', start);
            if (comma < 0 || comma >= end) {
                out.add(line.substring(start, end));
                return out;
            }
            out.add(line.substring(start, comma));
            start = comma + 1;
        }
    }

    public static double parseDouble(String s) {
        if (s == null || s.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
