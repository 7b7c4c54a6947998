package org.neurite.train.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYDifferenceRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.neurite.train.EpochRecord;
import org.neurite.train.History;

/**
 * The training curves of a run as JFreeChart charts, one value per epoch on the x axis:
 * <ul>
 *   <li>{@link #lossCurve}: training and validation loss J, the best epoch (lowest validation loss) marked, the gap
 *       between the curves filled where validation is above training, and the epochs where that gap kept widening
 *       ({@link GapWidening}) shaded: the overfitting picture of the course's Proposition 2.11.</li>
 *   <li>{@link #accuracy}: training and validation accuracy, the best epoch marked.</li>
 *   <li>{@link #learningRate}: the learning rate eta per epoch (log scale when it spans more than a factor 20).</li>
 * </ul>
 */
public final class Plots {
    static {
        Headless.ensure();
    }

    static final Color TRAIN = new Color(0x1f77b4), VALIDATION = new Color(0xd62728), BEST = new Color(0x2ca02c);
    static final Color GAP = new Color(214, 39, 40, 40), WIDENING = new Color(255, 160, 0, 70);

    private Plots() {}

    /** Train vs validation loss per epoch; bestEpoch &lt;= 0 for none; widening stretches shaded. */
    public static JFreeChart lossCurve(History h, int bestEpoch, List<GapWidening> widening) {
        XYSeries train = series("training loss", h, "train_loss"), val = series("validation loss", h, "val_loss");
        XYSeriesCollection data = new XYSeriesCollection();
        XYPlot plot;
        if (val.getItemCount() > 0) {
            // XYDifferenceRenderer fills between series 0 and 1: positive paint where validation > training.
            data.addSeries(val);
            data.addSeries(train);
            XYDifferenceRenderer r = new XYDifferenceRenderer(GAP, new Color(0, 0, 0, 0), false);
            r.setSeriesPaint(0, VALIDATION);
            r.setSeriesPaint(1, TRAIN);
            r.setSeriesStroke(0, new BasicStroke(2f));
            r.setSeriesStroke(1, new BasicStroke(2f));
            plot = new XYPlot(data, epochAxis(), valueAxis("loss J"), r);
        } else {
            data.addSeries(train);
            XYLineAndShapeRenderer r = lines(TRAIN);
            plot = new XYPlot(data, epochAxis(), valueAxis("loss J"), r);
        }
        for (GapWidening w : widening) {
            IntervalMarker m = new IntervalMarker(w.from(), w.to(), WIDENING);
            m.setLabel("gap widening");
            m.setLabelAnchor(RectangleAnchor.TOP);
            m.setLabelTextAnchor(TextAnchor.TOP_CENTER);
            m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            plot.addDomainMarker(m, Layer.BACKGROUND);
        }
        markBest(plot, bestEpoch, h);
        return chart("Loss per epoch", plot);
    }

    /** Train vs validation accuracy per epoch; bestEpoch &lt;= 0 for none. */
    public static JFreeChart accuracy(History h, int bestEpoch) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("training accuracy", h, "train_accuracy"));
        XYSeries val = series("validation accuracy", h, "val_accuracy");
        if (val.getItemCount() > 0) data.addSeries(val);
        NumberAxis y = valueAxis("accuracy");
        XYPlot plot = new XYPlot(data, epochAxis(), y, lines(TRAIN, VALIDATION));
        markBest(plot, bestEpoch, h);
        return chart("Accuracy per epoch", plot);
    }

    /** The learning rate per epoch from the history (the rate in force at the end of each epoch). */
    public static JFreeChart learningRate(History h) {
        double[] lr = h.series("lr");
        int first = h.size() == 0 ? 1 : h.epochs().get(0).epoch();
        return learningRate(lr, first, "epoch");
    }

    /** Learning rates values[i] at step (first + i), e.g. an LRScheduler's values(n) with first = 0. */
    public static JFreeChart learningRate(double[] values, int first, String stepLabel) {
        XYSeries s = new XYSeries("learning rate eta");
        double min = Double.POSITIVE_INFINITY, max = 0;
        int stride = Math.max(1, (values.length + 999) / 1000); // a per-batch schedule: ~1,000 points draw the same line
        for (int i = 0; i < values.length; i++) {
            if (i % stride == 0 || i == values.length - 1) s.add(first + i, values[i]);
            if (values[i] > 0) min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
        }
        XYPlot plot;
        boolean allPositive = true;
        for (double v : values) allPositive &= v > 0;
        NumberAxis x = new NumberAxis(stepLabel);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        if (allPositive && values.length > 0 && max / min > 20) {
            LogAxis y = new LogAxis("learning rate (log scale)");
            y.setAutoRange(true);
            plot = new XYPlot(new XYSeriesCollection(s), x, y, lines(BEST));
        } else {
            NumberAxis y = valueAxis("learning rate");
            y.setAutoRangeIncludesZero(true);
            plot = new XYPlot(new XYSeriesCollection(s), x, y, lines(BEST));
        }
        return chart("Learning-rate schedule", plot);
    }

    // ---------------------------------------------------------------- helpers

    private static XYSeries series(String name, History h, String metric) {
        XYSeries s = new XYSeries(name);
        for (EpochRecord r : h.epochs()) {
            double v = r.get(metric);
            if (Double.isFinite(v)) s.add(r.epoch(), v);
        }
        return s;
    }

    private static NumberAxis epochAxis() {
        NumberAxis x = new NumberAxis("epoch");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        return x;
    }

    private static NumberAxis valueAxis(String label) {
        NumberAxis y = new NumberAxis(label);
        y.setAutoRangeIncludesZero(false);
        return y;
    }

    private static XYLineAndShapeRenderer lines(Color... colors) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < colors.length; i++) {
            r.setSeriesPaint(i, colors[i]);
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        return r;
    }

    private static void markBest(XYPlot plot, int bestEpoch, History h) {
        if (bestEpoch <= 0) return;
        ValueMarker m = new ValueMarker(bestEpoch, BEST, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
        m.setLabel("best epoch " + bestEpoch);
        m.setLabelPaint(BEST.darker());
        m.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        // the label goes on the side of the line with more room, so it is never cut off at the plot's edge
        boolean left = h.size() > 0 && bestEpoch > (h.epochs().get(0).epoch() + h.last().epoch()) / 2.0;
        m.setLabelAnchor(left ? RectangleAnchor.BOTTOM_LEFT : RectangleAnchor.BOTTOM_RIGHT);
        m.setLabelTextAnchor(left ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT);
        plot.addDomainMarker(m, Layer.FOREGROUND);
    }

    static JFreeChart chart(String title, XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart c = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
        c.setBackgroundPaint(Color.WHITE);
        return c;
    }
}
