package org.neurite.train;

/**
 * The result of evaluating a model on a dataset (eval mode, no grad).
 *
 * @param loss          mean loss per example
 * @param accuracy      fraction of examples whose top logit is the target
 * @param top5Accuracy  fraction whose target is among the 5 top logits (equal to 1 with 5 classes or fewer)
 * @param confusion     counts of (true, predicted) classes
 * @param examples      number of examples
 * @param seconds       wall-clock time taken
 */
public record Evaluation(double loss, double accuracy, double top5Accuracy, ConfusionMatrix confusion, int examples,
                         double seconds) {
    @Override
    public String toString() {
        return String.format("loss %.4f, accuracy %.2f%%, top-5 %.2f%%, macro-F1 %.4f on %d examples (%.1f s)", loss,
                100 * accuracy, 100 * top5Accuracy, confusion.macroF1(), examples, seconds);
    }
}
