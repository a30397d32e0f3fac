package tcpsim.experiments.report;

import org.jfree.chart.axis.NumberAxis;
import org.jfree.data.Range;

/**
 * A value axis for counts (connections): it always includes zero, never shows a negative count and spans at least
 * one unit, so an all-zero series lies on the bottom of a 0..1 axis instead of JFreeChart's default of a
 * +-0.000000005 range around zero. Ticks are whole numbers.
 */
final class CountAxis extends NumberAxis {
    private static final long serialVersionUID = 1L;

    CountAxis(String label) {
        super(label);
        setAutoRangeIncludesZero(true);
        setAutoRangeStickyZero(true);
        setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    }

    @Override
    protected void autoAdjustRange() {
        super.autoAdjustRange();
        if (isAutoRange()) {
            Range r = getRange();
            double upper = Math.max(1.0, r.getUpperBound());
            if (r.getLowerBound() != 0 || upper != r.getUpperBound()) {
                setRange(new Range(0, upper), false, false);
            }
        }
    }
}
