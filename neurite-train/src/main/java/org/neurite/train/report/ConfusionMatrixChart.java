package org.neurite.train.report;

import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.DefaultXYZDataset;
import org.neurite.train.ConfusionMatrix;

/**
 * A confusion matrix as a heat map: row i is the true class, column j the predicted class, each cell shows the count
 * of examples of class i predicted as j, and its colour is that count as a fraction of row i (so the diagonal reads
 * as each class's recall, and bright off-diagonal cells are the classes the model confuses).
 */
public final class ConfusionMatrixChart {
    static {
        Headless.ensure();
    }

    private ConfusionMatrixChart() {}

    /** The heat map; classNames may be empty (the class indices are shown) or hold one name per class. */
    public static JFreeChart of(ConfusionMatrix cm, List<String> classNames) {
        int k = cm.classes();
        if (!classNames.isEmpty() && classNames.size() != k)
            throw new IllegalArgumentException("ConfusionMatrixChart: " + classNames.size() + " class names for a "
                    + k + "-class confusion matrix");
        String[] names = new String[k];
        for (int i = 0; i < k; i++) names[i] = classNames.isEmpty() ? String.valueOf(i) : classNames.get(i);
        double[][] xyz = new double[3][k * k];
        XYPlot plot = new XYPlot();
        Font cellFont = new Font(Font.SANS_SERIF, Font.PLAIN, k <= 10 ? 12 : k <= 20 ? 9 : 7);
        for (int i = 0; i < k; i++) {
            long rowTotal = 0;
            for (int j = 0; j < k; j++) rowTotal += cm.count(i, j);
            for (int j = 0; j < k; j++) {
                int n = i * k + j;
                double frac = rowTotal == 0 ? 0 : (double) cm.count(i, j) / rowTotal;
                xyz[0][n] = j;
                xyz[1][n] = i;
                xyz[2][n] = frac;
                XYTextAnnotation a = new XYTextAnnotation(String.valueOf(cm.count(i, j)), j, i);
                a.setFont(cellFont);
                a.setPaint(frac > 0.5 ? Color.WHITE : Color.BLACK);
                plot.addAnnotation(a);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("fraction of the true class", xyz);
        XYBlockRenderer r = new XYBlockRenderer();
        r.setPaintScale(new Blues());
        SymbolAxis x = new SymbolAxis("predicted class", names), y = new SymbolAxis("true class", names);
        x.setVerticalTickLabels(longest(names) > 3);
        x.setGridBandsVisible(false);
        y.setGridBandsVisible(false);
        y.setInverted(true); // class 0 at the top, as confusion matrices are read
        x.setRange(-0.5, k - 0.5);
        y.setRange(-0.5, k - 0.5);
        plot.setDataset(data);
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        plot.setRenderer(r);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setBackgroundPaint(Color.WHITE);
        JFreeChart c = new JFreeChart("Confusion matrix (counts; colour = share of the true class)",
                new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, false);
        c.setBackgroundPaint(Color.WHITE);
        return c;
    }

    private static int longest(String[] names) {
        int m = 0;
        for (String s : names) m = Math.max(m, s.length());
        return m;
    }

    /** White (0) to dark blue (1), linear in the fraction. */
    private static final class Blues implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public java.awt.Paint getPaint(double v) {
            double t = Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
            int r = (int) Math.round(247 + t * (8 - 247)), g = (int) Math.round(251 + t * (48 - 251)),
                    b = (int) Math.round(255 + t * (107 - 255));
            return new Color(r, g, b);
        }
    }
}
