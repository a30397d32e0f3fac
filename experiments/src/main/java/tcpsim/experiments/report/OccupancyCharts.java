package tcpsim.experiments.report;

import static tcpsim.experiments.report.ChartStyle.DASHED;
import static tcpsim.experiments.report.ChartStyle.DOTTED;
import static tcpsim.experiments.report.ChartStyle.HEIGHT;
import static tcpsim.experiments.report.ChartStyle.LEGEND_FONT;
import static tcpsim.experiments.report.ChartStyle.LINE;
import static tcpsim.experiments.report.ChartStyle.PALETTE;
import static tcpsim.experiments.report.ChartStyle.chart;
import static tcpsim.experiments.report.ChartStyle.numberAxis;
import static tcpsim.experiments.report.ChartStyle.plain;
import static tcpsim.experiments.report.ChartStyle.pointLabel;
import static tcpsim.experiments.report.ChartStyle.stylePlot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.geom.Line2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYAreaRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import tcpsim.experiments.report.Charts.ChartResult;
import tcpsim.experiments.results.Csv;
import tcpsim.experiments.results.OccupancyBins;
import tcpsim.experiments.results.ResultFiles;
import tcpsim.experiments.results.ResultsReader;
import tcpsim.experiments.results.SummaryColumn;

/**
 * The occupancy charts, from {@code occupancy.csv}: {@code time-wait-occupancy}, {@code state-occupancy} and
 * {@code close-wait-occupancy}.
 */
final class OccupancyCharts {

    /** Occupancy time grid: about this many bins per run. */
    static final int OCCUPANCY_BINS = OccupancyBins.TARGET_BINS;

    private final ResultsReader results;
    private OccupancySeries occupancy;
    private String occupancyProblem;

    OccupancyCharts(ResultsReader results) {
        this.results = results;
    }

    // ---------------------------------------------------------------------------------------------
    // occupancy charts
    // ---------------------------------------------------------------------------------------------

    private Optional<OccupancySeries> occupancy() throws IOException {
        if (occupancy == null && occupancyProblem == null) {
            Optional<Path> binned = results.optionalFile(ResultFiles.OCCUPANCY_BINS);
            Optional<Path> file = results.optionalFile(ResultFiles.OCCUPANCY);
            if (binned.isPresent() && file.isPresent()) {
                return fromBins(binned.get());
            }
            if (file.isEmpty()) {
                occupancyProblem = ResultFiles.OCCUPANCY + " is absent (regenerate it with `tcpsim run`)";
            } else {
                OccupancySeries o;
                try {
                    o = OccupancySeries.read(file.get(), results.durationSeconds().orElse(Double.NaN), OCCUPANCY_BINS);
                } catch (IOException e) {
                    // an optional file that cannot be read costs its charts, not the report
                    occupancyProblem = ResultFiles.OCCUPANCY + " could not be read: " + results.relative(e.getMessage());
                    return Optional.empty();
                }
                if (o.points().isEmpty()) {
                    occupancyProblem = ResultFiles.OCCUPANCY + " holds no rows";
                } else {
                    occupancy = o;
                }
            }
        }
        return Optional.ofNullable(occupancy);
    }

    /** The series from occupancy-bins.json (written with occupancy.csv, so the CSV is not re-read). */
    private Optional<OccupancySeries> fromBins(Path binned) {
        try {
            OccupancySeries o = OccupancySeries.readBins(binned);
            if (o.points().isEmpty()) {
                occupancyProblem = ResultFiles.OCCUPANCY + " holds no rows";
            } else {
                occupancy = o;
            }
        } catch (IOException e) {
            occupancyProblem = ResultFiles.OCCUPANCY_BINS + " could not be read: " + results.relative(e.getMessage());
        }
        return Optional.ofNullable(occupancy);
    }

