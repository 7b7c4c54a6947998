package org.neurite.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.data.Dataset;
import org.neurite.data.Split;
import org.neurite.data.catalog.Digits;
import org.neurite.io.SafeTensors;
import org.neurite.nn.Flatten;
import org.neurite.nn.Linear;
import org.neurite.nn.Module;
import org.neurite.nn.ReLU;
import org.neurite.nn.Sequential;
import org.neurite.nn.loss.Losses;
import org.neurite.optim.Adam;
import org.neurite.tensor.Rng;
import org.neurite.train.Evaluation;
import org.neurite.train.History;
import org.neurite.train.OverfittingMonitor;
import org.neurite.train.Trainer;

/**
 * A real (small) run on the embedded digits, written as a run directory, checked file by file, and opened in headless
 * Chromium to check that report.html renders with all its pictures.
 */
class RunReportTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // kept for inspection when a check fails
    static Path dir;
    static History history;
    static BestModelCheckpoint best;
    static Module model;
    static Split digits;
    static OverfittingMonitor monitor;

    /** Overfits on purpose: a small training set and a high learning rate, so there is a gap to shade. */
    @BeforeAll
    static void run() throws IOException {
        digits = Digits.split(0.8, 3);
        Dataset small = digits.train().subset(java.util.stream.IntStream.range(0, 120).toArray());
        Rng rng = new Rng(11);
        model = new Sequential(new Flatten(), new Linear(64, 48, rng), new ReLU(), new Linear(48, 10, rng));
        best = new BestModelCheckpoint(dir.resolve(RunReport.BEST_MODEL));
        monitor = new OverfittingMonitor(2);
        Trainer t = Trainer.of(model).loss(Losses::crossEntropy).optimizer(new Adam(model.parameters(), 0.03f))
                .batchSize(16).epochs(14).seed(5).workers(0).log(null).callbacks(best, monitor);
        history = t.fit(small, digits.validation());
        Evaluation test = t.evaluate(digits.validation());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("optimizer", "adam");
        params.put("learning rate", "0.03");
        params.put("note", "<b>escaped</b> & fine");
        RunReport.in(dir).title("digits / mlp <test>").history(history).model(model, 1, 8, 8).hyperParameters(params)
                .best(best).wideningEpochs(2).overfitting(monitor.detections()).timing("total wall clock", 3.5)
                .test(test, digits.validation().classNames()).write();
    }

    @Test
    void writesEveryFileOfTheRunDirectory() throws IOException {
        for (String f : List.of("history.csv", "final.safetensors", "best.safetensors", "report.html", "loss.png",
                "loss.svg", "accuracy.png", "accuracy.svg", "lr.png", "lr.svg", "confusion.png", "confusion.svg"))
            assertTrue(Files.size(dir.resolve(f)) > 100, f);
        assertEquals(history.toCsv(), Files.readString(dir.resolve("history.csv")));
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary files left");
        }
    }

    @Test
    void bestModelIsTheLowestValidationLossEpoch() throws IOException {
        int bestEpoch = history.best("val_loss").epoch();
        assertEquals(bestEpoch, best.bestEpoch());
        assertTrue(bestEpoch < history.size(), "this run overfits, so the best epoch is not the last: " + history.toCsv());
        assertEquals(String.valueOf(bestEpoch), SafeTensors.metadata(dir.resolve("best.safetensors")).get("epoch"));
        Rng rng = new Rng(99);
        Module fresh = new Sequential(new Flatten(), new Linear(64, 48, rng), new ReLU(), new Linear(48, 10, rng));
        SafeTensors.load(fresh, dir.resolve("best.safetensors"));
        Evaluation ev = Trainer.of(fresh).loss(Losses::crossEntropy).evaluate(digits.validation());
        assertEquals(history.best("val_loss").valLoss(), ev.loss(), 1e-6);
        SafeTensors.load(fresh, dir.resolve("final.safetensors"));
        ev = Trainer.of(fresh).loss(Losses::crossEntropy).evaluate(digits.validation());
        assertEquals(history.last().valLoss(), ev.loss(), 1e-6);
    }

    @Test
    void plotsArePicturesNotBlankCanvases() throws Exception {
        for (String name : List.of("loss", "accuracy", "lr", "confusion")) {
            BufferedImage img = ImageIO.read(dir.resolve(name + ".png").toFile());
            assertNotNull(img, name);
            assertTrue(img.getWidth() >= 500 && img.getHeight() >= 400, name);
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < img.getHeight(); y += 3) for (int x = 0; x < img.getWidth(); x += 3) colours.add(img.getRGB(x, y));
            assertTrue(colours.size() > 20, name + ": only " + colours.size() + " colours");
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // no network
            var doc = f.newDocumentBuilder().parse(dir.resolve(name + ".svg").toFile());
            assertEquals("svg", doc.getDocumentElement().getTagName(), name);
        }
        String lossSvg = Files.readString(dir.resolve("loss.svg"));
        assertTrue(lossSvg.contains("best epoch " + best.bestEpoch()), "the best epoch is labelled");
        assertTrue(lossSvg.contains("gap widening"), "the widening gap is shaded and labelled");
        String cmSvg = Files.readString(dir.resolve("confusion.svg"));
        assertTrue(cmSvg.contains("predicted class") && cmSvg.contains("true class"));
    }

    @Test
    void htmlHasTheTablesAndNoExternalReferences() throws IOException {
        String html = Files.readString(dir.resolve("report.html"));
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("//cdn"), "self-contained");
        assertTrue(html.contains("digits / mlp &lt;test&gt;"));
        assertTrue(html.contains("&lt;b&gt;escaped&lt;/b&gt; &amp; fine"));
        assertTrue(html.contains("Total params: 3,610"), "the model summary");
        assertTrue(html.contains(history.stopReason()));
        assertTrue(html.contains("precision") && html.contains("recall") && html.contains("F1"));
        assertTrue(html.contains("total wall clock"));
        for (String img : List.of("loss.png", "accuracy.png", "lr.png", "confusion.png"))
            assertTrue(html.contains("src=\"" + img + "\""), img);
        Matcher m = Pattern.compile("<tr><td class=\"l\">(\\d)</td>").matcher(html);
        int classes = 0;
        while (m.find()) classes++;
        assertEquals(10, classes, "one precision/recall/F1 row per class");
    }

    @Test
    void rendersInHeadlessChromiumWithAllItsImages(@TempDir Path profile) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "skipped: /usr/bin/chromium is not installed (Debian package 'chromium'; .ci/run installs it)");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--virtual-time-budget=10000", "--dump-dom", dir.resolve("report.html").toUri().toString())
                .redirectError(profile.resolve("chromium.log").toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly(); // a hung browser must not hang the build
        String log = Files.exists(profile.resolve("chromium.log")) ? Files.readString(profile.resolve("chromium.log")) : "";
        assertTrue(dom.contains("data-images-loaded=\"4/4\""), "all 4 pictures loaded; DOM:\n"
                + dom.substring(0, Math.min(2000, dom.length())) + "\nchromium stderr:\n" + log);
        assertFalse(dom.contains("data-loaded=\"false\""), dom);
    }
}
