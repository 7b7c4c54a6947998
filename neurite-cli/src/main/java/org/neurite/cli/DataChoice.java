package org.neurite.cli;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.neurite.data.Dataset;
import org.neurite.data.Split;
import org.neurite.data.catalog.Digits;
import org.neurite.data.catalog.FashionMnist;
import org.neurite.data.catalog.Mnist;

/**
 * The datasets the command knows, their example shapes, and how a run divides them: the test set is the dataset's
 * own (for the embedded digits, a fixed 20% split, the same for every seed), and the validation set is a seeded
 * fraction of the training set ({@code --val-split}; 0 validates on the test set).
 */
final class DataChoice {
    static final List<String> NAMES = List.of("digits", "fashion-mnist", "mnist");

    /** The seed of the digits train/test split: fixed, so every run is tested on the same 360 examples. */
    static final long DIGITS_TEST_SEED = 0;

    private DataChoice() {}

    /** The datasets of one run. */
    record Loaded(String name, Dataset train, Dataset validation, Dataset test, int[] shape, int classes,
                  List<String> classNames) {}

    static void check(String name) {
        if (!NAMES.contains(name))
            throw new UserError("unknown dataset '" + name + "'; choose one of " + String.join(", ", NAMES));
    }

    /** One example's shape, known without reading the data. */
    static int[] shape(String name) {
        check(name);
        return name.equals("digits") ? new int[] {1, 8, 8} : new int[] {1, 28, 28};
    }

    static int classes(String name) {
        check(name);
        return 10;
    }

    static List<String> classNames(String name) {
        check(name);
        return name.equals("fashion-mnist") ? FashionMnist.CLASSES : Mnist.CLASSES;
    }

    /** Loads the training and test sets and carves out the validation set. */
    static Loaded load(String name, Path dataDir, double valSplit, long seed) {
        check(name);
        if (!(valSplit >= 0 && valSplit < 1))
            throw new UserError("--val-split must be in [0, 1), got " + valSplit);
        if (dataDir != null && !Files.isDirectory(dataDir))
            throw new UserError("--data-dir " + dataDir + ": no such directory");
        Dataset train, test;
        try {
            switch (name) {
                case "digits" -> {
                    Split s = Digits.split(0.8, DIGITS_TEST_SEED);
                    train = s.train();
                    test = s.validation();
                }
                case "fashion-mnist" -> {
                    train = FashionMnist.train(dataDir);
                    test = FashionMnist.test(dataDir);
                }
                default -> {
                    train = Mnist.train(dataDir);
                    test = Mnist.test(dataDir);
                }
            }
        } catch (UncheckedIOException e) {
            throw new UserError("cannot load " + name + ": " + e.getMessage() + " (put the four IDX .gz files in a "
                    + "folder and give --data-dir, or set $NEURITE_DATA; see neurite-data/README.md)", e);
        }
        Dataset validation = test;
        if (valSplit > 0) {
            Split s = train.split(1 - valSplit, seed);
            train = s.train();
            validation = s.validation();
        }
        return new Loaded(name, train, validation, test, shape(name), classes(name), classNames(name));
    }
}
