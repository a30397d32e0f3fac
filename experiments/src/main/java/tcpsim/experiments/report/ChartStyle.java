package tcpsim.experiments.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnitSource;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYDataset;
import tcpsim.experiments.results.ResultsReader;
import tcpsim.experiments.results.Stats;

/** The common look of every chart: size, fonts, colours, line styles, axes. */
final class ChartStyle {

    /** Width and height of every chart (pixels, and SVG user units). */
    static final int WIDTH = 1000;
    static final int HEIGHT = 600;

    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    static final Font SUBTITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Color GRID = new Color(0xDDDDDD);

    /** Okabe-Ito colours (readable by colour-blind readers), then a few more. */
    static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0x882255),
        new Color(0x44AA99), new Color(0x999999), new Color(0x332288), new Color(0xAA4499),
    };

    static final Stroke LINE = new BasicStroke(2f);
    static final Stroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {8f, 5f}, 0f);
    static final Stroke DOTTED = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
            new float[] {1f, 5f}, 0f);


    /** The confidence level of the summary's intervals as a percentage, e.g. {@code 95%} (the config's default). */
    static String confidence(ResultsReader results) {
        double level = results.configValue("confidence").map(Double::parseDouble).orElse(Stats.LEVEL);
        return plain(level * 100) + "%";
    }

    /** "point 3: loss=0.1, latency=50ms" (or "point 3" when nothing is swept). */
    static String pointLabel(ResultsReader results, int point) {
        String label = results.label(point);
        return results.params(point).isEmpty() ? label : "point " + point + ": " + label;
    }

    /** A chart with the common look: fonts, white background, a subtitle naming the experiment. */
    static JFreeChart chart(ResultsReader results, String title, Plot plot, boolean legend) {
        if (plot instanceof XYPlot) {
            stylePlot((XYPlot) plot);
        }
        if (plot instanceof CombinedDomainXYPlot) {
            ((CombinedDomainXYPlot) plot).getDomainAxis().setLabelFont(LABEL_FONT);
            ((CombinedDomainXYPlot) plot).getDomainAxis().setTickLabelFont(TICK_FONT);
        }
        JFreeChart chart = new JFreeChart(title, TITLE_FONT, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        String name = results.text("name");
        int replications = results.manifest().path("replications").asInt(0);
        String sub = (name.isEmpty() ? "" : name + "  \u00b7  ") + "seed " + results.text("seed")
                + (replications > 0 ? "  \u00b7  " + replications + " replications" : "");
        chart.addSubtitle(new TextTitle(sub, SUBTITLE_FONT));
        LegendTitle l = chart.getLegend();
        if (l != null) {
            l.setItemFont(LEGEND_FONT);
            l.setFrame(BlockBorder.NONE);
            l.setBackgroundPaint(Color.WHITE);
        }
        return chart;
    }

    static void stylePlot(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlinePaint(new Color(0x999999));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        for (int i = 0; i < plot.getDomainAxisCount(); i++) {
            styleAxis(plot.getDomainAxis(i));
        }
        for (int i = 0; i < plot.getRangeAxisCount(); i++) {
            styleAxis(plot.getRangeAxis(i));
        }
    }

    static void styleAxis(ValueAxis axis) {
        if (axis != null) {
            axis.setLabelFont(LABEL_FONT);
            axis.setTickLabelFont(TICK_FONT);
        }
    }

    /** An axis for a measured quantity, with a minimum visible range ({@link QuantityAxis}). */
    static NumberAxis quantityAxis(String label) {
        NumberAxis a = new QuantityAxis(label);
        a.setStandardTickUnits(TICK_UNITS);
        return a;
    }

    /** An axis for counts: from zero, at least 0..1, whole-number ticks ({@link CountAxis}). */
    static NumberAxis countAxis(String label) {
        return new CountAxis(label);
    }

    /**
     * Counts whose series peak this many times apart or more are drawn on a log scale: 1.5 decades, so that
     * 10/s next to 1000/s (peaks 600 and 60,000 give or take the noise) always is.
     */
    static final double DECADES_RATIO = 30;

    /** Dash patterns that tell a series from an earlier one it coincides with (long dash, dot-dash, dots...). */
    private static final float[][] DASHES = {{10f, 6f}, {2f, 5f}, {12f, 4f, 2f, 4f}, {5f, 5f}, {1f, 3f}};

    /**
     * Gives each series of {@code data} that coincides with an earlier one (the same x values, every y within
     * 0.5% of the largest |y|) its own dash pattern over the colour, so that the series under it still shows
     * through the gaps, and a marker of its own (hollow, larger) where markers are drawn. Returns the indices of
     * those series.
     */
    static List<Integer> distinguishCoinciding(XYDataset data, XYItemRenderer r) {
        double largest = 0;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                largest = Math.max(largest, Math.abs(data.getYValue(s, i)));
            }
        }
        double tolerance = 0.005 * largest;
        List<Integer> coinciding = new ArrayList<>();
        for (int s = 1; s < data.getSeriesCount(); s++) {
            for (int t = 0; t < s; t++) {
                if (same(data, s, t, tolerance)) {
                    float[] dash = DASHES[coinciding.size() % DASHES.length];
                    r.setSeriesStroke(s, new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash,
                            0f));
                    if (r instanceof XYLineAndShapeRenderer lines && lines.getDefaultShapesVisible()) {
                        // a marker on a marker: the later one hollow and larger, so both show
                        lines.setSeriesShapesFilled(s, false);
                        double size = 12 + 4 * coinciding.size();
                        lines.setSeriesShape(s, new Ellipse2D.Double(-size / 2, -size / 2, size, size));
                    }
                    coinciding.add(s);
                    break;
                }
            }
        }
        return coinciding;
    }

    private static boolean same(XYDataset data, int a, int b, double tolerance) {
        int n = data.getItemCount(a);
        if (n == 0 || n != data.getItemCount(b)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (data.getXValue(a, i) != data.getXValue(b, i)
                    || !(Math.abs(data.getYValue(a, i) - data.getYValue(b, i)) <= tolerance)) {
                return false;
            }
        }
        return true;
    }

    /** "; X coincides with Y" sentences for a caption, naming the series of {@code data} by their keys. */
    static String coincidenceNote(XYDataset data, List<Integer> coinciding) {
        if (coinciding.isEmpty()) {
            return "";
        }
        List<String> names = new ArrayList<>();
        for (int s : coinciding) {
            names.add(String.valueOf(data.getSeriesKey(s)));
        }
        return " Series that coincide with an earlier one are dashed over it: " + String.join("; ", names) + ".";
    }

    static NumberAxis numberAxis(String label) {
        NumberAxis a = new NumberAxis(label);
        a.setAutoRangeIncludesZero(false);
        a.setAutoRangeStickyZero(false);
        a.setStandardTickUnits(TICK_UNITS);
        return a;
    }

    /**
     * Tick sizes 1, 2 and 5 times a power of ten, each labelled with exactly the decimals it needs, in the root
     * locale (the same labels on every machine). JFreeChart sizes tick labels by formatting the axis bounds, so a
     * format with a fixed number of decimals per size keeps labels from overlapping.
     */
    private static final TickUnitSource TICK_UNITS = tickUnits();

    private static TickUnitSource tickUnits() {
        TickUnits units = new TickUnits();
        DecimalFormatSymbols root = DecimalFormatSymbols.getInstance(Locale.ROOT);
        for (int e = -9; e <= 12; e++) {
            int decimals = Math.max(0, -e);
            DecimalFormat format = new DecimalFormat(decimals == 0 ? "0" : "0." + "0".repeat(decimals), root);
            for (int m : new int[] {1, 2, 5}) {
                units.add(new NumberTickUnit(m * Math.pow(10, e), format, 4));
            }
        }
        return units;
    }

    static LogAxis logAxis(String label, double min) {
        LogAxis a = new DecadeAxis(label);
        a.setSmallestValue(min / 2);
        return a;
    }

    /** Palette colours; after a full round of colours the same ones come back dashed. */
    static void colour(XYLineAndShapeRenderer r, int series, Stroke stroke) {
        for (int i = 0; i < series; i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, i < PALETTE.length ? stroke : DASHED);
        }
    }

    /** A number for text: plain decimal, at most 6 significant digits. */
    static String plain(double v) {
        return Format.number(v);
    }

    private ChartStyle() {
    }
}
