package org.neurite.train.report;

import java.util.ArrayList;
import java.util.List;
import org.neurite.train.EpochRecord;
import org.neurite.train.History;
import org.neurite.train.OverfittingMonitor;

/**
 * The stretches of a run where the generalisation gap g_e = val_loss_e - train_loss_e grew epoch after epoch while
 * validation was above training, the sign of overfitting the course describes (Proposition 2.11) and that
 * {@link org.neurite.train.OverfittingMonitor} warns about. A stretch [from, to] means g_from < g_from+1 < ... < g_to
 * with g > 0 after every increase ({@link OverfittingMonitor#widened}, the monitor's own rule), and at least
 * {@code minEpochs} increases; the loss-curve plot shades these epochs.
 *
 * @param from the epoch where the widening began (the gap's last low point)
 * @param to   the last epoch of the widening
 */
public record GapWidening(int from, int to) {

    /** The maximal stretches with at least minEpochs consecutive increases of the gap (the monitor's N). */
    public static List<GapWidening> find(History history, int minEpochs) {
        if (minEpochs < 1) throw new IllegalArgumentException("GapWidening.find: minEpochs must be >= 1, got " + minEpochs);
        List<GapWidening> out = new ArrayList<>();
        List<EpochRecord> es = history.epochs();
        int start = -1, increases = 0;
        for (int i = 1; i <= es.size(); i++) {
            boolean up = i < es.size() && OverfittingMonitor.widened(es.get(i - 1).gap(), es.get(i).gap());
            if (up) {
                if (increases == 0) start = i - 1;
                increases++;
            } else {
                if (increases >= minEpochs) out.add(new GapWidening(es.get(start).epoch(), es.get(i - 1).epoch()));
                increases = 0;
            }
        }
        return out;
    }
}
