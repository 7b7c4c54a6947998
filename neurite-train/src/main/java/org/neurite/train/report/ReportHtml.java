package org.neurite.train.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurite.train.ConfusionMatrix;
import org.neurite.train.EpochRecord;
import org.neurite.train.Evaluation;
import org.neurite.train.History;

/**
 * The report.html of a run directory: one self-contained page (inline CSS, no external URL) that shows the plots
 * next to it by relative path, with the test result, per-class precision/recall/F1, hyper-parameters, timings, stop
 * reason, the model summary and the epoch table. A small inline script marks every picture with
 * {@code data-loaded="true|false"} once the page has loaded, so a headless browser can check the pictures rendered.
 */
final class ReportHtml {
    private ReportHtml() {}

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:2em auto;max-width:1100px;
            color:#222;padding:0 1em}h1{margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
            .sub{color:#666;margin-top:0}.cards{display:flex;flex-wrap:wrap;gap:1em;margin:1em 0}
            .card{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;min-width:9em}.card b{display:block;font-size:1.5em}
            .plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:1em}.pair{display:flex;flex-wrap:wrap;
            gap:1.5em;align-items:flex-start}.pair figure{flex:0 1 560px}figure{margin:0}figure img{width:100%;height:auto;
            border:1px solid #eee}figcaption{font-size:.9em;color:#555}table{border-collapse:collapse;margin:.5em 0}
            td,th{border:1px solid #ddd;padding:.25em .6em;text-align:right}th{background:#f5f5f5}td.l,th.l{text-align:left}
            pre{background:#f7f7f7;padding:1em;overflow-x:auto;font-size:.85em}.warn{color:#b35900}
            """;

    private static final String SCRIPT = """
            <script>
            // Marks each picture as loaded or not, for people and for the headless-browser test.
            window.addEventListener('load', function () {
              var imgs = document.querySelectorAll('img'), ok = 0;
              for (var i = 0; i < imgs.length; i++) {
                var loaded = imgs[i].complete && imgs[i].naturalWidth > 0;
                imgs[i].setAttribute('data-loaded', loaded ? 'true' : 'false');
                if (loaded) ok++;
              }
              document.body.setAttribute('data-images-loaded', ok + '/' + imgs.length);
            });
            </script>
            """;

    static String render(RunReport r, String summary, List<GapWidening> widening) {
        History h = r.history;
        StringBuilder s = new StringBuilder(16_384);
        s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(r.title)).append("</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n");
        s.append("<h1>").append(esc(r.title)).append("</h1>\n<p class=\"sub\">").append(h.size())
                .append(" epochs; stopped because: ").append(esc(h.stopReason())).append("</p>\n");

        s.append("<div class=\"cards\">\n");
        if (r.test != null) {
            card(s, "test accuracy", pct(r.test.accuracy()));
            card(s, "test top-5", pct(r.test.top5Accuracy()));
            card(s, "test loss", num(r.test.loss()));
        }
        if (r.augmentedTest != null)
            card(s, "test accuracy, " + r.testTimeViews + " test-time augmentation", pct(r.augmentedTest.accuracy()));
        if (r.bestEpoch > 0) {
            EpochRecord b = h.epochs().stream().filter(e -> e.epoch() == r.bestEpoch).findFirst().orElse(null);
            card(s, "best epoch", String.valueOf(r.bestEpoch));
            if (b != null && !Double.isNaN(b.valLoss())) card(s, "best val loss", num(b.valLoss()));
        }
        card(s, "training time", RunReport.formatSeconds(trainSeconds(h)));
        s.append("</div>\n");

        s.append("<h2>Curves</h2>\n<div class=\"plots\">\n");
        figure(s, "loss", "Training vs validation loss. Dashed green line: the best epoch (lowest validation loss)"
                + (r.bestFile != null ? ", saved as " + r.bestFile : "") + ". Red fill: validation above training; "
                + "orange bands: the gap widened " + r.wideningEpochs + "+ epochs in a row (overfitting).");
        figure(s, "accuracy", "Training vs validation accuracy.");
        figure(s, "lr", "The learning rate per " + esc(r.lrStepLabel) + ".");
        s.append("</div>\n");
        overfitting(s, r, widening);

        if (r.test != null) test(s, r.test, r.classNames);

        s.append("<h2>Hyper-parameters</h2>\n");
        keyValues(s, r.hyperParameters);

        s.append("<h2>Timings</h2>\n<table>\n");
        row(s, "training (sum of epochs)", RunReport.formatSeconds(trainSeconds(h)));
        if (h.size() > 0) {
            row(s, "mean epoch", RunReport.formatSeconds(trainSeconds(h) / h.size()));
            row(s, "mean examples per second", String.format(Locale.ROOT, "%,.0f",
                    h.epochs().stream().mapToDouble(EpochRecord::examplesPerSecond).average().orElse(0)));
        }
        if (r.test != null) row(s, "test evaluation", RunReport.formatSeconds(r.test.seconds()));
        r.timings.forEach((k, v) -> row(s, k, v));
        s.append("</table>\n");

        if (summary != null) s.append("<h2>Model</h2>\n<pre>").append(esc(summary)).append("</pre>\n");

        s.append("<h2>Epochs</h2>\n<table>\n<tr><th>epoch</th><th>train loss</th><th>train acc</th><th>val loss</th>"
                + "<th>val acc</th><th>learning rate</th><th>seconds</th><th>examples/s</th></tr>\n");
        for (EpochRecord e : h.epochs())
            s.append(String.format(Locale.ROOT, "<tr%s><td>%d</td><td>%.4f</td><td>%s</td><td>%s</td><td>%s</td>"
                            + "<td>%.3g</td><td>%.1f</td><td>%,.0f</td></tr>%n", e.epoch() == r.bestEpoch
                            ? " style=\"background:#eaf6ea\"" : "", e.epoch(), e.trainLoss(), pct(e.trainAccuracy()),
                    num(e.valLoss()), pct(e.valAccuracy()), e.learningRate(), e.seconds(), e.examplesPerSecond()));
        s.append("</table>\n");

        s.append("<h2>Files</h2>\n<ul>\n");
        link(s, RunReport.HISTORY, "every epoch as CSV");
        if (r.model != null) link(s, RunReport.FINAL_MODEL, "the weights at the end of training (safetensors)");
        if (r.bestFile != null) link(s, r.bestFile, "the weights of epoch " + r.bestEpoch + " (safetensors)");
        for (String p : List.of("loss", "accuracy", "lr"))
            s.append("<li>").append(p).append(": <a href=\"").append(p).append(".png\">PNG</a>, <a href=\"").append(p)
                    .append(".svg\">SVG</a></li>\n");
        s.append("</ul>\n").append(SCRIPT).append("</body>\n</html>\n");
        return s.toString();
    }

    private static void overfitting(StringBuilder s, RunReport r, List<GapWidening> widening) {
        if (widening.isEmpty() && r.overfittingDetections.isEmpty()) {
            if (r.hasValidation())
                s.append("<p>The gap between validation and training loss never grew ").append(r.wideningEpochs)
                        .append(" epochs in a row: no sign of overfitting by that test.</p>\n");
            return;
        }
        s.append("<p class=\"warn\">Overfitting: ");
        for (int i = 0; i < widening.size(); i++) {
            GapWidening w = widening.get(i);
            s.append(i > 0 ? "; " : "").append("the gap grew from epoch ").append(w.from()).append(" to ").append(w.to());
        }
        if (!r.overfittingDetections.isEmpty())
            s.append(widening.isEmpty() ? "" : ". ").append("The overfitting monitor reported widening from epoch(s) ")
                    .append(r.overfittingDetections);
        s.append(".</p>\n");
    }

    private static void test(StringBuilder s, Evaluation ev, List<String> names) {
        ConfusionMatrix cm = ev.confusion();
        s.append("<h2>Test result</h2>\n<table>\n");
        row(s, "examples", String.format(Locale.ROOT, "%,d", ev.examples()));
        row(s, "loss", num(ev.loss()));
        row(s, "accuracy", pct(ev.accuracy()));
        row(s, "top-5 accuracy", pct(ev.top5Accuracy()));
        row(s, "macro F1", num(cm.macroF1()));
        s.append("</table>\n<div class=\"pair\">\n");
        figure(s, "confusion", "Rows: true class; columns: predicted class; numbers: counts.");
        s.append("<div><table>\n<tr><th class=\"l\">class</th><th>precision</th><th>recall</th><th>F1</th>"
                + "<th>support</th></tr>\n");
        for (int c = 0; c < cm.classes(); c++) {
            long support = 0;
            for (int j = 0; j < cm.classes(); j++) support += cm.count(c, j);
            s.append(String.format(Locale.ROOT, "<tr><td class=\"l\">%s</td><td>%.3f</td><td>%.3f</td><td>%.3f</td>"
                            + "<td>%d</td></tr>%n", esc(names.isEmpty() ? String.valueOf(c) : names.get(c)),
                    cm.precision(c), cm.recall(c), cm.f1(c), support));
        }
        s.append("</table></div>\n</div>\n");
    }

    private static double trainSeconds(History h) {
        return h.epochs().stream().mapToDouble(EpochRecord::seconds).sum();
    }

    private static void card(StringBuilder s, String label, String value) {
        s.append("<div class=\"card\">").append(esc(label)).append("<b>").append(esc(value)).append("</b></div>\n");
    }

    private static void figure(StringBuilder s, String name, String caption) {
        s.append("<figure><img src=\"").append(name).append(".png\" alt=\"").append(name)
                .append(" plot\"><figcaption>").append(caption).append(" <a href=\"").append(name)
                .append(".svg\">SVG</a></figcaption></figure>\n");
    }

    private static void keyValues(StringBuilder s, Map<String, String> kv) {
        s.append("<table>\n");
        kv.forEach((k, v) -> row(s, k, v));
        s.append("</table>\n");
    }

    private static void row(StringBuilder s, String k, String v) {
        s.append("<tr><th class=\"l\">").append(esc(k)).append("</th><td class=\"l\">").append(esc(v)).append("</td></tr>\n");
    }

    private static void link(StringBuilder s, String file, String what) {
        s.append("<li><a href=\"").append(esc(file)).append("\">").append(esc(file)).append("</a>: ").append(esc(what))
                .append("</li>\n");
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String esc(String t) {
        StringBuilder b = new StringBuilder(t.length());
        for (char c : t.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
