package tcpsim.experiments.report;

import static tcpsim.experiments.report.ChartStyle.DASHED;
import static tcpsim.experiments.report.ChartStyle.DOTTED;
import static tcpsim.experiments.report.ChartStyle.HEIGHT;
import static tcpsim.experiments.report.ChartStyle.LINE;
import static tcpsim.experiments.report.ChartStyle.PALETTE;
import static tcpsim.experiments.report.ChartStyle.chart;
import static tcpsim.experiments.report.ChartStyle.coincidenceNote;
import static tcpsim.experiments.report.ChartStyle.colour;
import static tcpsim.experiments.report.ChartStyle.distinguishCoinciding;
import static tcpsim.experiments.report.ChartStyle.logAxis;
import static tcpsim.experiments.report.ChartStyle.numberAxis;
import static tcpsim.experiments.report.ChartStyle.quantityAxis;
import static tcpsim.experiments.report.ChartStyle.plain;
import static tcpsim.experiments.report.ChartStyle.pointLabel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import tcpsim.experiments.config.Units;
import tcpsim.experiments.report.Charts.ChartResult;
import tcpsim.experiments.results.Csv;
import tcpsim.experiments.results.ResultFiles;
import tcpsim.experiments.results.ResultsReader;
import tcpsim.experiments.results.SetupCdf;
import tcpsim.experiments.results.SummaryColumn;
import tcpsim.experiments.results.Theory;

/** The connection set-up charts: {@code setup-cdf} and {@code setup-vs-<param>}. */
final class SetupCharts {


    private final ResultsReader results;

    SetupCharts(ResultsReader results) {
        this.results = results;
    }

    // ---------------------------------------------------------------------------------------------
    // setup-cdf
    // ---------------------------------------------------------------------------------------------

