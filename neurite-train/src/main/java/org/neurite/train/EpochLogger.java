package org.neurite.train;

/** Plain log lines, one per epoch: what CI logs and piped output get instead of a progress bar. */
final class EpochLogger implements Callback {
    @Override
    public void onEpochEnd(Trainer.Run run, EpochRecord r) {
        StringBuilder sb = new StringBuilder(String.format("epoch %d/%d  loss %.4f  acc %.2f%%", r.epoch(), run.epochs(),
                r.trainLoss(), 100 * r.trainAccuracy()));
        if (!Double.isNaN(r.valLoss()))
            sb.append(String.format("  val_loss %.4f  val_acc %.2f%%", r.valLoss(), 100 * r.valAccuracy()));
        sb.append(String.format("  lr %.3g  %.1f s  %.0f ex/s", r.learningRate(), r.seconds(), r.examplesPerSecond()));
        run.log(sb.toString());
    }
}
