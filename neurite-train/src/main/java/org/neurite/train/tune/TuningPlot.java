package org.neurite.train.tune;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The picture of a tuning run: validation accuracy against the learning rate on a log axis (phase 1, left) and against
 * the batch size on a log axis (phase 2, right), sharing the accuracy axis. Diverged trials sit at 0 as red squares; the
 * chosen point is a large dot.
 */
final class TuningPlot {
    private static final int WIDTH = 1000, HEIGHT = 450;
    private final JFreeChart chart;

    TuningPlot(TuningResult r) {
        System.setProperty("java.awt.headless", "true");
        NumberAxis accuracy = new NumberAxis("validation accuracy");
        accuracy.setRange(0, 1.02);
        CombinedRangeXYPlot plot = new CombinedRangeXYPlot(accuracy);
        plot.setGap(16);
        plot.add(panel(r.learningRateTrials(), r.bestLearningRateTrial(), true), 1);
        plot.add(panel(r.batchSizeTrials(), r.best(), false), 1);
        chart = new JFreeChart(String.format(java.util.Locale.ROOT,
                "Tuning: learning rate at batch size %d, then batch size at learning rate %.3g",
                r.bestLearningRateTrial().batchSize(), r.bestLearningRate()), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
    }

    private static XYPlot panel(List<Trial> trials, Trial chosen, boolean byRate) {
        XYSeries ok = new XYSeries("trials", true, true), bad = new XYSeries("diverged", true, true),
                best = new XYSeries("chosen", true, true);
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (Trial t : trials) {
            double x = byRate ? t.learningRate() : t.batchSize();
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
            if (t.diverged()) bad.add(x, 0);
            else ok.add(x, t.valAccuracy());
        }
        if (!chosen.diverged()) best.add(byRate ? chosen.learningRate() : chosen.batchSize(), chosen.valAccuracy());
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(ok);
        data.addSeries(bad);
        data.addSeries(best);
        LogAxis x = new LogAxis(byRate ? "learning rate (log scale)" : "batch size (log scale)");
        x.setTickUnit(new NumberTickUnit(1)); // a tick at every power of the base: 1e-3, 1e-2, ... or 4, 8, 16, ...
        if (!byRate) x.setBase(2);
        x.setNumberFormatOverride(byRate ? new DecimalFormat("0.###E0") : new DecimalFormat("0"));
        x.setRange(lo / 2, hi * 2); // a factor of 2 of margin on the log axis, also with a single trial
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        renderer.setSeriesPaint(0, new Color(0x1f77b4));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        renderer.setSeriesLinesVisible(1, false);
        renderer.setSeriesPaint(1, new Color(0xd62728));
        renderer.setSeriesShape(1, new Rectangle2D.Double(-4, -4, 8, 8));
        renderer.setSeriesLinesVisible(2, false);
        renderer.setSeriesPaint(2, new Color(0x2ca02c));
        renderer.setSeriesShape(2, new Ellipse2D.Double(-7, -7, 14, 14));
        renderer.setDefaultSeriesVisibleInLegend(byRate); // one legend for both panels
        XYPlot p = new XYPlot(data, x, null, renderer);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return p;
    }

    void writePng(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        }
    }

    String svg() {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g.getSVGDocument();
    }
}
