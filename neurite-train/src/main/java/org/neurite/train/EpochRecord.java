package org.neurite.train;

/**
 * What one epoch measured. Validation figures are NaN when no validation set was given.
 *
 * @param epoch             1-based epoch number
 * @param trainLoss         mean training loss over the epoch's batches (as the model was while training)
 * @param trainAccuracy     training accuracy over the same batches
 * @param valLoss           validation loss after the epoch (eval mode, no grad)
 * @param valAccuracy       validation accuracy after the epoch
 * @param learningRate      the learning rate at the end of the epoch
 * @param seconds           wall-clock time of the epoch's training (validation excluded)
 * @param examplesPerSecond training examples processed per second
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                          double learningRate, double seconds, double examplesPerSecond) {

    /** valLoss - trainLoss: the generalisation gap the course watches for overfitting (Proposition 2.11). */
    public double gap() {
        return valLoss - trainLoss;
    }

    /** A metric by its Keras-style name: loss, accuracy, val_loss, val_accuracy, lr. */
    public double get(String metric) {
        return switch (metric) {
            case "loss", "train_loss" -> trainLoss;
            case "accuracy", "acc", "train_accuracy" -> trainAccuracy;
            case "val_loss" -> valLoss;
            case "val_accuracy", "val_acc" -> valAccuracy;
            case "lr", "learning_rate" -> learningRate;
            default -> throw new IllegalArgumentException("unknown metric '" + metric
                    + "' (known: loss, accuracy, val_loss, val_accuracy, lr)");
        };
    }
}
