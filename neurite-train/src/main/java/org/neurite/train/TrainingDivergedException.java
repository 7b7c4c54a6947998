package org.neurite.train;

/** The loss became NaN or infinite: training stops, naming where, and the last good checkpoint is kept. */
public final class TrainingDivergedException extends IllegalStateException {
    private final int epoch, batch;

    public TrainingDivergedException(int epoch, int batch, double loss, String advice) {
        super("training diverged: loss is " + loss + " at epoch " + epoch + ", batch " + batch + "; " + advice);
        this.epoch = epoch;
        this.batch = batch;
    }

    public int epoch() {
        return epoch;
    }

    public int batch() {
        return batch;
    }
}
