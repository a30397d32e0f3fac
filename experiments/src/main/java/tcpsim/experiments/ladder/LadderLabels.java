package tcpsim.experiments.ladder;

import java.awt.FontMetrics;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the arrows' labels go in a {@link LadderPainter} picture, so that no two labels overlap.
 *
 * <p>Arrows that would crowd each other are first collapsed: a run of segments sent one right after the other by
 * the same side (closer than {@link #RUN_GAP} pixels at the sender), all data in sequence (slow start) or all pure
 * ACKs with increasing ack, gets one label with the count, e.g. {@code 10x ACK seq=1..14601 len=14600} or
 * {@code 10x ACK ack=1461..14601}. Each label then takes the first free place among candidates along its arrow
 * (the middle first, then further out, above the line and then below it; for a run, along each of its arrows from
 * the middle one outwards), between the lifelines and clear of every label already placed and of the break
 * markers. A label with no free place is left out ({@link #elided()} counts them); the arrow is still drawn.
 */
final class LadderLabels {
    /** Sends closer than this (pixels) at the same side may be collapsed into one run. */
    static final double RUN_GAP = 40;
    private static final double[] ALONG = {0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8};
    /** Clearance between a label and the lifelines. */
    private static final double MARGIN = 4;

    /**
     * One placed label.
     *
     * @param arrows the arrows it names (one, or a collapsed run in send order)
     * @param text what it says
     * @param centreX where the label's anchor sits, on the arrow it is drawn along
     * @param centreY the anchor's y
     * @param angle the text's rotation (upright, along the arrow)
     * @param baseline the text baseline's offset from the arrow, negative above it
     * @param box the label's outline in picture coordinates
     */
    record Label(List<LadderDiagram.Arrow> arrows, String text, double centreX, double centreY, double angle,
            double baseline, Shape box) {
    }

    private final List<Label> placed = new ArrayList<>();
    private final List<Shape> obstacles = new ArrayList<>();
    private int elided;

    /** The arrow geometry the labels are laid out along: {x0, y0, x1, y1}. */
    interface Geometry {
        double[] line(LadderDiagram.Arrow a);
    }

    /**
     * Lays out the labels of {@code arrows} (in send order) between lifelines at {@code leftX} and {@code rightX},
     * keeping clear of {@code fixed} shapes (break markers).
     */
    LadderLabels(List<LadderDiagram.Arrow> arrows, Geometry geometry, FontMetrics fm, double leftX, double rightX,
            List<Shape> fixed) {
        obstacles.addAll(fixed);
        for (List<LadderDiagram.Arrow> run : runs(arrows, geometry)) {
            String text = run.size() == 1 ? run.get(0).label() : runLabel(run);
            Label label = place(run, text, geometry, fm, leftX, rightX);
            if (label == null) {
                elided++;
            } else {
                placed.add(label);
                obstacles.add(label.box());
            }
        }
    }

    List<Label> labels() {
        return List.copyOf(placed);
    }

    /** Labels with no free place, left out. */
    int elided() {
        return elided;
    }

    /** The arrows grouped into runs (most of one arrow), each in send order; runs in order of their first arrow. */
    static List<List<LadderDiagram.Arrow>> runs(List<LadderDiagram.Arrow> arrows, Geometry geometry) {
        List<List<LadderDiagram.Arrow>> runs = new ArrayList<>();
        List<LadderDiagram.Arrow> fromClient = null;
        List<LadderDiagram.Arrow> fromServer = null;
        for (LadderDiagram.Arrow a : arrows) {
            List<LadderDiagram.Arrow> open = a.fromClient() ? fromClient : fromServer;
            if (open != null && continues(open.get(open.size() - 1), a, geometry)) {
                open.add(a);
                continue;
            }
            List<LadderDiagram.Arrow> run = new ArrayList<>(List.of(a));
            runs.add(run);
            if (a.fromClient()) {
                fromClient = run;
            } else {
                fromServer = run;
            }
        }
        return runs;
    }

    /** Whether {@code next} continues the run that ends with {@code last} (same sender, both checked here). */
    private static boolean continues(LadderDiagram.Arrow last, LadderDiagram.Arrow next, Geometry geometry) {
        if (last.lost() || next.lost() || geometry.line(next)[1] - geometry.line(last)[1] > RUN_GAP) {
            return false;
        }
        LadderDiagram.Segment a = last.segment();
        LadderDiagram.Segment b = next.segment();
        if (a.pureAck() && b.pureAck()) {
            return b.ack() > a.ack();
        }
        return a.length() > 0 && b.length() > 0 && a.flags().equals(b.flags()) && a.ack() == b.ack()
                && b.seq() == a.seq() + a.length();
    }

    /** {@code 10x ACK seq=1..14601 len=14600} for data, {@code 10x ACK ack=1461..14601} for pure ACKs. */
    static String runLabel(List<LadderDiagram.Arrow> run) {
        LadderDiagram.Segment first = run.get(0).segment();
        LadderDiagram.Segment last = run.get(run.size() - 1).segment();
        if (first.pureAck()) {
            return run.size() + "x ACK ack=" + first.ack() + ".." + last.ack();
        }
        long bytes = 0;
        for (LadderDiagram.Arrow a : run) {
            bytes += a.segment().length();
        }
        return run.size() + "x " + first.flags() + " seq=" + first.seq() + ".." + (last.seq() + last.length())
                + " len=" + bytes;
    }

    private Label place(List<LadderDiagram.Arrow> run, String text, Geometry geometry, FontMetrics fm, double leftX,
            double rightX) {
        double w = fm.stringWidth(text);
        double ascent = fm.getAscent();
        for (int k = 0; k < run.size(); k++) {
            // from the middle arrow outwards: m, m+1, m-1, m+2 ...
            int m = (run.size() - 1) / 2;
            int index = m + ((k + 1) / 2) * (k % 2 == 1 ? 1 : -1);
            if (index < 0 || index >= run.size()) {
                continue;
            }
            LadderDiagram.Arrow a = run.get(index);
            double[] l = geometry.line(a);
            double angle = Math.atan2(l[3] - l[1], l[2] - l[0]);
            double textAngle = a.fromClient() ? angle : angle - Math.PI;
            double length = Math.hypot(l[2] - l[0], l[3] - l[1]);
            for (double baseline : new double[] {-4, 4 + ascent}) {
                for (double f : a.lost() ? new double[] {-1} : ALONG) {
                    // a lost arrow's label starts near its sender
                    double along = f < 0 ? 12 + w / 2 : length * f;
                    double cx = l[0] + Math.cos(angle) * along;
                    double cy = l[1] + Math.sin(angle) * along;
                    Shape box = box(cx, cy, textAngle, w, ascent, baseline);
                    if (fits(box, leftX, rightX)) {
                        return new Label(List.copyOf(run), text, cx, cy, textAngle, baseline, box);
                    }
                }
            }
        }
        return null;
    }

    /** The outline of a label whose text is centred at {@code (cx, cy)}, rotated by {@code angle}. */
    private static Shape box(double cx, double cy, double angle, double w, double ascent, double baseline) {
        AffineTransform t = AffineTransform.getTranslateInstance(cx, cy);
        t.rotate(angle);
        return t.createTransformedShape(new Rectangle2D.Double(-w / 2 - 2, baseline - ascent, w + 4, ascent + 2));
    }

    private boolean fits(Shape box, double leftX, double rightX) {
        Rectangle2D b = box.getBounds2D();
        if (b.getMinX() < leftX + MARGIN || b.getMaxX() > rightX - MARGIN) {
            return false;
        }
        for (Shape o : obstacles) {
            if (overlap(box, o)) {
                return false;
            }
        }
        return true;
    }

    /** Whether two outlines share any area. */
    static boolean overlap(Shape a, Shape b) {
        if (!a.getBounds2D().intersects(b.getBounds2D())) {
            return false;
        }
        Area area = new Area(a);
        area.intersect(new Area(b));
        return !area.isEmpty();
    }
}