    ChartResult setupCdf() throws IOException {
        String name = "setup-cdf";
        String title = "Client setup time, empirical CDF";
        Optional<Path> file = results.optionalFile(ResultFiles.CONNECTIONS);
        if (file.isEmpty()) {
            return ChartResult.skip(name, title, ResultFiles.CONNECTIONS + " is absent (regenerate it with `tcpsim run`)");
        }
        Map<Integer, SetupCdf> byPoint;
        try {
            Optional<Path> written = results.optionalFile(ResultFiles.SETUP_CDF);
            byPoint = written.isPresent() ? readCdfs(written.get()) : cdfs(readSetupTimes(file.get()));
        } catch (IOException e) {
            // an optional file that cannot be read costs its chart, not the report
            return ChartResult.skip(name, title, ResultFiles.CONNECTIONS + " could not be read: " + results.relative(e.getMessage()));
        }
        if (byPoint.isEmpty()) {
            return ChartResult.skip(name, title, "no successful connection with a setup time in " + ResultFiles.CONNECTIONS);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<Integer, SetupCdf> e : byPoint.entrySet()) {
            SetupCdf cdf = e.getValue();
            min = Math.min(min, cdf.min());
            max = Math.max(max, cdf.max());
            XYSeries s = new XYSeries(pointLabel(results, e.getKey()) + " (n=" + cdf.n() + ")", false, true);
            double[] x = cdf.x();
            double[] y = cdf.y();
            for (int k = 0; k < x.length; k++) {
                s.add(x[k], y[k]);
            }
            data.addSeries(s);
        }
        boolean log = min > 0 && max / min >= 100;
        ValueAxis x = log ? logAxis("client setup time (s, log scale)", min) : quantityAxis("client setup time (s)");
        NumberAxis y = numberAxis("fraction of successful connections");
        y.setRange(0, 1.0);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setDrawSeriesLineAsPath(true);
        colour(r, data.getSeriesCount(), LINE);
        List<Integer> coinciding = distinguishCoinciding(data, r);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD); // a dashed coinciding series over its twin
        JFreeChart chart = chart(results, title, plot, true);
        String caption = "Empirical cumulative distribution of the client setup time (connect to client "
                + "ESTABLISHED) of every successful connection, all replications pooled, one curve per sweep "
                + "point. Steps show lost SYNs and SYN-ACKs: each retransmission adds its timeout to the "
                + "round-trip time." + (log ? " The time axis is logarithmic." : "")
                + coincidenceNote(data, coinciding);
        return ChartResult.chart(name, title, chart, HEIGHT, caption);
    }

    static int lastOfEqual(double[] v, int i) {
        return SetupCdf.lastOfEqual(v, i);
    }

    private static Map<Integer, SetupCdf> cdfs(Map<Integer, double[]> samples) {
        Map<Integer, SetupCdf> out = new TreeMap<>();
        samples.forEach((p, v) -> out.put(p, SetupCdf.of(v)));
        return out;
    }

    /** setup-cdf.json, written with connections.csv: the curves without re-reading it. */
    private static Map<Integer, SetupCdf> readCdfs(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        Map<Integer, SetupCdf> out = new TreeMap<>();
        for (JsonNode p : root == null ? List.<JsonNode>of() : (Iterable<JsonNode>) root.path("points")::elements) {
            JsonNode xs = p.path("x");
            JsonNode ys = p.path("y");
            if (!p.path("point").isInt() || !p.path("n").isInt() || !xs.isArray() || xs.size() != ys.size()) {
                throw new IOException(file + ": expected point, n, min, max, x and y in every point");
            }
            double[] x = new double[xs.size()];
            double[] y = new double[ys.size()];
            for (int k = 0; k < x.length; k++) {
                x[k] = xs.get(k).doubleValue();
                y[k] = ys.get(k).doubleValue();
            }
            out.put(p.get("point").intValue(), new SetupCdf(p.get("n").intValue(), p.path("min").doubleValue(),
                    p.path("max").doubleValue(), x, y));
        }
        return out;
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
                numeric &= Units.quantity(results.params(p).get(key)).isPresent();
            }
            if (numeric) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /**
     * File name part for a swept key: its last segment when unambiguous, else the whole key, dots as '-'; a
     * direction ({@code .up}, {@code .down}) keeps the segment it qualifies ({@code topology.link.loss.up} ->
     * {@code loss-up}, not {@code up}).
     */
    String parameterName(String key) {
        String name = results.shortKey(key);
        if (name.equals("up") || name.equals("down")) {
            String[] parts = key.split("\\.");
            name = parts.length > 1 ? parts[parts.length - 2] + "-" + name : name;
        }
        return name.replaceAll("[^A-Za-z0-9_-]+", "-");
    }

    ChartResult setupVsParameter() {
        if (results.points().isEmpty()) {
            return ChartResult.skip("setup-vs-parameter", "Mean setup time against the swept parameter",
                    ResultFiles.SUMMARY_CSV + " has no rows");
        }
        Optional<String> found = numericSweepKey();
        if (found.isEmpty()) {
            return ChartResult.skip("setup-vs-parameter", "Mean setup time against the swept parameter",
                    results.sweepKeys().isEmpty() ? "the experiment sweeps no parameter"
                            : "no swept parameter has numeric values (swept: " + String.join(", ", results.sweepKeys())
                            + ")");
        }
        String key = found.get();
        String name = "setup-vs-" + parameterName(key);
        String title = "Mean client setup time against " + key;
        Csv.Table summary = results.summary();
        if (!summary.has(SummaryColumn.SETUP_MEAN)) {
            return ChartResult.skip(name, title, ResultFiles.SUMMARY_CSV + " has no " + SummaryColumn.SETUP_MEAN.label() + " column");
        }
        // x values: as written when every value has the same unit, else converted to the base unit
        List<Units.Quantity> xs = new ArrayList<>();
        for (int p : results.points()) {
            xs.add(Units.quantity(results.params(p).get(key)).orElseThrow());
        }
        boolean sameUnit = xs.stream().map(Units.Quantity::unit).distinct().count() == 1;
        String unit = sameUnit ? xs.get(0).unit() : xs.get(0).baseUnit();
        if (unit.equals("/s")) {
            unit = "per s";
        }
        boolean loss = key.endsWith("loss") || key.endsWith("loss.up") || key.endsWith("loss.down");
        String xLabel = key + (unit.isEmpty() ? (loss ? " (loss probability)" : "") : " (" + unit + ")");

        double t0 = results.configValue("tcp.initial-rto").flatMap(ResultsReader::seconds).orElse(1.0);
        boolean cardwellInputs = summary.has(SummaryColumn.RTT) && summary.has(SummaryColumn.LOSS_UP) && summary.has(SummaryColumn.LOSS_DOWN);

        SetupSeries series = setupSeries(key, xs, sameUnit, t0, cardwellInputs);
        Map<String, YIntervalSeries> measured = series.measured();
        Map<String, XYSeries> theory = series.theory();
        Map<String, XYSeries> cardwell = series.cardwell();
        if (measured.isEmpty()) {
            return ChartResult.skip(name, title, "no sweep point has a mean setup time (no successful connection)");
        }
        List<String> groups = new ArrayList<>(measured.keySet());
        for (String g : theory.keySet()) {
            if (!groups.contains(g)) {
                groups.add(g);
            }
        }
        XYPlot plot = setupPlot(series, groups, xLabel, t0);
        JFreeChart chart = chart(results, title, plot, true);
        return ChartResult.chart(name, title, chart, HEIGHT, setupCaption(key, series, groups, t0,
                ChartStyle.confidence(results)) + withheldNote() + measuredNote);
    }

    /** The measured, exact-theory and Cardwell series of setup-vs-parameter, one of each per group. */
    private record SetupSeries(Map<String, YIntervalSeries> measured, Map<String, XYSeries> theory,
            Map<String, XYSeries> cardwell, double minX, double maxX) {
    }

    private SetupSeries setupSeries(String key, List<Units.Quantity> xs, boolean sameUnit, double t0,
            boolean cardwellInputs) {
        Csv.Table summary = results.summary();
        Map<String, YIntervalSeries> measured = new LinkedHashMap<>();
        Map<String, XYSeries> theory = new LinkedHashMap<>();
        Map<String, XYSeries> cardwell = new LinkedHashMap<>();
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        String level = ChartStyle.confidence(results);
        int i = 0;
        for (int p : results.points()) {
            Units.Quantity q = xs.get(i++);
            double x = sameUnit ? q.value() : q.base();
            String group = groupLabel(p, key);
            Optional<String[]> row = results.summaryRow(p);
            if (row.isEmpty()) {
                continue;
            }
            double mean = summary.number(row.get(), SummaryColumn.SETUP_MEAN);
            if (Double.isFinite(mean)) {
                double lo = summary.number(row.get(), SummaryColumn.SETUP_CI_LOW);
                double hi = summary.number(row.get(), SummaryColumn.SETUP_CI_HIGH);
                measured.computeIfAbsent(group, g -> new YIntervalSeries(seriesName("measured mean, " + level + " CI", g)))
                        .add(x, mean, Double.isFinite(lo) ? lo : mean, Double.isFinite(hi) ? hi : mean);
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
            }
            double th = summary.number(row.get(), SummaryColumn.THEORY_SETUP);
            if (Double.isFinite(th)) {
                theory.computeIfAbsent(group, g -> new XYSeries(seriesName("theory, exact schedule sum", g), true,
                        true)).add(x, th);
            }
            if (cardwellInputs && !backlogLimited(summary, row.get())) {
                double rtt = summary.number(row.get(), SummaryColumn.RTT);
                double up = summary.number(row.get(), SummaryColumn.LOSS_UP);
                double down = summary.number(row.get(), SummaryColumn.LOSS_DOWN);
                if (Double.isFinite(rtt) && up >= 0 && up < 0.5 && down >= 0 && down < 0.5) {
                    double c = Theory.cardwellHandshake(rtt, up, down, t0, -1);
                    cardwell.computeIfAbsent(group, g -> new XYSeries(seriesName(
                            "Cardwell et al. 2000 eq. 4 (T_s = " + plain(t0) + " s)", g), true, true)).add(x, c);
                }
            }
        }
        return new SetupSeries(measured, theory, cardwell, minX, maxX);
    }

    /**
     * Why a summary row has no exact setup theory ({@code theory_setup_s} empty beside a measured mean), in words for a
     * caption or a note, from the row's own columns (the reasons of {@code Summarizer.theorySetup}); "" when it has
     * one or there is no mean.
     */
    static String theoryWithheld(Csv.Table s, String[] row) {
        if (!s.has(SummaryColumn.THEORY_SETUP) || !Double.isNaN(s.number(row, SummaryColumn.THEORY_SETUP))
                || !Double.isFinite(s.number(row, SummaryColumn.SETUP_MEAN))) {
            return "";
        }
        if (s.number(row, SummaryColumn.LISTEN_SYN_DROPS) > 0) {
            return "a full listen queue dropped SYNs (" + SummaryColumn.LISTEN_SYN_DROPS.label() + "), which is no "
                    + "random loss";
        }
        if (s.number(row, SummaryColumn.SYN_COOKIES_SENT) > 0) {
            return "SYNs were answered with SYN cookies (" + SummaryColumn.SYN_COOKIES_SENT.label() + "), whose "
                    + "SYN-ACK is never resent, while SYN-ACKs can be lost: the server's retransmission schedule "
                    + "holds for some SYNs only";
        }
        return "burst loss or a staged drop list that can drop a SYN or a SYN-ACK has no closed form";
    }

    /**
     * Whether a full listen queue shaped the row's handshakes (dropped SYNs, or cookies that cost the theory); false
     * for a summary without these columns (NaN is not above 0).
     */
    private static boolean backlogLimited(Csv.Table s, String[] row) {
        return s.number(row, SummaryColumn.LISTEN_SYN_DROPS) > 0 || (s.number(row, SummaryColumn.SYN_COOKIES_SENT) > 0
                && Double.isNaN(s.number(row, SummaryColumn.THEORY_SETUP)));
    }

    /** The caption's note on the points drawn without a theory line value, each with its reason. */
    private String withheldNote() {
        Csv.Table summary = results.summary();
        List<String> notes = new ArrayList<>();
        for (int p : results.points()) {
            Optional<String[]> row = results.summaryRow(p);
            String why = row.isEmpty() ? "" : theoryWithheld(summary, row.get());
            if (!why.isEmpty()) {
                notes.add(pointLabel(results, p) + ": " + why);
            }
        }
        return notes.isEmpty() ? "" : " No exact theory (" + SummaryColumn.THEORY_SETUP.label() + " empty) for "
                + String.join("; ", notes) + ".";
    }

    /** The caption's note on coinciding measured series of the last {@link #setupPlot}. */
    private String measuredNote = "";

    private XYPlot setupPlot(SetupSeries series, List<String> groups, String xLabel, double t0) {
        Map<String, YIntervalSeries> measured = series.measured();
        Map<String, XYSeries> theory = series.theory();
        Map<String, XYSeries> cardwell = series.cardwell();
        double minX = series.minX();
        double maxX = series.maxX();
        boolean log = minX > 0 && maxX / minX >= 100;
        ValueAxis xAxis = log ? logAxis(xLabel + ", log scale", minX) : quantityAxis(xLabel);
        NumberAxis yAxis = quantityAxis("mean client setup time (s)");
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
        mr.setDefaultLinesVisible(false); // measurements are points with error bars; lines are theory
        mr.setDefaultShapesVisible(true);
        for (Map.Entry<String, YIntervalSeries> e : measured.entrySet()) {
            int c = groups.indexOf(e.getKey());
            m.addSeries(e.getValue());
            mr.setSeriesPaint(m.getSeriesCount() - 1, PALETTE[c % PALETTE.length]);
            mr.setSeriesStroke(m.getSeriesCount() - 1, LINE);
        }
        plot.setDataset(0, m);
        plot.setRenderer(0, mr);
        measuredNote = ChartStyle.coincidenceNote(m, ChartStyle.distinguishCoinciding(m, mr));
        addLines(plot, 1, theory, groups, DASHED);
        addLines(plot, 2, cardwell, groups, DOTTED);
        if (groups.size() > 1) {
            // one legend entry per line style, the colours are those of the groups' markers
            LegendItemCollection items = new LegendItemCollection();
            items.addAll(plot.getRenderer(0).getLegendItems());
            Line2D line = new Line2D.Double(-9, 0, 9, 0);
            Color grey = new Color(0x555555);
            if (!theory.isEmpty()) {
                items.add(new LegendItem("theory, exact schedule sum (dashed)", null, null, null, line, DASHED, grey));
            }
            if (!cardwell.isEmpty()) {
                items.add(new LegendItem("Cardwell et al. 2000 eq. 4, T_s = " + plain(t0) + " s (dotted)", null, null,
                        null, line, DOTTED, grey));
            }
            plot.setFixedLegendItems(items);
        }
        return plot;
    }

    private static String setupCaption(String key, SetupSeries series, List<String> groups, double t0,
            String level) {
        Map<String, XYSeries> theory = series.theory();
        Map<String, XYSeries> cardwell = series.cardwell();
        StringBuilder caption = new StringBuilder();
        caption.append("Mean client setup time of the successful connections at each sweep point (markers) against ")
                .append(key).append(", with Student-t ").append(level).append(" confidence intervals over replication means "
                        + "(error bars)");
        if (groups.size() > 1 || !groups.get(0).isEmpty()) {
            caption.append("; one colour per value of the other swept parameters");
        }
        caption.append(".");
        if (!theory.isEmpty()) {
            caption.append(" Dashed: the exact expectation for the profile's fixed SYN and SYN-ACK retransmission "
                    + "schedules under independent loss, conditional on success ("
                    + SummaryColumn.THEORY_SETUP.label() + ").");
        }
        if (!cardwell.isEmpty()) {
            caption.append(" Dotted: Cardwell, Savage and Anderson (2000), eq. 4, RTT + T_s((1-p_r)/(1-2p_r) + "
                    + "(1-p_f)/(1-2p_f) - 2) with T_s = ").append(plain(t0)).append(" s, which assumes the SYN "
                    + "timeout doubles from T_s on every retransmission.");
        }
        return caption.toString();
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
}
