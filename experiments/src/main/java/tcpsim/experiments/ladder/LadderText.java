package tcpsim.experiments.ladder;

/**
 * Renders a {@link LadderDiagram} as plain text for a terminal: one line per state change and per segment, in
 * time order, the client's lifeline left and the server's right. A segment is drawn on the line of its send time,
 * labelled with flags, seq, ack and length, and its arrival time ({@code @} in ms) is written beside the
 * receiver's lifeline; a lost segment stops half-way at an {@code X}. Idle gaps longer than
 * {@link LadderDiagram#breakThreshold()} get a break line {@code ~ ... ~} with their length.
 */
public final class LadderText {
    private static final int TIME_WIDTH = 11;
    private static final int SIDE_WIDTH = 14;
    private static final int MIN_ARROW_WIDTH = 44;
    private static final String NL = "\n";

    private LadderText() {
    }

    public static String render(LadderDiagram d) {
        int width = MIN_ARROW_WIDTH;
        for (LadderDiagram.Arrow a : d.arrows()) {
            width = Math.max(width, a.label().length() + 10);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(LadderPainter.role("client", d.client().host())).append(' ')
                .append(tcpsim.kernel.net.Ipv4.format(d.client().address())).append(':').append(d.client().port()).append(" (connection ").append(d.client().connection())
                .append(")  <->  ")
                .append(LadderPainter.role("server", d.server().host())).append(' ')
                .append(tcpsim.kernel.net.Ipv4.format(d.server().address())).append(':').append(d.server().port()).append(" (connection ")
                .append(d.server().connection()).append(")").append(NL);
        sb.append("times in ms; @ = arrival time; X = lost").append(NL);
        String left = LadderPainter.role("client", d.client().host());
        String right = LadderPainter.role("server", d.server().host());
        StringBuilder head = new StringBuilder();
        head.append(pad("time", TIME_WIDTH, true)).append("  ");
        head.append(pad(left, SIDE_WIDTH + 1 + (left.length() > SIDE_WIDTH ? left.length() - SIDE_WIDTH : 0),
                false));
        int serverColumn = TIME_WIDTH + 2 + SIDE_WIDTH + 1 + 1 + width;
        while (head.length() < serverColumn) {
            head.append(' ');
        }
        head.append(right);
        sb.append(head.toString().stripTrailing()).append(NL);
        long threshold = d.breakThreshold();
        long previous = Long.MIN_VALUE;
        for (LadderDiagram.Item item : d.items()) {
            if (previous != Long.MIN_VALUE && item.time() - previous > threshold) {
                String gap = "(" + duration(item.time() - previous) + ")";
                sb.append(line("", "", centre(gap, width), "~", "~", "")).append(NL);
            }
            previous = item.time();
            if (item instanceof LadderDiagram.StateMark m) {
                sb.append(line(ms(m.time()), m.client() ? m.state() : "", blank(width), "|", "|",
                        m.client() ? "" : m.state())).append(NL);
            } else if (item instanceof LadderDiagram.Arrow a) {
                String far = a.lost() ? "(lost)" : "@" + ms(a.arriveTime());
                String body = arrow(a, width);
                sb.append(line(ms(a.time()), a.fromClient() ? "" : rightAlign(far), body, "|", "|",
                        a.fromClient() ? far : "")).append(NL);
            }
        }
        return sb.toString();
    }

    private static String arrow(LadderDiagram.Arrow a, int width) {
        String label = " " + a.label() + " ";
        int length = a.lost() ? Math.min(width, Math.max(width / 2, label.length() + 5)) : width;
        StringBuilder s = new StringBuilder();
        if (a.fromClient()) {
            s.append("--").append(label);
            while (s.length() < length - 1) {
                s.append('-');
            }
            s.append(a.lost() ? 'X' : '>');
            while (s.length() < width) {
                s.append(' ');
            }
        } else {
            s.append(a.lost() ? 'X' : '<');
            while (s.length() < length - 2 - label.length()) {
                s.append('-');
            }
            s.append(label).append("--");
            while (s.length() < width) {
                s.insert(0, ' ');
            }
        }
        return s.toString();
    }

    private static String line(String time, String leftText, String body, String leftLife, String rightLife,
            String rightText) {
        StringBuilder s = new StringBuilder();
        s.append(pad(time, TIME_WIDTH, true)).append("  ").append(pad(leftText, SIDE_WIDTH, false)).append(' ')
                .append(leftLife).append(body).append(rightLife);
        if (!rightText.isEmpty()) {
            s.append(' ').append(rightText);
        }
        return s.toString().stripTrailing();
    }

    private static String rightAlign(String s) {
        return pad(s, SIDE_WIDTH, true);
    }

    private static String blank(int width) {
        return " ".repeat(width);
    }

    private static String centre(String s, int width) {
        int left = Math.max(0, (width - s.length()) / 2);
        return pad(" ".repeat(left) + s, width, false);
    }

    private static String pad(String s, int width, boolean right) {
        if (s.length() >= width) {
            return s;
        }
        return right ? " ".repeat(width - s.length()) + s : s + " ".repeat(width - s.length());
    }

    /** {@code ns} in milliseconds with 3 decimals (rounded half up to the microsecond), e.g. {@code 50.000}. */
    static String ms(long ns) {
        long us = Math.floorDiv(ns + 500, 1_000L);
        String sign = us < 0 ? "-" : "";
        us = Math.abs(us);
        return sign + (us / 1_000) + "." + threeDigits(us % 1_000);
    }

    /** A duration as {@code 59.925 s} from one second on, else {@code 12.500 ms}. */
    static String duration(long ns) {
        if (ns >= 1_000_000_000L) {
            long msTotal = Math.floorDiv(ns + 500_000, 1_000_000L);
            return (msTotal / 1_000) + "." + threeDigits(msTotal % 1_000) + " s";
        }
        return ms(ns) + " ms";
    }

    /** {@code ns} in seconds with 6 decimals (rounded half up to the microsecond), e.g. {@code 60.025000}. */
    static String seconds6(long ns) {
        long us = Math.floorDiv(ns + 500, 1_000L);
        String frac = Long.toString(Math.abs(us) % 1_000_000L);
        return (us < 0 ? "-" : "") + (Math.abs(us) / 1_000_000L) + "." + "0".repeat(6 - frac.length()) + frac;
    }

    private static String threeDigits(long v) {
        return v < 10 ? "00" + v : v < 100 ? "0" + v : Long.toString(v);
    }
}
