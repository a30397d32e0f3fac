package tcpsim.experiments.report;

import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueAxisPlot;
import org.jfree.data.Range;

/**
 * A value axis for a measured quantity (a time, a rate) with a minimum visible range: it spans at least
 * {@link #MIN_RELATIVE_RANGE} of the largest magnitude it shows (or 1 when everything is zero), so a difference
 * of a fraction of a microsecond between setup times of 40 ms is drawn as the flat line it is, not stretched into
 * a cliff across the whole axis (JFreeChart's own minimum is 1e-8, which draws an all-zero series on a
 * +-0.000000005 axis). The data range is widened about its centre, and never below zero for data that is not
 * negative; a wide enough range keeps JFreeChart's margins.
 */
final class QuantityAxis extends NumberAxis {
    private static final long serialVersionUID = 1L;

    /** The smallest span drawn, as a fraction of the largest magnitude on the axis. */
    static final double MIN_RELATIVE_RANGE = 0.1;

    QuantityAxis(String label) {
        super(label);
        setAutoRangeIncludesZero(false);
        setAutoRangeStickyZero(false);
    }

    @Override
    protected void autoAdjustRange() {
        super.autoAdjustRange();
        if (isAutoRange() && getPlot() instanceof ValueAxisPlot plot) {
            Range data = plot.getDataRange(this);
            if (data != null) {
                Range widened = widen(data);
                if (!widened.equals(data)) {
                    setRange(widened, false, false);
                }
            }
        }
    }

    /** {@code r} widened to the minimum visible range about its centre (not below zero if it was not). */
    static Range widen(Range r) {
        double magnitude = Math.max(Math.abs(r.getLowerBound()), Math.abs(r.getUpperBound()));
        double minimum = magnitude > 0 ? MIN_RELATIVE_RANGE * magnitude : 1.0;
        if (r.getLength() >= minimum) {
            return r;
        }
        double lower = r.getCentralValue() - minimum / 2;
        if (lower < 0 && r.getLowerBound() >= 0) {
            lower = 0;
        }
        return new Range(lower, lower + minimum);
    }
}
