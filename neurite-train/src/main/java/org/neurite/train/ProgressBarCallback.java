package org.neurite.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A terminal progress bar per epoch (batch count, running loss and accuracy, examples per second, ETA), using the
 * progressbar library; the epoch's summary line stays on screen when the bar finishes.
 */
final class ProgressBarCallback implements Callback {
    private ProgressBar bar;
    private double lossSum;
    private long correct, seen, t0;
    private final EpochLogger summary = new EpochLogger();

    @Override
    public void onEpochBegin(Trainer.Run run, int epoch) {
        lossSum = 0;
        correct = seen = 0;
        t0 = System.nanoTime();
        bar = new ProgressBarBuilder().setTaskName(String.format("epoch %d/%d", epoch, run.epochs()))
                .setInitialMax(run.batchesPerEpoch()).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .continuousUpdate().build();
    }

    @Override
    public void onBatchEnd(Trainer.Run run, int epoch, int batch, double loss, int ok, int size) {
        lossSum += loss * size;
        correct += ok;
        seen += size;
        double secs = (System.nanoTime() - t0) / 1e9;
        bar.stepTo(batch);
        bar.setExtraMessage(String.format(" loss %.4f acc %.2f%% %.0f ex/s", lossSum / seen, 100.0 * correct / seen,
                seen / Math.max(secs, 1e-9)));
    }

    @Override
    public void onEpochEnd(Trainer.Run run, EpochRecord record) {
        if (bar != null) bar.close();
        bar = null;
        summary.onEpochEnd(run, record);
    }
}
