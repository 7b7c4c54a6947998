package org.neurite.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}: progress display, early stopping, overfitting monitoring and checkpoints are all
 * callbacks. Every method has an empty default; a callback that keeps state across epochs saves it in
 * {@link #state} and {@link #restore} so a resumed run behaves as if it had never stopped.
 */
public interface Callback {
    default void onTrainBegin(Trainer.Run run) {}

    default void onEpochBegin(Trainer.Run run, int epoch) {}

    default void onBatchBegin(Trainer.Run run, int epoch, int batch) {}

    /** After the optimiser step of one batch: its mean loss, correct predictions and size. */
    default void onBatchEnd(Trainer.Run run, int epoch, int batch, double loss, int correct, int size) {}

    /** After validation: the epoch's full record (already in the history). */
    default void onEpochEnd(Trainer.Run run, EpochRecord record) {}

    default void onTrainEnd(Trainer.Run run, History history) {}

    /** State to keep in a checkpoint (numbers and strings); large data goes to files in dir. */
    default Map<String, Object> state(Path dir) throws IOException {
        return Map.of();
    }

    /** Restores what {@link #state} saved. */
    default void restore(Map<String, Object> state, Path dir) throws IOException {}
}
