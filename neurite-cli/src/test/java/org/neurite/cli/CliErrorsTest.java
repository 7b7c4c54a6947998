package org.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gives one line that says what is wrong and what to do, exit code 2, and no stack trace. */
class CliErrorsTest {
    @TempDir
    Path dir;

    /** Exit 2 and a single line on stderr starting "neurite: " and containing every fragment. */
    private static Cli fails(String[] args, String... fragments) {
        Cli r = Cli.run(args);
        assertEquals(2, r.code(), r.toString());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "one line: " + r);
        assertTrue(err.startsWith("neurite: "), r.toString());
        for (String f : fragments) assertTrue(err.contains(f), "'" + f + "' in: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
        return r;
    }

    private static String[] a(String... args) {
        return args;
    }

    @Test
    void unknownOptionsAndCommands() {
        fails(a("train", "--bogus"), "Unknown option: '--bogus'", "neurite train --help");
        fails(a("frobnicate"), "Unmatched argument", "frobnicate");
        fails(a("train", "--epochs", "many"), "--epochs", "many");
    }

    @Test
    void unknownNamesListTheChoices() {
        fails(a("train", "--dataset", "cifar10", "--out", "x"), "unknown dataset 'cifar10'", "fashion-mnist");
        fails(a("train", "--optimizer", "adamax"), "unknown optimizer 'adamax'", "adamw");
        fails(a("train", "--schedule", "cyclic"), "unknown schedule 'cyclic'", "warmup-cosine");
        fails(a("train", "--label-smoothing", "1"), "--label-smoothing must be in [0, 1), got 1.0");
        fails(a("train", "--augment", "crop,shear"), "unknown transform 'shear'", "crop, flip");
        fails(a("train", "--epochs", "0"), "--epochs must be at least 1");
        fails(a("train", "--tta", "rotate"), "--tta must be none or flip, got 'rotate'");
        fails(a("summary", "--model", "lenet"), "neither a preset", "perceptron, mlp, cnn, resnet");
    }

    @Test
    void missingFiles() {
        Path none = dir.resolve("none.safetensors");
        fails(a("evaluate", "--model-file", none.toString()), none + ": no such file");
        fails(a("resume", "--out", dir.resolve("nothing").toString()), "no such run directory");
        fails(a("resume", "--out", dir.toString()), "run.json: not found", "written by 'neurite train'");
        fails(a("train", "--dataset", "mnist", "--data-dir", dir.resolve("nope").toString()), "--data-dir", "no such directory");
    }

    @Test
    void aModelThatDoesNotFitTheData() throws IOException {
        Path noFlatten = Files.writeString(dir.resolve("bad.json"), "[{\"type\": \"linear\", \"out\": 10}]");
        fails(a("summary", "--model", noFlatten.toString()), "layer 1 (linear)", "[1, 8, 8]", "add {\"type\": \"flatten\"}");
        Path fiveClasses = Files.writeString(dir.resolve("five.json"), "[{\"type\": \"flatten\"}, {\"type\": \"linear\", \"out\": 5}]");
        fails(a("train", "--model", fiveClasses.toString(), "--out", dir.resolve("r").toString()),
                "gives outputs of shape [5]", "has 10 classes", "\"out\": \"classes\"");
        Path notJson = Files.writeString(dir.resolve("broken.json"), "[{\"type\": ");
        fails(a("summary", "--model", notJson.toString()), "broken.json: not valid JSON");
        Path tooSmall = Files.writeString(dir.resolve("big-kernel.json"),
                "[{\"type\": \"conv2d\", \"out\": 4, \"kernel\": 9}, {\"type\": \"flatten\"}, {\"type\": \"linear\", \"out\": \"classes\"}]");
        fails(a("summary", "--model", tooSmall.toString(), "--dataset", "digits"), "layer 1 (conv2d) does not fit its input [1, 8, 8]");
    }

    @Test
    void verboseShowsTheStackTrace() {
        Cli r = Cli.run("summary", "--model", "lenet", "--verbose");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("UserError") && r.err().contains("\tat org.neurite.cli."), r.toString());
    }
}
