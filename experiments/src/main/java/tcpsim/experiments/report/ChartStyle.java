package tcpsim.experiments.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
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
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;
import tcpsim.experiments.results.ResultsReader;

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
