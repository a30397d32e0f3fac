package tcpsim.experiments.ladder;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link LadderDiagram} with Java2D, the same code for PNG and SVG: two lifelines (client left, server
 * right) headed by host and address:port, time downwards with the event times on a scale at the left, one arrow
 * per segment from its send time to its arrival time labelled along its slope (placed by {@link LadderLabels} so
 * that no two labels overlap), a lost segment stopping half-way at a red cross, and each side's state written
 * beside its lifeline where it enters it.
 *
 * <p>The time axis is linear at {@link #PX_PER_ONE_WAY} pixels per one-way delay, with two exceptions: distinct
 * times are at least {@link #MIN_GAP} pixels apart so that labels stay legible, and gaps longer than
 * {@link LadderDiagram#breakThreshold()} (TIME_WAIT, retransmission timeouts) are compressed to {@link #BREAK}
 * pixels and marked with a break and their length.
 */
public final class LadderPainter {
    static final double PX_PER_ONE_WAY = 64;
    static final double MIN_GAP = 18;
    static final double BREAK = 56;
    /** Vertical distance between things that happen at the same time, drawn in the order they happened. */
    static final double SLOT = 13;
    private static final double TOP = 16;
    private static final double HEADER = 42;
    private static final double AXIS_X = 100;
    private static final double STATE_COLUMN = 118;
    private static final double MIN_SPAN = 380;
    private static final double BOTTOM = 36;

    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font STATE = new Font(Font.SANS_SERIF, Font.BOLD, 12);
    private static final Font HEAD = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Color INK = new Color(0x20, 0x20, 0x20);
    private static final Color GRID = new Color(0xd8, 0xd8, 0xd8);
    private static final Color STATE_INK = new Color(0x1f, 0x4e, 0x9a);
    private static final Color LOST = new Color(0xc0, 0x20, 0x20);
    private static final Color HALO = new Color(255, 255, 255, 200);
    private static final Color MUTED = new Color(0x70, 0x70, 0x70);

    private final LadderDiagram d;
    private final long[] times;
    private final long[] orders;
    private final boolean[] nominal;
    private final double[] ys;
    private final boolean[] breakBefore;
    private final double clientX;
    private final double serverX;
    private final int width;
    private final int height;
    private final boolean seconds;
    private final LadderLabels labels;

    public LadderPainter(LadderDiagram diagram) {
        this.d = diagram;
        long[][] points = diagram.points();
        this.times = new long[points.length];
        this.orders = new long[points.length];
        this.nominal = new boolean[points.length];
        for (int i = 0; i < points.length; i++) {
            times[i] = points[i][0];
            orders[i] = points[i][1];
            nominal[i] = points[i][2] != 0;
        }
        this.ys = new double[times.length];
        this.breakBefore = new boolean[times.length];
        double pxPerNs = PX_PER_ONE_WAY / diagram.oneWayDelay();
        long threshold = diagram.breakThreshold();
        double y = TOP + HEADER + 28;
        for (int i = 0; i < times.length; i++) {
            if (i > 0) {
                long gap = times[i] - times[i - 1];
                breakBefore[i] = gap > threshold;
                y += gap == 0 ? SLOT : breakBefore[i] ? BREAK : Math.max(MIN_GAP, gap * pxPerNs);
            }
            ys[i] = y;
        }
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        FontMetrics fm = g.getFontMetrics(LABEL);
        double longest = 0;
        for (LadderDiagram.Arrow a : diagram.arrows()) {
            longest = Math.max(longest, fm.stringWidth(a.label()));
        }
        FontMetrics hm = g.getFontMetrics(HEAD);
        double titles = Math.max(hm.stringWidth(diagram.client().title()), hm.stringWidth(diagram.server().title()));
        this.clientX = AXIS_X + 12 + STATE_COLUMN;
        double span = Math.max(MIN_SPAN, Math.max(longest * 1.25 + 60, titles + 40));
        this.serverX = clientX + span;
        this.width = (int) Math.ceil(serverX + STATE_COLUMN + 12);
        this.height = (int) Math.ceil((times.length == 0 ? TOP + HEADER + 28 : ys[ys.length - 1]) + BOTTOM);
        this.seconds = times.length > 0 && times[times.length - 1] >= 10_000_000_000L;
        List<Shape> breaks = new ArrayList<>();
        FontMetrics small = g.getFontMetrics(SMALL);
        long lastReal = times.length > 0 ? times[0] : 0;
        for (int i = 0; i < times.length; i++) {
            if (breakBefore[i]) {
                String s = breakText(times[i] - lastReal);
                double w = small.stringWidth(s);
                double mid = (ys[i - 1] + ys[i]) / 2;
                breaks.add(new Rectangle2D.Double((clientX + serverX - w) / 2 - 2, mid - 8, w + 4, 16));
            }
            if (!nominal[i]) {
                lastReal = times[i];
            }
        }
        this.labels = new LadderLabels(diagram.arrows(), this::line, fm, clientX, serverX, breaks);
        g.dispose();
    }

    /** The labels as laid out (none overlaps another). */
    LadderLabels labels() {
        return labels;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The y coordinate of the point at {@code t} with trace position {@code order}. */
    double y(long t, long order) {
        int lo = 0;
        int hi = times.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = times[mid] != t ? Long.compare(times[mid], t) : Long.compare(orders[mid], order);
            if (c == 0) {
                return ys[mid];
            } else if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return lo < ys.length ? ys[lo] : ys[ys.length - 1];
    }

    /** Paints the whole diagram on {@code g} (a canvas of {@link #width()} x {@link #height()}). */
    public void paint(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        double bottom = height - BOTTOM / 2;
        double top = TOP + HEADER + 8;
        header(g, clientX, role("client", d.client().host()), addressOf(d.client()));
        header(g, serverX, role("server", d.server().host()), addressOf(d.server()));
        // the time scale
        g.setFont(SMALL);
        g.setColor(MUTED);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Line2D.Double(AXIS_X, top, AXIS_X, bottom));
        FontMetrics sm = g.getFontMetrics();
        g.drawString(seconds ? "time (s)" : "time (ms)", (float) (AXIS_X - sm.stringWidth(seconds ? "time (s)"
                : "time (ms)")), (float) (top - 6));
        double lastLabel = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < times.length; i++) {
            if (nominal[i] || i > 0 && times[i] == times[i - 1]) {
                continue;
            }
            g.setColor(GRID);
            g.draw(new Line2D.Double(AXIS_X, ys[i], clientX - 4, ys[i]));
            if (ys[i] - lastLabel >= 13) {
                String s = timeLabel(times[i]);
                g.setColor(MUTED);
                g.drawString(s, (float) (AXIS_X - 6 - sm.stringWidth(s)), (float) (ys[i] + 4));
                g.draw(new Line2D.Double(AXIS_X - 3, ys[i], AXIS_X, ys[i]));
                lastLabel = ys[i];
            }
        }
        // lifelines, interrupted at breaks
        g.setColor(INK);
        g.setStroke(new BasicStroke(1.6f));
        double from = top;
        for (int i = 0; i < times.length; i++) {
            if (breakBefore[i]) {
                double mid = (ys[i - 1] + ys[i]) / 2;
                for (double x : new double[] {clientX, serverX}) {
                    g.draw(new Line2D.Double(x, from, x, mid - 7));
                }
                from = mid + 7;
            }
        }
        for (double x : new double[] {clientX, serverX}) {
            g.draw(new Line2D.Double(x, from, x, bottom));
        }
        long lastReal = times.length > 0 ? times[0] : 0;
        for (int i = 0; i < times.length; i++) {
            if (breakBefore[i]) {
                breakMarker(g, (ys[i - 1] + ys[i]) / 2, times[i] - lastReal);
            }
            if (!nominal[i]) {
                lastReal = times[i];
            }
        }
        for (LadderDiagram.Item item : d.items()) {
            if (item instanceof LadderDiagram.Arrow a) {
                arrow(g, a);
            }
        }
        for (LadderLabels.Label label : labels.labels()) {
            label(g, label);
        }
        for (LadderDiagram.Item item : d.items()) {
            if (item instanceof LadderDiagram.StateMark m) {
                state(g, m);
            }
        }
    }

    /** {@code client c7}, or just the host name when it already says its role. */
    static String role(String role, String host) {
        return host.contains(role) ? host : role + " " + host;
    }

    private static String addressOf(LadderDiagram.Lane lane) {
        return tcpsim.kernel.net.Ipv4.format(lane.address()) + ":" + lane.port();
    }

    private void header(Graphics2D g, double x, String name, String address) {
        g.setFont(HEAD);
        FontMetrics fm = g.getFontMetrics();
        double w = Math.max(fm.stringWidth(name), fm.stringWidth(address)) + 16;
        g.setColor(new Color(0xee, 0xf2, 0xf8));
        g.fill(new java.awt.geom.RoundRectangle2D.Double(x - w / 2, TOP, w, HEADER - 4, 6, 6));
        g.setColor(INK);
        g.setStroke(new BasicStroke(1f));
        g.draw(new java.awt.geom.RoundRectangle2D.Double(x - w / 2, TOP, w, HEADER - 4, 6, 6));
        g.drawString(name, (float) (x - fm.stringWidth(name) / 2.0), (float) (TOP + 16));
        g.setFont(LABEL);
        FontMetrics lm = g.getFontMetrics();
        g.drawString(address, (float) (x - lm.stringWidth(address) / 2.0), (float) (TOP + 32));
    }

    private void breakMarker(Graphics2D g, double y, long gap) {
        g.setStroke(new BasicStroke(1.2f));
        g.setColor(MUTED);
        for (double x : new double[] {AXIS_X, clientX, serverX}) {
            for (double dy : new double[] {-4, 4}) {
                Path2D.Double zig = new Path2D.Double();
                zig.moveTo(x - 10, y + dy + 2);
                zig.lineTo(x - 4, y + dy - 2);
                zig.lineTo(x + 4, y + dy + 2);
                zig.lineTo(x + 10, y + dy - 2);
                g.setColor(Color.WHITE);
                g.setStroke(new BasicStroke(4f));
                g.draw(zig);
                g.setColor(MUTED);
                g.setStroke(new BasicStroke(1.2f));
                g.draw(zig);
            }
        }
        g.setFont(SMALL);
        String s = breakText(gap);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(s, (float) ((clientX + serverX - fm.stringWidth(s)) / 2), (float) (y + 4));
    }

    private static String breakText(long gap) {
        return LadderText.duration(gap) + " later";
    }

    /** Where arrow {@code a} is drawn: {x0, y0, x1, y1}, from its send to its arrival (or half-way, if lost). */
    double[] line(LadderDiagram.Arrow a) {
        double x0 = a.fromClient() ? clientX : serverX;
        double x1full = a.fromClient() ? serverX : clientX;
        double y0 = y(a.time(), a.order());
        if (a.lost()) {
            return new double[] {x0, y0, (x0 + x1full) / 2, y(d.lostEndTime(a), a.order())};
        }
        return new double[] {x0, y0, x1full, y(a.arriveTime(), a.arriveOrder())};
    }

    private void arrow(Graphics2D g, LadderDiagram.Arrow a) {
        double[] l = line(a);
        double x0 = l[0];
        double y0 = l[1];
        double x1 = l[2];
        double y1 = l[3];
        double angle = Math.atan2(y1 - y0, x1 - x0);
        g.setColor(INK);
        g.setStroke(new BasicStroke(1.3f));
        if (a.lost()) {
            g.draw(new Line2D.Double(x0, y0, x1, y1));
            g.setColor(LOST);
            g.setStroke(new BasicStroke(2.2f));
            g.draw(new Line2D.Double(x1 - 6, y1 - 6, x1 + 6, y1 + 6));
            g.draw(new Line2D.Double(x1 - 6, y1 + 6, x1 + 6, y1 - 6));
        } else {
            double headLength = 10;
            double tipX = x1;
            double tipY = y1;
            double baseX = tipX - headLength * Math.cos(angle);
            double baseY = tipY - headLength * Math.sin(angle);
            g.draw(new Line2D.Double(x0, y0, baseX, baseY));
            Path2D.Double head = new Path2D.Double();
            head.moveTo(tipX, tipY);
            head.lineTo(baseX + 4 * Math.sin(angle), baseY - 4 * Math.cos(angle));
            head.lineTo(baseX - 4 * Math.sin(angle), baseY + 4 * Math.cos(angle));
            head.closePath();
            g.fill(head);
        }
    }

    /** A label along its arrow, upright, on a white halo. */
    private void label(Graphics2D g, LadderLabels.Label label) {
        g.setFont(LABEL);
        FontMetrics fm = g.getFontMetrics();
        double w = fm.stringWidth(label.text());
        AffineTransform saved = g.getTransform();
        g.translate(label.centreX(), label.centreY());
        g.rotate(label.angle());
        g.setColor(HALO);
        g.fill(new Rectangle2D.Double(-w / 2 - 2, label.baseline() - fm.getAscent(), w + 4, fm.getAscent() + 2));
        g.setColor(label.arrows().get(0).lost() ? LOST : INK);
        g.drawString(label.text(), (float) (-w / 2.0), (float) label.baseline());
        g.setTransform(saved);
    }

    private void state(Graphics2D g, LadderDiagram.StateMark m) {
        double x = m.client() ? clientX : serverX;
        double y = y(m.time(), m.order());
        g.setColor(STATE_INK);
        g.fill(new java.awt.geom.Ellipse2D.Double(x - 3.5, y - 3.5, 7, 7));
        g.setFont(STATE);
        FontMetrics fm = g.getFontMetrics();
        float tx = (float) (m.client() ? x - 9 - fm.stringWidth(m.state()) : x + 9);
        g.drawString(m.state(), tx, (float) (y + 4));
    }

    private String timeLabel(long ns) {
        return seconds ? LadderText.seconds6(ns) : LadderText.ms(ns);
    }
}
