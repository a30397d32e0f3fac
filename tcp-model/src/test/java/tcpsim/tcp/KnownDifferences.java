package tcpsim.tcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code linux-golden-differences.txt}: per golden case, the differences that remain between the measured Linux
 * wire and tcpsim's ({@link GoldenWire#diff} lines) and why. A section starts with {@code # case NAME}; lines
 * starting {@code why:} give the reasons, every other non-empty line is one expected difference. A case without a
 * section, or with a section of reasons only, must match exactly.
 */
record KnownDifferences(Map<String, Entry> cases) {
    static final String RESOURCE = "/linux-golden-differences.txt";

    /** The reasons and the expected difference lines of one case. */
    record Entry(List<String> why, List<String> lines) {
    }

    Entry of(String caseName) {
        return cases.getOrDefault(caseName, new Entry(List.of(), List.of()));
    }

    static KnownDifferences load() {
        try (InputStream in = KnownDifferences.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KnownDifferences parse(List<String> text) {
        Map<String, Entry> out = new LinkedHashMap<>();
        String name = null;
        List<String> why = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (String raw : text) {
            String line = raw.strip();
            if (line.startsWith("# case ")) {
                if (name != null) {
                    out.put(name, new Entry(List.copyOf(why), List.copyOf(lines)));
                }
                name = line.substring("# case ".length()).strip();
                why.clear();
                lines.clear();
            } else if (line.isEmpty() || line.startsWith("#")) {
                continue;
            } else if (name == null) {
                throw new IllegalArgumentException("difference before the first '# case': " + line);
            } else if (line.startsWith("why:")) {
                why.add(line.substring(4).strip());
            } else {
                lines.add(line);
            }
        }
        if (name != null) {
            out.put(name, new Entry(List.copyOf(why), List.copyOf(lines)));
        }
        return new KnownDifferences(out);
    }
}
