package tcpsim.experiments.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A base-10 logarithmic axis with ticks a reader can use: labels at 1, 2 and 5 times each power of ten
 * (0.05, 0.1, 0.2, 0.5, 1, 2 ...) and unlabelled minor ticks at the other integer multiples, instead of
 * JFreeChart's evenly spaced exponents (0.0631, 0.1585 ...).
 */
final class DecadeAxis extends LogAxis {

    private static final long serialVersionUID = 1L;

    DecadeAxis(String label) {
        super(label);
        setBase(10);
        setMinorTickMarksVisible(true);
    }

    @Override
    @SuppressWarnings("rawtypes") // the overridden method returns a raw List in JFreeChart 1.5
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        boolean horizontal = RectangleEdge.isTopOrBottom(edge);
        TextAnchor anchor;
        if (horizontal) {
            anchor = edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER;
        } else {
            anchor = edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT;
        }
        List<NumberTick> ticks = new ArrayList<>();
        double lower = getLowerBound();
        double upper = getUpperBound();
        if (!(lower > 0) || !(upper > lower)) {
            return ticks;
        }
        int first = (int) Math.floor(Math.log10(lower));
        int last = (int) Math.ceil(Math.log10(upper));
        for (int e = first; e <= last; e++) {
            for (int m = 1; m <= 9; m++) {
                double v = m * Math.pow(10, e);
                if (v < lower || v > upper) {
                    continue;
                }
                boolean major = m == 1 || m == 2 || m == 5;
                String label = major ? Format.number(v) : "";
                ticks.add(new NumberTick(major ? TickType.MAJOR : TickType.MINOR, v, label, anchor, anchor, 0.0));
            }
        }
        return ticks;
    }
}
