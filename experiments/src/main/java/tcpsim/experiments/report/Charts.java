package tcpsim.experiments.report;

import static tcpsim.experiments.report.ChartStyle.WIDTH;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import tcpsim.experiments.results.ResultsReader;

/**
 * Builds the charts of a results folder. Each builder returns either a chart with its caption or the reason
 * why it was skipped (its data is absent); none of them fails on a missing optional file.
 */
final class Charts {

    /** A chart to write, or the reason it was skipped. */
    record ChartResult(String name, String title, JFreeChart chart, int width, int height, String caption,
                   String skipped) {

        static ChartResult chart(String name, String title, JFreeChart chart, int height, String caption) {
            return new ChartResult(name, title, chart, WIDTH, height, caption, null);
        }

        static ChartResult skip(String name, String title, String reason) {
            return new ChartResult(name, title, null, 0, 0, null, reason);
        }

        boolean drawn() {
            return chart != null;
        }
    }

    private final ResultsReader results;

    Charts(ResultsReader results) {
        this.results = results;
    }

    /** Every chart, in report order. */
    List<ChartResult> all() throws IOException {
        SetupCharts setup = new SetupCharts(results);
        OccupancyCharts occupancy = new OccupancyCharts(results);
        List<ChartResult> out = new ArrayList<>();
        out.add(setup.setupCdf());
        out.add(setup.setupVsParameter());
        out.add(new OutcomeChart(results).outcomes());
        out.add(occupancy.timeWaitOccupancy());
        out.add(occupancy.stateOccupancy());
        out.add(occupancy.closeWaitOccupancy());
        return out;
    }
}
