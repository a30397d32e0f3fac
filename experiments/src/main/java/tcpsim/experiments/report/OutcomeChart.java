package tcpsim.experiments.report;

import static tcpsim.experiments.report.ChartStyle.HEIGHT;
import static tcpsim.experiments.report.ChartStyle.LABEL_FONT;
import static tcpsim.experiments.report.ChartStyle.PALETTE;
import static tcpsim.experiments.report.ChartStyle.TICK_FONT;
import static tcpsim.experiments.report.ChartStyle.chart;
import static tcpsim.experiments.report.ChartStyle.pointLabel;

import java.awt.Color;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import tcpsim.experiments.report.Charts.ChartResult;
import tcpsim.experiments.results.Csv;
import tcpsim.experiments.results.ResultsReader;
import tcpsim.experiments.results.SummaryColumn;

/**
 * The {@code outcomes} chart: how every connection of each sweep point ended (ok, refused, reset, timeout,
 * port-exhausted), from summary.csv. It answers "from which rate on do connections fail, and why?".
 */
final class OutcomeChart {
    private final ResultsReader results;

    OutcomeChart(ResultsReader results) {
        this.results = results;
    }

    ChartResult outcomes() {
        String name = "outcomes";
        String title = "How connections ended";
        Csv.Table summary = results.summary();
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        boolean anyFailure = false;
        for (String[] row : summary.rows()) {
            String point = pointLabel(results, results.pointOf(row));
            for (tcpsim.experiments.sim.Outcome o : tcpsim.experiments.sim.Outcome.values()) {
                double n = summary.number(row, SummaryColumn.of(o));
                data.addValue(Double.isNaN(n) ? 0 : n, o.label(), point);
                anyFailure |= o != tcpsim.experiments.sim.Outcome.OK && n > 0;
            }
        }
        if (!anyFailure) {
            return ChartResult.skip(name, title, "every connection of every sweep point ended ok");
        }
        CategoryAxis x = new CategoryAxis("sweep point");
        x.setLabelFont(LABEL_FONT);
        x.setTickLabelFont(TICK_FONT);
        x.setMaximumCategoryLabelLines(3);
        NumberAxis y = ChartStyle.countAxis("connections (all replications)");
        y.setLabelFont(LABEL_FONT);
        y.setTickLabelFont(TICK_FONT);
        StackedBarRenderer r = new StackedBarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        for (int i = 0; i < tcpsim.experiments.sim.Outcome.values().length; i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        CategoryPlot plot = new CategoryPlot(data, x, y, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(ChartStyle.GRID);
        int height = Math.max(HEIGHT / 2, 120 + 45 * summary.rows().size());
        JFreeChart chart = chart(results, title, plot, true);
        String caption = "How every connection ended, per sweep point, all replications pooled: ok, or the "
                + "reason connect or the connection failed (refused: RST to the SYN; reset: RST later; timeout: "
                + "retries exhausted; port-exhausted: every ephemeral port to the destination was held, "
                + "TIME_WAIT included).";
        return ChartResult.chart(name, title, chart, height, caption);
    }
}
