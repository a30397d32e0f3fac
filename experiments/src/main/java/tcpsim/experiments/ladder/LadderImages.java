package tcpsim.experiments.ladder;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.svg.SVGGraphics2D;

/** Writes a {@link LadderDiagram} as PNG, SVG or text files; PNG and SVG share {@link LadderPainter}. */
public final class LadderImages {
    private LadderImages() {
    }

    public static void writePng(LadderDiagram d, Path file) throws IOException {
        LadderPainter p = new LadderPainter(d);
        BufferedImage image = new BufferedImage(p.width(), p.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            p.paint(g);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    /** The SVG document of {@code d}; deterministic (no time-based ids). */
    public static String svg(LadderDiagram d) {
        LadderPainter p = new LadderPainter(d);
        SVGGraphics2D g = new SVGGraphics2D(p.width(), p.height());
        g.setDefsKeyPrefix("ladder");
        p.paint(g);
        return g.getSVGDocument();
    }

    public static void writeSvg(LadderDiagram d, Path file) throws IOException {
        Files.writeString(file, svg(d), StandardCharsets.UTF_8);
    }

    /** The text rendering in at most {@code columns} columns (see {@link LadderText#render(LadderDiagram, int)}). */
    public static void writeText(LadderDiagram d, int columns, Path file) throws IOException {
        Files.writeString(file, LadderText.render(d, columns), StandardCharsets.UTF_8);
    }
}
