package org.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.data.Dataset;
import org.neurite.data.catalog.Digits;
import org.neurite.io.SafeTensors;
import org.neurite.tensor.Tensor;
import org.neurite.train.History;

/**
 * The command end to end on the embedded digits: a 2-epoch training run and its run directory, then evaluate,
 * predict (on a PNG written here and on dataset examples), summary, and resume (1 epoch, then resumed to 2, equals
 * the uninterrupted run).
 */
class CliRunTest {
    @TempDir
    static Path dir;
    static Path run;
    static Cli trained;

    @BeforeAll
    static void train() {
        run = dir.resolve("run");
        trained = Cli.run("train", "--epochs", "2", "--tta", "flip", "--out", run.toString());
        assertEquals(0, trained.code(), trained.toString());
    }

    private static double accuracy(String text) {
        Matcher m = Pattern.compile("accuracy ([0-9.]+)%").matcher(text);
        assertTrue(m.find(), text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trainWritesTheRunDirectory() throws IOException {
        for (String f : List.of("run.json", "history.csv", "final.safetensors", "best.safetensors", "report.html",
                "loss.png", "loss.svg", "accuracy.png", "accuracy.svg", "lr.png", "lr.svg", "confusion.png",
                "confusion.svg", "checkpoints/latest"))
            assertTrue(Files.isRegularFile(run.resolve(f)), f + "\n" + trained);
        History h = History.readCsv(run.resolve("history.csv"));
        assertEquals(2, h.size());
        assertTrue(h.last().trainLoss() < h.epochs().get(0).trainLoss(), h.toCsv());
        assertTrue(trained.out().contains("training cnn on digits (1,294 training, 144 validation, 359 test examples"),
                trained.out());
        assertTrue(trained.out().contains("epoch 2/2"), trained.out());
        assertTrue(trained.out().contains("report: " + run.resolve("report.html")), trained.out());
        String report = Files.readString(run.resolve("report.html"));
        assertTrue(report.contains("test accuracy, flip test-time augmentation") && report.contains("test-time augmentation</"),
                "the report shows the augmented test result and the setting");
        String json = Files.readString(run.resolve("run.json"));
        assertTrue(json.contains("\"model\" : \"cnn\"") && json.contains("\"seed\" : 42") && json.contains("\"tta\" : \"flip\""),
                json);
        assertTrue(accuracy(trained.out()) > 30, "2 epochs of the CNN beat chance (10%) by far: " + trained.out());
    }

    @Test
    void aSecondTrainIntoTheSameFolderIsRefused() {
        Cli r = Cli.run("train", "--out", run.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("already holds a run") && r.err().contains("neurite resume --out"), r.toString());
    }

    @Test
    void evaluateReadsModelAndDatasetFromRunJson() {
        Cli r = Cli.run("evaluate", "--model-file", run.resolve("final.safetensors").toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(accuracy(trained.out().substring(trained.out().indexOf("test: "))), accuracy(r.out()), 1e-9,
                "the final model's test accuracy, as train reported it");
        assertTrue(r.out().contains("precision") && r.out().contains("confusion matrix"), r.out());
        Cli tta = Cli.run("evaluate", "--model-file", run.resolve("final.safetensors").toString(), "--tta", "flip");
        assertEquals(0, tta.code(), tta.toString());
        assertTrue(tta.out().contains("(test split, flip test-time augmentation)"), tta.out());
        String trainTta = trained.out().substring(trained.out().indexOf("test with flip test-time augmentation: "));
        assertEquals(accuracy(trainTta), accuracy(tta.out()), 1e-9, "train --tta flip and evaluate --tta flip agree");
        Cli badTta = Cli.run("evaluate", "--model-file", run.resolve("final.safetensors").toString(), "--tta", "rotate");
        assertEquals(2, badTta.code(), badTta.toString());
        assertTrue(badTta.err().contains("--tta must be none or flip, got 'rotate'"), badTta.toString());
        Cli wrong = Cli.run("evaluate", "--model-file", run.resolve("best.safetensors").toString(), "--model", "mlp");
        assertEquals(2, wrong.code(), wrong.toString());
        assertTrue(wrong.err().contains("does not hold weights for model 'mlp'"), wrong.toString());
    }

    @Test
    void predictOnAPngAndOnExamples() throws IOException {
        Dataset test = Digits.split(0.8, DataChoice.DIGITS_TEST_SEED).validation();
        Dataset.Example ex = test.get(0);
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB); // 4x upscaled, dark ink on white
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 32; x++) {
                int v = 255 - Math.round(255 * ex.input().get(0, y / 4, x / 4));
                img.setRGB(x, y, v << 16 | v << 8 | v);
            }
        Path png = dir.resolve("digit.png");
        ImageIO.write(img, "png", png.toFile());
        Cli r = Cli.run("predict", "--model-file", run.resolve("best.safetensors").toString(), "--top", "3", png.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().matches("(?s)\\Q" + png + "\\E: \\d \\(p = 0\\.\\d{3}\\); then \\d \\(p = 0\\.\\d{3}\\), \\d \\(p = .*"),
                r.out());
        Cli e = Cli.run("predict", "--model-file", run.resolve("best.safetensors").toString(), "--examples", "5");
        assertEquals(0, e.code(), e.toString());
        assertTrue(e.out().contains("test #4: true " + (int) test.target(4) + ", predicted "), e.out());
        assertTrue(e.out().contains("of 5 right"), e.out());
        Cli none = Cli.run("predict", "--model-file", run.resolve("best.safetensors").toString());
        assertEquals(2, none.code(), none.toString());
        Cli missing = Cli.run("predict", "--model-file", run.resolve("best.safetensors").toString(), "nope.png");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.png: no such image file"), missing.toString());
    }

    @Test
    void summaryPrintsTheLayerTableForTheDatasetShape() throws IOException {
        Cli r = Cli.run("summary", "--model", "cnn", "--dataset", "fashion-mnist");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Input: [N, 1, 28, 28]") && r.out().contains("Linear(3136 -> 128)"), r.out());
        assertTrue(r.out().contains("Total params: 454,922"), r.out());
        Path spec = Files.writeString(dir.resolve("tiny.json"),
                "[{\"type\": \"flatten\"}, {\"type\": \"dense\", \"out\": 16}, {\"type\": \"relu\"}, {\"type\": \"dense\", \"out\": \"classes\"}]");
        Cli s = Cli.run("summary", "--model", spec.toString());
        assertEquals(0, s.code(), s.toString());
        assertTrue(s.out().contains("Linear(64 -> 16)") && s.out().contains("Total params: 1,210"), s.out());
    }

    @Test
    void aSpecFileTravelsWithTheRun() throws IOException {
        Path spec = Files.writeString(dir.resolve("small.json"), "{\"layers\": [{\"type\": \"flatten\"}, "
                + "{\"type\": \"dense\", \"out\": 32}, {\"type\": \"relu\"}, {\"type\": \"dense\", \"out\": \"classes\"}]}");
        Path specRun = dir.resolve("spec-run");
        Cli t = Cli.run("train", "--model", spec.toString(), "--epochs", "3", "--lr", "0.01", "--schedule",
                "warmup-cosine", "--label-smoothing", "0.05", "--out", specRun.toString());
        assertEquals(0, t.code(), t.toString());
        assertTrue(Files.readString(specRun.resolve("report.html")).contains("label smoothing"));
        assertTrue(Files.readString(specRun.resolve("lr.svg")).contains("batch"), "a per-batch schedule is drawn per batch");
        assertEquals(Files.readString(spec), Files.readString(specRun.resolve("model.json")));
        assertTrue(Files.readString(specRun.resolve("run.json")).contains("\"model\" : \"model.json\""));
        Files.delete(spec); // evaluate must find the copy in the run directory
        Cli e = Cli.run("evaluate", "--model-file", specRun.resolve("best.safetensors").toString());
        assertEquals(0, e.code(), e.toString());
        assertTrue(accuracy(e.out()) > 80, "a 64-32-10 net learns the digits in 3 epochs: " + t.out() + e.out());
    }

    @Test
    void resumedRunEqualsTheUninterruptedOne() throws IOException {
        Path half = dir.resolve("half");
        Cli first = Cli.run("train", "--epochs", "1", "--out", half.toString());
        assertEquals(0, first.code(), first.toString());
        Cli resumed = Cli.run("resume", "--out", half.toString(), "--epochs", "2");
        assertEquals(0, resumed.code(), resumed.toString());
        assertTrue(resumed.out().contains("resumed from") && resumed.out().contains("epoch 2/2"), resumed.out());
        assertEquals(2, History.readCsv(half.resolve("history.csv")).size());
        String config = java.nio.file.Files.readString(half.resolve("run.json"));
        assertTrue(config.contains("\"epochs\" : 1") && config.contains("\"epochBudget\" : 2"),
                "run.json keeps the schedule's length and records the new budget: " + config);
        Map<String, Tensor> a = SafeTensors.load(run.resolve("final.safetensors"));
        Map<String, Tensor> b = SafeTensors.load(half.resolve("final.safetensors"));
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), k);
    }
}
