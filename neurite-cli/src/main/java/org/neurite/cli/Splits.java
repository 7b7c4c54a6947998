package org.neurite.cli;

import org.neurite.data.Dataset;

/** The part of a dataset that evaluate and predict read: the run's own train/validation/test division. */
final class Splits {
    private Splits() {}

    static Dataset pick(TrainedModel.Resolved r, String split) {
        double valSplit = r.run() != null ? r.run().valSplit() : 0.1;
        long seed = r.run() != null ? r.run().seed() : 42;
        DataChoice.Loaded d = DataChoice.load(r.dataset(), r.dataDir(), valSplit, seed);
        return switch (split) {
            case "test" -> d.test();
            case "validation" -> d.validation();
            case "train" -> d.train();
            default -> throw new UserError("--split must be test, validation or train, got '" + split + "'");
        };
    }
}
