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
 * segments on the wire in order, each as a {@link Wire}, the instants {@code ss} first saw a connection's socket
 * gone ({@link Gone}) and when the run ended. Application lines and the other {@code ss} lines are not parsed.
 *
 * <p>A wire line reads {@code 0.1527  wire   AB DROP A :58866  seq=102 ack=1002 len=0}: time in seconds from the
 * first SYN (the instant the segment left its host), direction (AB client to server, BA server to client), an
 * optional DROP, the flags (S, F, R, P, A), the client's port, and seq/ack relative to each side's ISN.
 */
record GoldenCase(String name, List<Wire> wire, List<Gone> gone, long end) {
    private static final Pattern WIRE = Pattern.compile(
            "\\s*(-?\\d+\\.\\d+)\\s+wire\\s+(AB|BA)\\s+(DROP\\s+)?([SFRPA]+)\\s+:(\\d+)\\s+seq=(\\d+)\\s+ack=(\\d*)"
                    + "\\s+len=(\\d+)\\s*");
    /** {@code 65.6138  ss_tA  GONE 10.77.0.1:58866 -> 10.77.0.2:5001 timer=,,} (a listener's remote is 0.0.0.0:*). */
    private static final Pattern GONE = Pattern.compile(
            "\\s*(-?\\d+\\.\\d+)\\s+ss_t(A|B)\\s+GONE\\s+[\\d.]+:(\\d+)\\s+->\\s+[\\d.]+:(\\d+)\\s.*");
    private static final Pattern END = Pattern.compile("\\s*(-?\\d+\\.\\d+)\\s+run\\s+END.*");

    /**
     * The first {@code ss} sample without connection {@code conn}'s socket on the client ({@code client}) or the
     * server: the socket ended (TIME_WAIT or FIN_WAIT_2 expired, the last ACK came, a reset) since the sample
     * before, a few to some tens of ms earlier.
     */
    record Gone(long time, int conn, boolean client) {
        @Override
        public String toString() {
            return seconds(time) + " " + conn + " " + (client ? "client" : "server");
        }
    }

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
            List<String> lines = r.lines().toList();
            return new GoldenCase(name, parse(lines), gone(lines), end(lines));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The GONE lines of connections (not of the listener), with the connection index of the wire lines. */
    static List<Gone> gone(List<String> lines) {
        Map<String, Integer> conns = connections(lines);
        List<Gone> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = GONE.matcher(line);
            if (m.matches() && !line.contains("0.0.0.0:*")) {
                boolean client = m.group(2).equals("A");
                Integer conn = conns.get(client ? m.group(3) : m.group(4));
                if (conn == null) {
                    throw new IllegalArgumentException("GONE of a connection without wire lines: " + line);
                }
                out.add(new Gone(new BigDecimal(m.group(1)).movePointRight(9).longValueExact(), conn, client));
            }
        }
        return List.copyOf(out);
    }

    /** When the run ended (its processes were killed): the horizon of what was observed. */
    static long end(List<String> lines) {
        for (String line : lines) {
            Matcher m = END.matcher(line);
            if (m.matches()) {
                return new BigDecimal(m.group(1)).movePointRight(9).longValueExact();
            }
        }
        throw new IllegalArgumentException("no 'run END' line");
    }

    /** Connection index by client port, in the order of the connections' first wire lines. */
    private static Map<String, Integer> connections(List<String> lines) {
        Map<String, Integer> conns = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = WIRE.matcher(line);
            if (m.matches()) {
                conns.computeIfAbsent(m.group(5), k -> conns.size());
            }
        }
        return conns;
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
