package tcpsim.experiments.report;

import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes a chart as PNG and SVG with the same content. Output is deterministic: the PNG carries no time
 * chunk and the SVG's definition ids use a fixed per-chart prefix instead of JFreeSVG's clock-based one,
 * so re-rendering the same data gives the same bytes.
 */
final class ChartFiles {

    private ChartFiles() {
    }

    /** Writes {@code <dir>/<name>.png} and {@code <dir>/<name>.svg}; returns the SVG document. */
    static String write(Path dir, Charts.ChartResult chart) throws IOException {
        String svg = svg(chart);
        Files.write(dir.resolve(chart.name() + ".svg"), svg.getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve(chart.name() + ".png"), png(chart));
        return svg;
    }

    static String svg(Charts.ChartResult chart) {
        SVGGraphics2D g = new SVGGraphics2D(chart.width(), chart.height());
        g.setDefsKeyPrefix(chart.name() + "-");
        chart.chart().draw(g, new Rectangle(0, 0, chart.width(), chart.height()));
        return g.getSVGDocument();
    }

    static byte[] png(Charts.ChartResult chart) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart.chart(), chart.width(), chart.height());
        return out.toByteArray();
    }
}