    ChartResult timeWaitOccupancy() throws IOException {
        String name = "time-wait-occupancy";
        String title = "TIME_WAIT occupancy over time";
        Optional<OccupancySeries> o = occupancy();
        if (o.isEmpty()) {
            return ChartResult.skip(name, title, occupancyProblem);
        }
        XYSeriesCollection littles = new XYSeriesCollection();
        double warmup = results.warmupSeconds();
        double from = warmup < o.get().end() ? warmup : 0;
        double to = results.durationSeconds().filter(d -> d > from && d <= o.get().end()).orElse(o.get().end());
        List<String> reused = new ArrayList<>();
        List<String> capped = new ArrayList<>();
        for (int point : o.get().points().keySet()) {
            if (overflowed(point)) {
                capped.add(pointLabel(results, point));
            }
            double level = timeWaitReused(results, point) ? Double.NaN : littlesLevel(point);
            if (timeWaitReused(results, point)) {
                reused.add(pointLabel(results, point));
            }
            if (Double.isFinite(level)) {
                XYSeries s = new XYSeries("Little's law, " + pointLabel(results, point), false, true);
                s.add(from, level);
                s.add(to, level);
                littles.addSeries(s);
            } else {
                // keep series indices aligned with the points for colours
                littles.addSeries(new XYSeries("Little's law (not available), " + pointLabel(results, point), false,
                        true));
            }
        }
        Drawn drawn = occupancyChart(title, o.get(), "TIME_WAIT", "connections in TIME_WAIT (all hosts)",
                littles, "Little's law level, per point (dashed)");
        JFreeChart chart = drawn.chart();
        String caption = "Number of connections in TIME_WAIT, summed over all hosts: the mean over replications "
                + "(line) and the range from the lowest to the highest replication (band), each point the exact "
                + "time average of the recorded step function over a bin of " + plain(o.get().binWidth())
                + " s. Dashed: the Little's-law level L = close rate x mean TIME_WAIT lifetime "
                + "(" + SummaryColumn.TIME_WAIT_LITTLES_LAW.label() + "), which the steady-state mean should match, "
                + "drawn over the measurement window from the end of the warm-up to the configured duration."
                + (warmup > 0 ? " The shaded region is the warm-up (" + plain(warmup)
                + " s), excluded from the statistics." : "")
                + (reused.isEmpty() ? "" : " No Little's-law level is drawn for " + String.join("; ", reused)
                + ": with tcp.tw-reuse, connect takes over TIME_WAIT connections once they are 1 s old, so they do "
                + "not stay the configured TIME_WAIT duration and L = close rate x duration does not hold.")
                + (capped.isEmpty() ? "" : " TIME_WAIT buckets ran out (tcp.max-tw-buckets; "
                + SummaryColumn.TIME_WAIT_OVERFLOW.label() + " > 0) for " + String.join("; ", capped) + ": there "
                + "each host's level is min(its close rate x duration, max-tw-buckets), the close rate counting the "
                + "connections that found no bucket; the measured mean lies slightly below that cap, because a "
                + "bucket freed by an expiry stays empty until the host's next close.")
                + drawn.note();
        return ChartResult.chart(name, title, chart, HEIGHT, caption);
    }

    /**
     * Whether sweep point {@code point} runs with {@code tcp.tw-reuse} on (swept or configured), so that
     * TIME_WAIT may end early and Little's law with the configured duration is no theory for it.
     */
    static boolean timeWaitReused(ResultsReader results, int point) {
        String v = results.params(point).get("tcp.tw-reuse");
        return Boolean.parseBoolean(v != null ? v : results.configValue("tcp.tw-reuse").orElse("false"));
    }

    /**
     * The point's Little's-law level as the summary computed it ({@code time_wait_littles_law}: one formula,
     * {@code Theory.timeWaitLevel}, capped per host by max-tw-buckets); NaN when the cell is empty.
     */
    private double littlesLevel(int point) {
        Optional<String[]> row = results.summaryRow(point);
        return row.isEmpty() ? Double.NaN : results.summary().number(row.get(), SummaryColumn.TIME_WAIT_LITTLES_LAW);
    }

