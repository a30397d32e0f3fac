package tcpsim.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpsim.experiments.results.ResultsReader;

/** Axes that do not mislead at the edges, names from the full key, theory only where it holds. */
class HonestChartsTest {
    @TempDir
    Path dir;

    private static XYPlot plot(ValueAxis y, double... values) {
        XYSeries s = new XYSeries("s");
        for (int i = 0; i < values.length; i++) {
            s.add(i, values[i]);
        }
        return new XYPlot(new XYSeriesCollection(s), ChartStyle.numberAxis("x"), y,
                new XYLineAndShapeRenderer(true, false));
    }

    @Test
    void anAllZeroCountIsDrawnOnZeroToOne() {
        XYPlot p = plot(ChartStyle.countAxis("connections"), 0, 0, 0);
        assertEquals(new Range(0, 1), p.getRangeAxis().getRange());
        // a count that is not zero starts at zero too
        XYPlot q = plot(ChartStyle.countAxis("connections"), 50, 52, 51);
        assertEquals(0, q.getRangeAxis().getLowerBound());
        assertTrue(q.getRangeAxis().getUpperBound() >= 52);
    }

    @Test
    void aNearConstantQuantityIsNotStretchedIntoACliff() {
        // setup times of 40 ms and 40.0007 ms: 0.7 us apart
        XYPlot p = plot(ChartStyle.quantityAxis("setup (s)"), 0.04, 0.0400007, 0.04);
        Range r = p.getRangeAxis().getRange();
        // a tenth of the largest value
        assertEquals(0.1 * 0.0400007, r.getLength(), 1e-12);
        assertTrue(r.contains(0.04) && r.contains(0.0400007), r.toString());
        assertEquals(0.04000035, r.getCentralValue(), 1e-12);
        // all zero: 0..1, not +-0.000000005
        assertEquals(new Range(0, 1), plot(ChartStyle.quantityAxis("q"), 0, 0).getRangeAxis().getRange());
        // a range wider than the minimum is left as JFreeChart chose it
        Range wide = new Range(0.05, 3.1);
        assertEquals(wide, QuantityAxis.widen(wide));
    }

    @Test
    void theCloseWaitChartOfAnAllZeroSeriesHasNoNegativeConnections() throws Exception {
        SyntheticResults.write(dir, 2, false, true);
        // keep only TIME_WAIT rows: no connection ever in CLOSE_WAIT
        Path occupancy = dir.resolve("occupancy.csv.gz");
        List<String> kept = new ArrayList<>();
        for (String line : tcpsim.experiments.TestGz.lines(occupancy)) {
            if (line.startsWith("point") || line.contains(",TIME_WAIT,")) {
                kept.add(line);
            }
        }
        tcpsim.experiments.TestGz.write(occupancy, kept);
        Charts.ChartResult c = new OccupancyCharts(ResultsReader.load(dir)).closeWaitOccupancy();
        assertTrue(c.drawn(), c.skipped());
        assertEquals(new Range(0, 1), c.chart().getXYPlot().getRangeAxis().getRange());
    }

    @Test
    void aNearConstantMeanSetupTimeIsAFlatLine() throws Exception {
        SyntheticResults.write(dir, 2, false, false);
        setSetupMeans(dir, 0.04, 0.0400007);
        Charts.ChartResult c = new SetupCharts(ResultsReader.load(dir)).setupVsParameter();
        assertTrue(c.drawn(), c.skipped());
        Range r = c.chart().getXYPlot().getRangeAxis().getRange();
        assertTrue(r.getLength() >= 0.1 * 0.0400007 - 1e-12, r.toString());
        assertTrue(r.getLowerBound() >= 0, r.toString());
    }

