package org.neurite.train.report;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.neurite.data.io.AtomicFiles;

/**
 * Writes a chart as {@code name.png} (raster, for the report and image viewers) and {@code name.svg} (vector, for
 * papers and zooming), each through a temporary file moved into place. Works without a display: it turns
 * {@code java.awt.headless} on before AWT is first used, unless the caller already set it.
 */
public final class ChartFiles {
    static {
        Headless.ensure();
    }

    private ChartFiles() {}

    /** Writes dir/name.png and dir/name.svg at width x height pixels; returns the two paths (png, svg). */
    public static Path[] write(JFreeChart chart, Path dir, String name, int width, int height) throws IOException {
        if (width < 16 || height < 16)
            throw new IllegalArgumentException("ChartFiles.write: size must be at least 16x16, got " + width + "x" + height);
        Path png = dir.resolve(name + ".png"), svg = dir.resolve(name + ".svg");
        BufferedImage img = chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(img, "png", out)) throw new IOException(png + ": no PNG writer available");
        });
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        chart.draw(g2, new Rectangle(0, 0, width, height));
        byte[] doc = g2.getSVGDocument().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(svg, out -> out.write(doc));
        return new Path[] {png, svg};
    }
}
