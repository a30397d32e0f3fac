package tcpsim.experiments.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYAreaRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import tcpsim.experiments.theory.Theory;

/**
 * Builds the charts of a results folder. Each builder returns either a chart with its caption or the reason
 * why it was skipped (its data is absent); none of them fails on a missing optional file.
 */
final class Charts {

    /** Width and height of every chart (pixels, and SVG user units). */
    static final int WIDTH = 1000;
    static final int HEIGHT = 600;
    /** Occupancy time grid: bins per run. */
    static final int OCCUPANCY_BINS = 300;
    /** At most this many steps per CDF series (quantiles of the sorted sample when there are more). */
    static final int CDF_POINTS = 1500;

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private static final Font SUBTITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Color GRID = new Color(0xDDDDDD);

    /** Okabe-Ito colours (readable by colour-blind readers), then a few more. */
    static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0x882255),
        new Color(0x44AA99), new Color(0x999999), new Color(0x332288), new Color(0xAA4499),
    };

    private static final Stroke LINE = new BasicStroke(2f);
    private static final Stroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {8f, 5f}, 0f);
    private static final Stroke DOTTED = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
            new float[] {1f, 5f}, 0f);

    /** A chart to write, or the reason it was skipped. */
    record Outcome(String name, String title, JFreeChart chart, int width, int height, String caption,
                   String skipped) {

        static Outcome chart(String name, String title, JFreeChart chart, int height, String caption) {
            return new Outcome(name, title, chart, WIDTH, height, caption, null);
        }

        static Outcome skip(String name, String title, String reason) {
            return new Outcome(name, title, null, 0, 0, null, reason);
        }

        boolean drawn() {
            return chart != null;
        }
    }

    private final Results results;
    private Occupancy occupancy;
    private String occupancyProblem;

    Charts(Results results) {
        this.results = results;
    }

    /** Every chart, in report order. */
    List<Outcome> all() throws IOException {
        List<Outcome> out = new ArrayList<>();
        out.add(setupCdf());
        out.add(setupVsParameter());
        out.add(timeWaitOccupancy());
        out.add(stateOccupancy());
        out.add(closeWaitOccupancy());
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // setup-cdf
    // ---------------------------------------------------------------------------------------------

    Outcome setupCdf() throws IOException {
        String name = "setup-cdf";
        String title = "Client setup time, empirical CDF";
        Optional<Path> file = results.optionalFile(Results.CONNECTIONS);
        if (file.isEmpty()) {
            return Outcome.skip(name, title, Results.CONNECTIONS + " is absent (regenerate it with `tcpsim run`)");
        }
        Map<Integer, double[]> byPoint = readSetupTimes(file.get());
        if (byPoint.isEmpty()) {
            return Outcome.skip(name, title, "no successful connection with a setup time in " + Results.CONNECTIONS);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<Integer, double[]> e : byPoint.entrySet()) {
            double[] v = e.getValue();
            Arrays.sort(v);
            min = Math.min(min, v[0]);
            max = Math.max(max, v[v.length - 1]);
            // the step function drawn as one path: at each distinct value x the CDF jumps from its previous level
            XYSeries s = new XYSeries(pointLabel(e.getKey()) + " (n=" + v.length + ")", false, true);
            int n = v.length;
            int steps = Math.min(n, CDF_POINTS);
            double level = 0;
            double lastX = Double.NaN;
            for (int k = 0; k < steps; k++) {
                int i = steps == n ? k : (int) Math.round((double) k * (n - 1) / (steps - 1));
                // the last of equal values carries the jump
                while (i + 1 < n && v[i + 1] == v[i]) {
                    i++;
                }
                if (v[i] == lastX) {
                    continue;
                }
                double next = (i + 1.0) / n;
                s.add(v[i], level);
                s.add(v[i], next);
                level = next;
                lastX = v[i];
            }
            data.addSeries(s);
        }
        boolean log = min > 0 && max / min >= 100;
        ValueAxis x = log ? logAxis("client setup time (s, log scale)", min) : numberAxis("client setup time (s)");
        NumberAxis y = numberAxis("fraction of successful connections");
        y.setRange(0, 1.0);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setDrawSeriesLineAsPath(true);
        colour(r, data.getSeriesCount(), LINE);
        XYPlot plot = new XYPlot(data, x, y, r);
        JFreeChart chart = chart(title, plot, true);
        String caption = "Empirical cumulative distribution of the client setup time (connect to client "
                + "ESTABLISHED) of every successful connection, all replications pooled, one curve per sweep "
                + "point. Steps show lost SYNs and SYN-ACKs: each retransmission adds its timeout to the "
                + "round-trip time." + (log ? " The time axis is logarithmic." : "");
        return Outcome.chart(name, title, chart, HEIGHT, caption);
    }

    private Map<Integer, double[]> readSetupTimes(Path file) throws IOException {
        Map<Integer, double[]> values = new TreeMap<>();
        Map<Integer, Integer> sizes = new TreeMap<>();
        Csv.stream(file, new Csv.RowHandler() {
            int point;
            int outcome;
            int setup;

            @Override
            public void header(Csv.Header h) throws IOException {
                point = h.require(file, "point");
                outcome = h.require(file, "outcome");
                setup = h.require(file, "client_setup_s");
            }

            @Override
            public void row(String[] f, long line) throws IOException {
                if (!f[outcome].equals("ok") || f[setup].isEmpty()) {
                    return;
                }
                double t = Csv.parseDouble(f[setup]);
                if (Double.isNaN(t)) {
                    throw new IOException(file + ":" + line + ": client_setup_s is not a number: " + f[setup]);
                }
                int p;
                try {
                    p = Integer.parseInt(f[point]);
                } catch (NumberFormatException e) {
                    throw new IOException(file + ":" + line + ": point is not a number: " + f[point], e);
                }
                double[] a = values.computeIfAbsent(p, k -> new double[1024]);
                int n = sizes.getOrDefault(p, 0);
                if (n == a.length) {
                    a = Arrays.copyOf(a, 2 * n);
                    values.put(p, a);
                }
                a[n] = t;
                sizes.put(p, n + 1);
            }
        });
        Map<Integer, double[]> out = new TreeMap<>();
        for (Map.Entry<Integer, double[]> e : values.entrySet()) {
            out.put(e.getKey(), Arrays.copyOf(e.getValue(), sizes.get(e.getKey())));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // setup-vs-<param>
    // ---------------------------------------------------------------------------------------------

    /** The first swept key whose values are all numbers (optionally with a unit), or empty. */
    Optional<String> numericSweepKey() {
        for (String key : results.sweepKeys()) {
            boolean numeric = !results.points().isEmpty();
            for (int p : results.points()) {
                numeric &= Quantity.parse(results.params(p).get(key)).isPresent();
            }
            if (numeric) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** File name part for a swept key: its last segment when unambiguous, else the whole key, dots as '-'. */
    String parameterName(String key) {
        return results.shortKey(key).replaceAll("[^A-Za-z0-9_-]+", "-");
    }

    Outcome setupVsParameter() {
        if (results.points().isEmpty()) {
            return Outcome.skip("setup-vs-parameter", "Mean setup time against the swept parameter",
                    Results.SUMMARY + " has no rows");
        }
        Optional<String> found = numericSweepKey();
        if (found.isEmpty()) {
            return Outcome.skip("setup-vs-parameter", "Mean setup time against the swept parameter",
                    results.sweepKeys().isEmpty() ? "the experiment sweeps no parameter"
                            : "no swept parameter has numeric values (swept: " + String.join(", ", results.sweepKeys())
                            + ")");
        }
        String key = found.get();
        String name = "setup-vs-" + parameterName(key);
        String title = "Mean client setup time against " + results.shortKey(key);
        Csv.Table summary = results.summary();
        if (!summary.has("setup_mean_s")) {
            return Outcome.skip(name, title, Results.SUMMARY + " has no setup_mean_s column");
        }
        // x values: as written when every value has the same unit, else converted to the base unit
        List<Quantity> xs = new ArrayList<>();
        for (int p : results.points()) {
            xs.add(Quantity.parse(results.params(p).get(key)).orElseThrow());
        }
        boolean sameUnit = xs.stream().map(Quantity::unit).distinct().count() == 1;
        String unit = sameUnit ? xs.get(0).unit() : xs.get(0).baseUnit();
        String xLabel = key + (unit.isEmpty() ? (key.endsWith("loss") ? " (loss probability)" : "") : " (" + unit + ")");

        double t0 = results.configValue("tcp.initial-rto").flatMap(Quantity::seconds).orElse(1.0);
        boolean cardwellInputs = summary.has("rtt_s") && summary.has("loss_up") && summary.has("loss_down");

        Map<String, YIntervalSeries> measured = new LinkedHashMap<>();
        Map<String, XYSeries> theory = new LinkedHashMap<>();
        Map<String, XYSeries> cardwell = new LinkedHashMap<>();
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        int i = 0;
        for (int p : results.points()) {
            Quantity q = xs.get(i++);
            double x = sameUnit ? q.value() : q.base();
            String group = groupLabel(p, key);
            Optional<String[]> row = results.summaryRow(p);
            if (row.isEmpty()) {
                continue;
            }
            double mean = summary.number(row.get(), "setup_mean_s");
            if (Double.isFinite(mean)) {
                double lo = summary.number(row.get(), "setup_ci_low_s");
                double hi = summary.number(row.get(), "setup_ci_high_s");
                measured.computeIfAbsent(group, g -> new YIntervalSeries(seriesName("measured mean, 95% CI", g)))
                        .add(x, mean, Double.isFinite(lo) ? lo : mean, Double.isFinite(hi) ? hi : mean);
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
            }
            double th = summary.number(row.get(), "theory_setup_s");
            if (Double.isFinite(th)) {
                theory.computeIfAbsent(group, g -> new XYSeries(seriesName("theory, exact schedule sum", g), true,
                        true)).add(x, th);
            }
            if (cardwellInputs) {
                double rtt = summary.number(row.get(), "rtt_s");
                double up = summary.number(row.get(), "loss_up");
                double down = summary.number(row.get(), "loss_down");
                if (Double.isFinite(rtt) && up >= 0 && up < 0.5 && down >= 0 && down < 0.5) {
                    double c = Theory.cardwellHandshake(rtt, up, down, t0, -1);
                    cardwell.computeIfAbsent(group, g -> new XYSeries(seriesName(
                            "Cardwell et al. 2000 eq. 4 (T_s = " + plain(t0) + " s)", g), true, true)).add(x, c);
                }
            }
        }
        if (measured.isEmpty()) {
            return Outcome.skip(name, title, "no sweep point has a mean setup time (no successful connection)");
        }
        List<String> groups = new ArrayList<>(measured.keySet());
        for (String g : theory.keySet()) {
            if (!groups.contains(g)) {
                groups.add(g);
            }
        }
        boolean log = minX > 0 && maxX / minX >= 100;
        ValueAxis xAxis = log ? logAxis(xLabel + ", log scale", minX) : numberAxis(xLabel);
        NumberAxis yAxis = numberAxis("mean client setup time (s)");
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(xAxis);
        plot.setRangeAxis(yAxis);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);

        YIntervalSeriesCollection m = new YIntervalSeriesCollection();
        XYErrorRenderer mr = new XYErrorRenderer();
        mr.setDrawXError(false);
        mr.setDrawYError(true);
        mr.setCapLength(8);
        mr.setErrorStroke(new BasicStroke(1.5f));
        mr.setDefaultLinesVisible(true);
        mr.setDefaultShapesVisible(true);
        for (Map.Entry<String, YIntervalSeries> e : measured.entrySet()) {
            int c = groups.indexOf(e.getKey());
            m.addSeries(e.getValue());
            mr.setSeriesPaint(m.getSeriesCount() - 1, PALETTE[c % PALETTE.length]);
            mr.setSeriesStroke(m.getSeriesCount() - 1, LINE);
        }
        plot.setDataset(0, m);
        plot.setRenderer(0, mr);
        addLines(plot, 1, theory, groups, DASHED);
        addLines(plot, 2, cardwell, groups, DOTTED);
        JFreeChart chart = chart(title, plot, true);
        StringBuilder caption = new StringBuilder();
        caption.append("Mean client setup time of the successful connections at each sweep point against ")
                .append(key).append(", with Student-t 95% confidence intervals over replication means (error bars)");
        if (groups.size() > 1 || !groups.get(0).isEmpty()) {
            caption.append("; one colour per value of the other swept parameters");
        }
        caption.append(".");
        if (!theory.isEmpty()) {
            caption.append(" Dashed: the exact expectation for the profile's fixed SYN and SYN-ACK retransmission "
                    + "schedules under independent loss, conditional on success (theory_setup_s).");
        }
        if (!cardwell.isEmpty()) {
            caption.append(" Dotted: Cardwell, Savage and Anderson (2000), eq. 4, RTT + T_s((1-p_r)/(1-2p_r) + "
                    + "(1-p_f)/(1-2p_f) - 2) with T_s = ").append(plain(t0)).append(" s, which assumes the SYN "
                    + "timeout doubles from T_s on every retransmission.");
        }
        return Outcome.chart(name, title, chart, HEIGHT, caption.toString());
    }

    private String groupLabel(int point, String key) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : results.params(point).entrySet()) {
            if (!e.getKey().equals(key)) {
                parts.add(results.shortKey(e.getKey()) + "=" + e.getValue());
            }
        }
        return String.join(", ", parts);
    }

    private static String seriesName(String what, String group) {
        return group.isEmpty() ? what : what + ", " + group;
    }

    private static void addLines(XYPlot plot, int index, Map<String, XYSeries> series, List<String> groups,
                                 Stroke stroke) {
        if (series.isEmpty()) {
            return;
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (Map.Entry<String, XYSeries> e : series.entrySet()) {
            data.addSeries(e.getValue());
            int s = data.getSeriesCount() - 1;
            r.setSeriesPaint(s, PALETTE[groups.indexOf(e.getKey()) % PALETTE.length]);
            r.setSeriesStroke(s, stroke);
        }
        plot.setDataset(index, data);
        plot.setRenderer(index, r);
    }

    // ---------------------------------------------------------------------------------------------
    // occupancy charts
    // ---------------------------------------------------------------------------------------------

    private Optional<Occupancy> occupancy() throws IOException {
        if (occupancy == null && occupancyProblem == null) {
            Optional<Path> file = results.optionalFile(Results.OCCUPANCY);
            if (file.isEmpty()) {
                occupancyProblem = Results.OCCUPANCY + " is absent (regenerate it with `tcpsim run`)";
            } else {
                Occupancy o = Occupancy.read(file.get(), results.durationSeconds().orElse(Double.NaN),
                        OCCUPANCY_BINS);
                if (o.points().isEmpty()) {
                    occupancyProblem = Results.OCCUPANCY + " holds no rows";
                } else {
                    occupancy = o;
                }
            }
        }
        return Optional.ofNullable(occupancy);
    }

    Outcome timeWaitOccupancy() throws IOException {
        String name = "time-wait-occupancy";
        String title = "TIME_WAIT occupancy over time";
        Optional<Occupancy> o = occupancy();
        if (o.isEmpty()) {
            return Outcome.skip(name, title, occupancyProblem);
        }
        XYSeriesCollection littles = new XYSeriesCollection();
        double warmup = results.warmupSeconds();
        double from = warmup < o.get().end() ? warmup : 0;
        double to = results.durationSeconds().filter(d -> d > from && d <= o.get().end()).orElse(o.get().end());
        for (int point : o.get().points().keySet()) {
            double level = littlesLevel(point);
            if (Double.isFinite(level)) {
                XYSeries s = new XYSeries("Little's law, " + pointLabel(point), false, true);
                s.add(from, level);
                s.add(to, level);
                littles.addSeries(s);
            } else {
                // keep series indices aligned with the points for colours
                littles.addSeries(new XYSeries("Little's law (not available), " + pointLabel(point), false, true));
            }
        }
        JFreeChart chart = occupancyChart(title, o.get(), "TIME_WAIT", "connections in TIME_WAIT (all hosts)",
                littles, "Little's law level, per point (dashed)");
        String caption = "Number of connections in TIME_WAIT, summed over all hosts: the mean over replications "
                + "(line) and the range from the lowest to the highest replication (band), each point the exact "
                + "time average of the recorded step function over a bin of " + plain(o.get().binWidth())
                + " s. Dashed: the Little's-law level L = close rate x TIME_WAIT duration "
                + "(time_wait_littles_law), which the steady-state mean should match, drawn over the measurement "
                + "window from the end of the warm-up to the configured duration."
                + (warmup > 0 ? " The shaded region is the warm-up (" + plain(warmup)
                + " s), excluded from the statistics." : "");
        return Outcome.chart(name, title, chart, HEIGHT, caption);
    }

    private double littlesLevel(int point) {
        Optional<String[]> row = results.summaryRow(point);
        if (row.isEmpty()) {
            return Double.NaN;
        }
        Csv.Table s = results.summary();
        double level = s.number(row.get(), "time_wait_littles_law");
        if (Double.isNaN(level)) {
            double rate = s.number(row.get(), "close_rate_per_s");
            double duration = s.number(row.get(), "time_wait_duration_s");
            if (rate >= 0 && duration >= 0) {
                level = Theory.littlesLaw(rate, duration);
            }
        }
        return level;
    }

    Outcome closeWaitOccupancy() throws IOException {
        String name = "close-wait-occupancy";
        String title = "CLOSE_WAIT occupancy over time";
        Optional<Occupancy> o = occupancy();
        if (o.isEmpty()) {
            return Outcome.skip(name, title, occupancyProblem);
        }
        JFreeChart chart = occupancyChart(title, o.get(), "CLOSE_WAIT", "connections in CLOSE_WAIT (all hosts)",
                null, null);
        double warmup = results.warmupSeconds();
        String caption = "Number of connections in CLOSE_WAIT (the peer has closed, the local application has "
                + "not yet), summed over all hosts: the mean over replications (line) and the range from the "
                + "lowest to the highest replication (band), as exact time averages over bins of "
                + plain(o.get().binWidth()) + " s. It grows without bound when the server application never "
                + "closes." + (warmup > 0 ? " The shaded region is the warm-up (" + plain(warmup) + " s)." : "");
        return Outcome.chart(name, title, chart, HEIGHT, caption);
    }

    private JFreeChart occupancyChart(String title, Occupancy o, String state, String yLabel,
                                      XYSeriesCollection levels, String levelsLabel) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (int point : o.points().keySet()) {
            double[][] mmm = o.meanMinMax(point, state);
            YIntervalSeries s = new YIntervalSeries(pointLabel(point) + " (" + o.points().get(point).replications()
                    + " repl.)", false, true);
            for (int b = 0; b < o.bins(); b++) {
                s.add(o.binCentre(b), mmm[0][b], mmm[1][b], mmm[2][b]);
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
        NumberAxis x = numberAxis("simulated time (s)");
        x.setRange(0, o.end());
        NumberAxis y = numberAxis(yLabel);
        y.setAutoRangeIncludesZero(true);
        y.setAutoRangeStickyZero(true);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
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
        return chart(title, plot, true);
    }

    private void markWarmup(XYPlot plot, double end) {
        markDuration(plot, end);
        double warmup = Math.min(results.warmupSeconds(), end);
        if (warmup > 0) {
            IntervalMarker m = new IntervalMarker(0, warmup, new Color(0, 0, 0, 20));
            m.setLabel("warm-up");
            m.setLabelFont(LEGEND_FONT);
            m.setLabelPaint(new Color(0x555555));
            m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            m.setLabelOffset(new RectangleInsets(6, 6, 6, 6));
            plot.addDomainMarker(m, Layer.BACKGROUND);
        }
    }

    /** A line at the configured duration when the recorded data goes on after it. */
    private void markDuration(XYPlot plot, double end) {
        Optional<Double> duration = results.durationSeconds();
        if (duration.isPresent() && duration.get() > 0 && duration.get() < end) {
            ValueMarker m = new ValueMarker(duration.get(), new Color(0x555555), new BasicStroke(1f));
            m.setLabel("duration");
            m.setLabelFont(LEGEND_FONT);
            m.setLabelPaint(new Color(0x555555));
            m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            m.setLabelOffset(new RectangleInsets(6, 6, 6, 6));
            plot.addDomainMarker(m, Layer.FOREGROUND);
        }
    }

    /** At most this many panels in the stacked state chart; with more points only the first is drawn. */
    static final int STATE_PANELS = 4;

    Outcome stateOccupancy() throws IOException {
        String name = "state-occupancy";
        String title = "Occupancy of every TCP state over time";
        Optional<Occupancy> found = occupancy();
        if (found.isEmpty()) {
            return Outcome.skip(name, title, occupancyProblem);
        }
        Occupancy o = found.get();
        List<String> states = new ArrayList<>();
        for (String s : o.states()) {
            if (!s.equals("CLOSED") && o.occurs(s)) {
                states.add(s);
            }
        }
        if (states.isEmpty()) {
            return Outcome.skip(name, title, Results.OCCUPANCY + " records no connection in any state");
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
            // stacked by hand: series j is the sum of states 0..j, drawn from the top of the stack down as opaque
            // areas, so each state shows as its own band (one polygon per state keeps the SVG small)
            XYSeriesCollection data = new XYSeriesCollection();
            XYAreaRenderer r = new XYAreaRenderer(XYAreaRenderer.AREA);
            r.setOutline(false);
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
            if (point == points.get(0)) {
                for (String state : states) {
                    legend.add(new LegendItem(state, stateColour(state)));
                }
            }
            NumberAxis y = numberAxis(points.size() == 1 ? "connections (all hosts)" : "connections, point " + point);
            y.setAutoRangeIncludesZero(true);
            y.setAutoRangeStickyZero(true);
            XYPlot sub = new XYPlot(data, null, y, r);
            sub.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
            stylePlot(sub);
            if (points.size() > 1) {
                TextTitle panel = new TextTitle(pointLabel(point), LEGEND_FONT);
                sub.addAnnotation(new org.jfree.chart.annotations.XYTitleAnnotation(0.01, 0.98, panel,
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
        JFreeChart chart = chart(title, combined, true);
        int height = Math.max(HEIGHT, 220 + 260 * points.size());
        String which = all ? (points.size() == 1 ? "" : " One panel per sweep point.")
                : " Only the first sweep point (" + pointLabel(points.get(0)) + ") is drawn, of " + o.points().size()
                + ".";
        String caption = "Number of connections in each TCP state, summed over all hosts and averaged over "
                + "replications, stacked (CLOSED is not drawn): the top of the stack is the number of open "
                + "connections." + which
                + (results.warmupSeconds() > 0 ? " The lighter region is the warm-up." : "");
        return Outcome.chart(name, title, chart, height, caption);
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

    // ---------------------------------------------------------------------------------------------
    // common look
    // ---------------------------------------------------------------------------------------------

    private String pointLabel(int point) {
        String label = results.label(point);
        return results.params(point).isEmpty() ? label : "point " + point + ": " + label;
    }

    private JFreeChart chart(String title, Plot plot, boolean legend) {
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

    private static void stylePlot(XYPlot plot) {
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

    private static void styleAxis(ValueAxis axis) {
        if (axis != null) {
            axis.setLabelFont(LABEL_FONT);
            axis.setTickLabelFont(TICK_FONT);
        }
    }

    private static NumberAxis numberAxis(String label) {
        NumberAxis a = new NumberAxis(label);
        a.setAutoRangeIncludesZero(false);
        a.setAutoRangeStickyZero(false);
        a.setNumberFormatOverride(new DecimalFormat("0.####", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        return a;
    }

    private static LogAxis logAxis(String label, double min) {
        LogAxis a = new DecadeAxis(label);
        a.setSmallestValue(min / 2);
        return a;
    }

    /** Palette colours; after a full round of colours the same ones come back dashed. */
    private static void colour(XYLineAndShapeRenderer r, int series, Stroke stroke) {
        for (int i = 0; i < series; i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, i < PALETTE.length ? stroke : DASHED);
        }
    }

    /** A number for text: plain decimal, at most 6 significant digits. */
    static String plain(double v) {
        return Format.number(v);
    }
}
