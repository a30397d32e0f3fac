package tcpsim.tcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One measured Linux case of {@code src/test/resources/linux-golden/} (its README says how they were staged): the
 * segments on the wire in order, each as a {@link Wire}. Application and {@code ss} lines are not parsed.
 *
 * <p>A wire line reads {@code 0.1527  wire   AB DROP A :58866  seq=102 ack=1002 len=0}: time in seconds from the
 * first SYN (the instant the segment left its host), direction (AB client to server, BA server to client), an
 * optional DROP, the flags (S, F, R, P, A), the client's port, and seq/ack relative to each side's ISN.
 */
record GoldenCase(String name, List<Wire> wire) {
    private static final Pattern WIRE = Pattern.compile(
            "\\s*(-?\\d+\\.\\d+)\\s+wire\\s+(AB|BA)\\s+(DROP\\s+)?([SFRPA]+)\\s+:(\\d+)\\s+seq=(\\d+)\\s+ack=(\\d*)"
                    + "\\s+len=(\\d+)\\s*");

    /**
     * One segment as both the case files and tcpsim's wire are compared: connection index (order of the
     * connections' first segments, from 0), direction, loss, flags without PSH (tcpsim does not mark PSH) in the
     * order F, S, R, A, relative seq and ack (ack -1 without the ACK flag) and payload length; time in ns.
     */
    record Wire(long time, int conn, boolean up, boolean lost, String flags, long seq, long ack, int len) {
        /** Everything but the time: what must be equal for two segments to be the same. */
        String key() {
            return conn + " " + (up ? "AB" : "BA") + (lost ? " DROP " : " ") + flags + " " + seq + " "
                    + (ack < 0 ? "-" : Long.toString(ack)) + " " + len;
        }

        @Override
        public String toString() {
            return seconds(time) + " " + key();
        }
    }

    /** Seconds with four decimals, as the case files write them. */
    static String seconds(long ns) {
        return new BigDecimal(ns).movePointLeft(9).setScale(4, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Flags in the files' letters, F S R A, PSH left out. */
    static String flags(int f) {
        StringBuilder b = new StringBuilder();
        if ((f & Segment.FIN) != 0) {
            b.append('F');
        }
        if ((f & Segment.SYN) != 0) {
            b.append('S');
        }
        if ((f & Segment.RST) != 0) {
            b.append('R');
        }
        if ((f & Segment.ACK) != 0) {
            b.append('A');
        }
        return b.toString();
    }

    /** Reads {@code linux-golden/<name>.txt} from the test class path. */
    static GoldenCase load(String name) {
        String resource = "/linux-golden/" + name + ".txt";
        try (InputStream in = GoldenCase.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden case " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return new GoldenCase(name, parse(r.lines().toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Wire> parse(List<String> lines) {
        List<Wire> out = new ArrayList<>();
        Map<String, Integer> conns = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = WIRE.matcher(line);
            if (!m.matches()) {
                if (line.contains(" wire ")) {
                    throw new IllegalArgumentException("unreadable wire line: " + line);
                }
                continue;
            }
            long time = new BigDecimal(m.group(1)).movePointRight(9).longValueExact();
            int conn = conns.computeIfAbsent(m.group(5), k -> conns.size());
            String flags = m.group(4).replace("P", "");
            long ack = m.group(7).isEmpty() ? -1 : Long.parseLong(m.group(7));
            out.add(new Wire(time, conn, m.group(2).equals("AB"), m.group(3) != null, flags,
                    Long.parseLong(m.group(6)), ack, Integer.parseInt(m.group(8))));
        }
        return List.copyOf(out);
    }
}