    /** Whether some connections of {@code point} found no TIME_WAIT bucket (max-tw-buckets), so its level is capped. */
    private boolean overflowed(int point) {
        Optional<String[]> row = results.summaryRow(point);
        return row.isPresent() && results.summary().has(SummaryColumn.TIME_WAIT_OVERFLOW)
                && results.summary().number(row.get(), SummaryColumn.TIME_WAIT_OVERFLOW) > 0;
    }

    ChartResult closeWaitOccupancy() throws IOException {
        String name = "close-wait-occupancy";
        String title = "CLOSE_WAIT occupancy over time";
        Optional<OccupancySeries> o = occupancy();
        if (o.isEmpty()) {
            return ChartResult.skip(name, title, occupancyProblem);
        }
        Drawn drawn = occupancyChart(title, o.get(), "CLOSE_WAIT", "connections in CLOSE_WAIT (all hosts)",
                null, null);
        JFreeChart chart = drawn.chart();
        double warmup = results.warmupSeconds();
        String caption = "Number of connections in CLOSE_WAIT (the peer has closed, the local application has "
                + "not yet), summed over all hosts: the mean over replications (line) and the range from the "
                + "lowest to the highest replication (band), as exact time averages over bins of "
                + plain(o.get().binWidth()) + " s. It grows without bound when the server application never "
                + "closes." + (warmup > 0 ? " The shaded region is the warm-up (" + plain(warmup) + " s)." : "")
                + drawn.note();
        return ChartResult.chart(name, title, chart, HEIGHT, caption);
    }

    /** An occupancy chart and what its caption must add (log scale, coinciding series). */
    private record Drawn(JFreeChart chart, String note) {
    }

