package org.neurite.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The dataset options of the commands that train ({@code train}, {@code tune}): a picocli mixin. */
final class DataOptions {
    @Option(names = "--dataset", defaultValue = "digits", paramLabel = "NAME",
            description = "digits (embedded), fashion-mnist or mnist (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder holding the dataset's IDX .gz files "
            + "(default: $NEURITE_DATA, ~/.neurite/datasets, Debian's /usr/share/datasets, else download).")
    Path dataDir;

    /** Rejects an unknown dataset name before anything is loaded. */
    void check() {
        DataChoice.check(dataset);
    }

    /** The dataset's training, validation and test splits. */
    DataChoice.Loaded load(double valSplit, long seed) {
        return DataChoice.load(dataset, dataDir, valSplit, seed);
    }
}
