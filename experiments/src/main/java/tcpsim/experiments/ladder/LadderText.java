package tcpsim.experiments.ladder;

/**
 * Renders a {@link LadderDiagram} as plain text for a terminal: one line per state change and per segment, in
 * time order, the client's lifeline left and the server's right. A segment is drawn on the line of its send time,
 * labelled with flags, seq, ack and length, and its arrival time ({@code @} in ms) is written beside the
 * receiver's lifeline; a lost segment stops half-way at an {@code X}. Idle gaps longer than
 * {@link LadderDiagram#breakThreshold()} get a break line {@code ~ ... ~} with their length.
 */
public final class LadderText {
    /** The default width of the rendering: a terminal's 80 columns. */
    public static final int COLUMNS = 80;
    /** The narrowest arrow drawn; below it lines may exceed the requested width. */
    static final int MIN_ARROW_WIDTH = 24;
    private static final int MIN_TIME_WIDTH = 10;
    /** State names and arrival times beside a lifeline; SYN_RECEIVED is the longest (12). */
    private static final int SIDE_WIDTH = 12;
    private static final String NL = "\n";

    private LadderText() {
    }

    /** The diagram in {@link #COLUMNS} columns. */
    public static String render(LadderDiagram d) {
        return render(d, COLUMNS);
    }

    /**
     * The diagram in at most {@code columns} columns: time, the client's side, the arrows between the lifelines,
     * the server's side. A label too long for its arrow is cut and ends in {@code ...}.
     */
    public static String render(LadderDiagram d, int columns) {
        int timeWidth = MIN_TIME_WIDTH;
        for (LadderDiagram.Item item : d.items()) {
            timeWidth = Math.max(timeWidth, ms(item.time()).length());
        }
        // time, space, side, space, |, arrows, |, space, side
        int width = Math.max(MIN_ARROW_WIDTH, columns - timeWidth - 2 * SIDE_WIDTH - 5);
        StringBuilder sb = new StringBuilder();
        String left = LadderPainter.role("client", d.client().host());
        String right = LadderPainter.role("server", d.server().host());
        String leftTitle = left + " " + tcpsim.kernel.net.Ipv4.format(d.client().address()) + ":"
                + d.client().port() + " (tcb " + d.client().connection() + ")";
        String rightTitle = right + " " + tcpsim.kernel.net.Ipv4.format(d.server().address()) + ":"
                + d.server().port() + " (tcb " + d.server().connection() + ")";
        String title = leftTitle + " <-> " + rightTitle;
        sb.append(title.length() <= columns ? title : leftTitle + " <->" + NL + "  " + rightTitle).append(NL);
        sb.append("times in ms; @ = arrival time; X = lost").append(NL);
        StringBuilder head = new StringBuilder();
        head.append(pad("time", timeWidth, true)).append(' ').append(left);
        int serverColumn = timeWidth + 1 + SIDE_WIDTH + 1 + 1 + width + 1 + 1;
        head.append(" ".repeat(Math.max(1, serverColumn - head.length())));
        head.append(right);
        sb.append(head.toString().stripTrailing()).append(NL);
        long threshold = d.breakThreshold();
        long previous = Long.MIN_VALUE;
        for (LadderDiagram.Item item : d.items()) {
            if (previous != Long.MIN_VALUE && item.time() - previous > threshold) {
                String gap = "(" + duration(item.time() - previous) + ")";
                sb.append(line(timeWidth, "", "", centre(gap, width), "~", "~", "")).append(NL);
            }
            previous = item.time();
            if (item instanceof LadderDiagram.StateMark m) {
                sb.append(line(timeWidth, ms(m.time()), m.client() ? m.state() : "", blank(width), "|", "|",
                        m.client() ? "" : m.state())).append(NL);
            } else if (item instanceof LadderDiagram.Arrow a) {
                String far = a.lost() ? "(lost)" : "@" + ms(a.arriveTime());
                String body = arrow(a, width);
                sb.append(line(timeWidth, ms(a.time()), a.fromClient() ? "" : rightAlign(far), body, "|", "|",
                        a.fromClient() ? far : "")).append(NL);
            }
        }
        return sb.toString();
    }

    /** {@code label} cut to at most {@code max} characters, ending in {@code ...} when cut. */
    static String elide(String label, int max) {
        return label.length() <= max ? label : label.substring(0, Math.max(0, max - 3)) + "...";
    }

    private static String arrow(LadderDiagram.Arrow a, int width) {
        // the label needs 6 more characters: "-- " before, " --" and the head after (or the mirror image)
        String label = " " + elide(a.label(), width - 6) + " ";
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

    private static String line(int timeWidth, String time, String leftText, String body, String leftLife,
            String rightLife, String rightText) {
        StringBuilder s = new StringBuilder();
        s.append(pad(time, timeWidth, true)).append(' ').append(pad(leftText, SIDE_WIDTH, false)).append(' ')
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