    private Drawn occupancyChart(String title, OccupancySeries o, String state, String yLabel,
                                      XYSeriesCollection levels, String levelsLabel) {
        // counts on a log scale when the points' peaks lie decades apart (10/s next to 1000/s), else from zero
        double ratio = peakRatio(o, state);
        boolean log = ratio >= ChartStyle.DECADES_RATIO;
        double floor = LOG_FLOOR;
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (int point : o.points().keySet()) {
            double[][] mmm = o.meanMinMax(point, state);
            YIntervalSeries s = new YIntervalSeries(pointLabel(results, point) + " ("
                    + o.points().get(point).replications()
                    + " repl.)", false, true);
            for (int b = 0; b < o.bins(); b++) {
                if (log) {
                    s.add(o.binCentre(b), Math.max(floor, mmm[0][b]), Math.max(floor, mmm[1][b]),
                            Math.max(floor, mmm[2][b]));
                } else {
                    s.add(o.binCentre(b), mmm[0][b], mmm[1][b], mmm[2][b]);
                }
            }
            data.addSeries(s);
        }
        DeviationRenderer r = new DeviationRenderer(true, false);
        r.setAlpha(0.18f);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            Color c = PALETTE[i % PALETTE.length];
            r.setSeriesPaint(i, c);
            r.setSeriesFillPaint(i, c);
            r.setSeriesStroke(i, i < PALETTE.length ? LINE : DOTTED);
        }
        List<Integer> coinciding = ChartStyle.distinguishCoinciding(data, r);
        NumberAxis x = numberAxis("simulated time (s)");
        x.setRange(0, o.end());
        ValueAxis y;
        if (log) {
            LogAxis axis = ChartStyle.logAxis(yLabel + ", log scale", floor * 2); // smallest value: the floor
            y = axis;
        } else {
            y = ChartStyle.countAxis(yLabel);
        }
        String note = (log ? " The count axis is logarithmic (the points' peaks lie a factor of "
                + plain(Math.floor(ratio)) + " or more apart); counts below "
                + plain(floor) + " are drawn at its bottom." : "")
                + ChartStyle.coincidenceNote(data, coinciding);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD); // a dashed coinciding series over its twin
        if (levels != null && levels.getSeriesCount() > 0) {
            XYLineAndShapeRenderer lr = new XYLineAndShapeRenderer(true, false);
            boolean any = false;
            for (int i = 0; i < levels.getSeriesCount(); i++) {
                lr.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
                lr.setSeriesStroke(i, DASHED);
                lr.setSeriesVisibleInLegend(i, false);
                any |= levels.getSeries(i).getItemCount() > 0;
            }
            plot.setDataset(1, levels);
            plot.setRenderer(1, lr);
            if (any) {
                // one legend entry for all the levels: each is drawn in its point's colour
                LegendItemCollection items = new LegendItemCollection();
                items.addAll(plot.getLegendItems());
                items.add(new LegendItem(levelsLabel, null, null, null, new Line2D.Double(-9, 0, 9, 0), DASHED,
                        new Color(0x555555)));
                plot.setFixedLegendItems(items);
            }
        }
        markWarmup(plot, o.end());
        return new Drawn(chart(results, title, plot, true), note);
    }

    /** The highest of the points' peak mean counts of {@code state} over the lowest that is not zero (0: none). */
    private static double peakRatio(OccupancySeries o, String state) {
        double lowestPeak = Double.POSITIVE_INFINITY;
        double highestPeak = 0;
        for (int point : o.points().keySet()) {
            double peak = 0;
            for (double v : o.meanMinMax(point, state)[0]) {
                peak = Math.max(peak, v);
            }
            if (peak > 0) {
                lowestPeak = Math.min(lowestPeak, peak);
                highestPeak = Math.max(highestPeak, peak);
            }
        }
        return highestPeak / lowestPeak;
    }

    /** The bottom of a logarithmic count axis: half a connection. */
    static final double LOG_FLOOR = 0.5;

    private void markWarmup(XYPlot plot, double end) {
        markDuration(plot, end);
        double warmup = Math.min(results.warmupSeconds(), end);
        if (warmup > 0) {
            IntervalMarker m = new IntervalMarker(0, warmup, new Color(0, 0, 0, 20));
            label(m, "warm-up", RectangleAnchor.TOP_LEFT);
            plot.addDomainMarker(m, Layer.BACKGROUND);
        }
    }

    /** A line at the configured duration when the recorded data goes on after it. */
    private void markDuration(XYPlot plot, double end) {
        Optional<Double> duration = results.durationSeconds();
        if (duration.isPresent() && duration.get() > 0 && duration.get() < end) {
            ValueMarker m = new ValueMarker(duration.get(), new Color(0x555555), new BasicStroke(1f));
            label(m, "duration", RectangleAnchor.TOP_RIGHT);
            plot.addDomainMarker(m, Layer.FOREGROUND);
        }
    }

    /** A time marker's label: small grey text in the top corner {@code anchor}. */
    private static void label(Marker m, String text, RectangleAnchor anchor) {
        m.setLabel(text);
        m.setLabelFont(LEGEND_FONT);
        m.setLabelPaint(new Color(0x555555));
        m.setLabelAnchor(anchor);
        m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        m.setLabelOffset(new RectangleInsets(6, 6, 6, 6));
    }

    /** At most this many panels in the stacked state chart; with more points only the first is drawn. */
    static final int STATE_PANELS = 6;

    /**
     * The states of one point stacked by hand: series j is the sum of states 0..j, drawn from the top of the stack
     * down as opaque areas, so each state shows as its own band (one polygon per state keeps the SVG small).
     */
    private static XYSeriesCollection stackedStates(OccupancySeries o, int point, List<String> states,
            XYAreaRenderer r) {
        XYSeriesCollection data = new XYSeriesCollection();
        double[][] cumulative = new double[states.size()][];
        for (int j = 0; j < states.size(); j++) {
            double[] mean = o.meanMinMax(point, states.get(j))[0];
            cumulative[j] = j == 0 ? mean.clone() : cumulative[j - 1].clone();
            if (j > 0) {
                for (int b = 0; b < o.bins(); b++) {
                    cumulative[j][b] += mean[b];
                }
            }
        }
        for (int j = states.size() - 1; j >= 0; j--) {
            XYSeries s = new XYSeries(states.get(j), false, true);
            s.add(0.0, 0.0);
            for (int b = 0; b < o.bins(); b++) {
                s.add(o.binCentre(b), cumulative[j][b]);
            }
            s.add(o.end(), 0.0);
            data.addSeries(s);
            r.setSeriesPaint(data.getSeriesCount() - 1, stateColour(states.get(j)));
        }
        return data;
    }

    ChartResult stateOccupancy() throws IOException {
        String name = "state-occupancy";
        String title = "Occupancy of every TCP state over time";
        Optional<OccupancySeries> found = occupancy();
        if (found.isEmpty()) {
            return ChartResult.skip(name, title, occupancyProblem);
        }
        OccupancySeries o = found.get();
        List<String> states = new ArrayList<>();
        for (String s : o.states()) {
            if (!s.equals("CLOSED") && o.occurs(s)) {
                states.add(s);
            }
        }
        if (states.isEmpty()) {
            return ChartResult.skip(name, title, ResultFiles.OCCUPANCY + " records no connection in any state");
        }
        List<Integer> points = new ArrayList<>(o.points().keySet());
        boolean all = points.size() <= STATE_PANELS;
        if (!all) {
            points = points.subList(0, 1);
        }
        NumberAxis x = numberAxis("simulated time (s)");
        x.setRange(0, o.end());
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(x);
        combined.setGap(12);
        LegendItemCollection legend = new LegendItemCollection();
        for (int point : points) {
            XYAreaRenderer r = new XYAreaRenderer(XYAreaRenderer.AREA);
            r.setOutline(false);
            XYSeriesCollection data = stackedStates(o, point, states, r);
            if (point == points.get(0)) {
                for (String state : states) {
                    legend.add(new LegendItem(state, stateColour(state)));
                }
            }
            NumberAxis y = ChartStyle.countAxis(points.size() == 1 ? "connections (all hosts)"
                    : "connections, point " + point);
            XYPlot sub = new XYPlot(data, null, y, r);
            sub.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
            stylePlot(sub);
            if (points.size() > 1) {
                TextTitle panel = new TextTitle(pointLabel(results, point), LEGEND_FONT);
                sub.addAnnotation(new XYTitleAnnotation(0.01, 0.98, panel,
                        RectangleAnchor.TOP_LEFT));
            }
            double warmup = Math.min(results.warmupSeconds(), o.end());
            if (warmup > 0) {
                IntervalMarker m = new IntervalMarker(0, warmup, new Color(255, 255, 255, 90));
                sub.addDomainMarker(m, Layer.FOREGROUND);
            }
            markDuration(sub, o.end());
            combined.add(sub, 1);
        }
        combined.setFixedLegendItems(legend);
        JFreeChart chart = chart(results, title, combined, true);
        int height = Math.max(HEIGHT, 160 + (points.size() <= 3 ? 260 : 220) * points.size());
        String which = all ? (points.size() == 1 ? "" : " One panel per sweep point.")
                : " Only the first sweep point (" + pointLabel(results, points.get(0)) + ") is drawn, of "
                + o.points().size()
                + ".";
        String caption = "Number of connections in each TCP state, summed over all hosts and averaged over "
                + "replications, stacked (CLOSED is not drawn): the top of the stack is the number of open "
                + "connections." + which
                + (results.warmupSeconds() > 0 ? " The lighter region is the warm-up." : "");
        return ChartResult.chart(name, title, chart, height, caption);
    }

    private static Paint stateColour(String state) {
        switch (state) {
            case "SYN_SENT": return new Color(0x56B4E9);
            case "SYN_RECEIVED": return new Color(0x0072B2);
            case "ESTABLISHED": return new Color(0x009E73);
            case "FIN_WAIT_1": return new Color(0xF0E442);
            case "FIN_WAIT_2": return new Color(0xE69F00);
            case "CLOSE_WAIT": return new Color(0xCC79A7);
            case "CLOSING": return new Color(0x882255);
            case "LAST_ACK": return new Color(0xAA4499);
            case "TIME_WAIT": return new Color(0xD55E00);
            case "LISTEN": return new Color(0x999999);
            default: return new Color(0x666666);
        }
    }
}