    /** Sets setup_mean_s (and a zero-width CI around it) of points 0 and 1 in summary.csv. */
    private static void setSetupMeans(Path dir, double first, double second) throws Exception {
        Path file = dir.resolve("summary.csv");
        List<String> lines = Files.readAllLines(file);
        List<String> header = List.of(lines.get(0).split(","));
        int mean = header.indexOf("setup_mean_s");
        List<String> out = new ArrayList<>(List.of(lines.get(0)));
        double[] means = {first, second};
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            for (int k = 0; k < 3; k++) {
                f[mean + k] = SyntheticResults.fmt(means[i - 1]);
            }
            out.add(String.join(",", f));
        }
        Files.write(file, out, StandardCharsets.UTF_8);
    }

    @Test
    void aSweptSubKeyIsNamedAfterItsFullKey() throws Exception {
        String key = "topology.link.loss.up";
        SyntheticResults.write(dir, List.of(Map.of(key, "0"), Map.of(key, "0.1")), List.of(key), 2, false, false);
        SetupCharts setup = new SetupCharts(ResultsReader.load(dir));
        assertEquals("loss-up", setup.parameterName(key));
        Charts.ChartResult c = setup.setupVsParameter();
        assertEquals("setup-vs-loss-up", c.name());
        assertEquals("Mean client setup time against topology.link.loss.up", c.title());
        assertEquals("topology.link.loss.up (loss probability)", c.chart().getXYPlot().getDomainAxis().getLabel());
        // an ordinary key keeps its short name
        assertEquals("loss", setup.parameterName("topology.link.loss"));
    }

    @Test
    void coincidingSeriesGetTheirOwnDashes() {
        XYSeriesCollection data = new XYSeriesCollection();
        for (String name : new String[] {"a", "b", "c"}) {
            XYSeries s = new XYSeries(name);
            for (int i = 0; i < 5; i++) {
                s.add(i, name.equals("c") ? 2 * i : i);
            }
            data.addSeries(s);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        ChartStyle.colour(r, 3, ChartStyle.LINE);
        assertEquals(List.of(1), ChartStyle.distinguishCoinciding(data, r));
        assertFalse(((BasicStroke) r.getSeriesStroke(1)).getDashArray() == null);
        assertEquals(ChartStyle.LINE, r.getSeriesStroke(2));
        assertTrue(ChartStyle.coincidenceNote(data, List.of(1)).contains("b"));
    }

    @Test
    void countsThatSpanDecadesAreDrawnOnALogScale() throws Exception {
        SyntheticResults.write(dir, 2, false, true);
        // point 1 holds 1000 times as many connections in TIME_WAIT as point 0
        Path occupancy = dir.resolve("occupancy.csv.gz");
        List<String> out = new ArrayList<>();
        for (String line : tcpsim.experiments.TestGz.lines(occupancy)) {
            String[] f = line.split(",");
            if (f[0].equals("1")) {
                f[5] = Integer.toString(1000 * Integer.parseInt(f[5]));
            }
            out.add(String.join(",", f));
        }
        tcpsim.experiments.TestGz.write(occupancy, out);
        Charts.ChartResult c = new OccupancyCharts(ResultsReader.load(dir)).timeWaitOccupancy();
        assertTrue(c.chart().getXYPlot().getRangeAxis() instanceof LogAxis);
        assertTrue(c.caption().contains("logarithmic"), c.caption());
    }

    @Test
    void littlesLawIsNotDrawnWhereTimeWaitIsReused() throws Exception {
        String key = "tcp.tw-reuse";
        SyntheticResults.write(dir, List.of(Map.of(key, "false"), Map.of(key, "true")), List.of(key), 2, false, true);
        ResultsReader results = ResultsReader.load(dir);
        assertFalse(OccupancyCharts.timeWaitReused(results, 0));
        assertTrue(OccupancyCharts.timeWaitReused(results, 1));
        Charts.ChartResult c = new OccupancyCharts(results).timeWaitOccupancy();
        XYSeriesCollection levels = (XYSeriesCollection) c.chart().getXYPlot().getDataset(1);
        assertNotEquals(0, levels.getSeries(0).getItemCount());
        assertEquals(0, levels.getSeries(1).getItemCount());
        assertTrue(c.caption().contains("No Little's-law level is drawn for point 1"), c.caption());
        Report.render(dir);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Little's law is left empty where <code>tcp.tw-reuse</code> is on"), html);
        // and the summary's warnings: 2 x 24 connections give too few setup times for a p99
        assertTrue(html.contains("<li>points 0, 1: p99 rests on 48 setup times (it needs 100)"), html);
    }
}
