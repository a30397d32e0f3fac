package tcpsim.experiments.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tcpsim.experiments.results.ResultFiles;
import tcpsim.experiments.results.ResultsReader;

/**
 * Renders the charts ({@code charts/*.png}, {@code charts/*.svg}) and the self-contained {@code report.html}
 * of a results folder from its data files alone: {@code manifest.json} and {@code summary.csv} (required),
 * {@code connections.csv} and {@code occupancy.csv} (optional: the charts that need them are skipped, and the
 * report says so).
 *
 * <p>Charts: {@code setup-cdf}, {@code setup-vs-<param>} (the first numeric swept key, named by its last
 * dotted segment), {@code time-wait-occupancy}, {@code state-occupancy}, {@code close-wait-occupancy}.
 * Rendering is headless and deterministic: the same folder renders to the same bytes.
 */
public final class Report {

    private Report() {
    }

    /**
     * Reads the results folder and writes {@code charts/} and {@code report.html} into it.
     *
     * @param resultsDir a folder written by {@code tcpsim run}
     * @throws IOException when manifest.json or summary.csv is missing or malformed (the message names the file
     *                     and what is wrong), or when a file cannot be written
     */
    public static void render(Path resultsDir) throws IOException {
        renderCharts(resultsDir);
    }

    /**
     * Like {@link #render(Path)}, and returns one line per chart: {@code "<name>: drawn"} or
     * {@code "<name>: skipped: <reason>"}, for a command line to print.
     */
    public static List<String> renderCharts(Path resultsDir) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        ResultsReader results = ResultsReader.load(resultsDir);
        Path chartsDir = resultsDir.resolve(ResultFiles.CHARTS_DIR);
        Files.createDirectories(chartsDir);
        List<HtmlPage.Figure> figures = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        boolean dataAbsent = false;
        for (var it = results.manifest().path("files").fieldNames(); it.hasNext();) {
            dataAbsent |= !Files.isRegularFile(resultsDir.resolve(it.next()));
        }
        for (Charts.ChartResult o : new Charts(results).all()) {
            if (o.drawn()) {
                figures.add(new HtmlPage.Figure(o, ChartFiles.write(chartsDir, o)));
                lines.add(o.name() + ": drawn");
            } else if (dataAbsent && (Files.exists(chartsDir.resolve(o.name() + ".png"))
                    || Files.exists(chartsDir.resolve(o.name() + ".svg")))) {
                // its data may be among the absent files (git does not track the big ones): keep what was drawn
                Charts.ChartResult kept = Charts.ChartResult.skip(o.name(), o.title(), o.skipped()
                        + "; the chart drawn earlier is kept in charts/");
                figures.add(new HtmlPage.Figure(kept, null));
                lines.add(o.name() + ": kept, not redrawn: " + o.skipped());
            } else {
                // a stale chart from an earlier rendering would contradict the report
                Files.deleteIfExists(chartsDir.resolve(o.name() + ".png"));
                Files.deleteIfExists(chartsDir.resolve(o.name() + ".svg"));
                figures.add(new HtmlPage.Figure(o, null));
                lines.add(o.name() + ": skipped: " + o.skipped());
            }
        }
        boolean kept = lines.stream().anyMatch(l -> l.contains(": kept, not redrawn: "));
        if (kept && Files.exists(resultsDir.resolve(ResultFiles.REPORT))) {
            // the page embeds those charts with captions drawn from the absent data: keep it whole, too
            lines.add(ResultFiles.REPORT + ": kept, not rewritten: it embeds the charts that could not be redrawn");
        } else {
            String page = new HtmlPage(results, figures).render();
            Files.write(resultsDir.resolve(ResultFiles.REPORT), page.getBytes(StandardCharsets.UTF_8));
        }
        return List.copyOf(lines);
    }
}
