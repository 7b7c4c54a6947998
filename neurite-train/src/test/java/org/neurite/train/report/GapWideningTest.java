package org.neurite.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.train.EpochRecord;
import org.neurite.train.History;

class GapWideningTest {
    private static History gaps(double... valLosses) {
        History h = new History();
        for (int i = 0; i < valLosses.length; i++) h.add(new EpochRecord(i + 1, 1.0, 0, valLosses[i], 0, 0.1, 1, 1));
        return h;
    }

    @Test
    void findsMaximalRunsOfIncreasesAtLeastNLong() {
        // gaps: 0.5 0.2 0.3 0.4 0.6 0.1 0.2 0.3 0.2: increases 2->3->4->5 (3 increases) and 6->7->8 (2 increases)
        History h = gaps(1.5, 1.2, 1.3, 1.4, 1.6, 1.1, 1.2, 1.3, 1.2);
        assertEquals(List.of(new GapWidening(2, 5)), GapWidening.find(h, 3));
        assertEquals(List.of(new GapWidening(2, 5), new GapWidening(6, 8)), GapWidening.find(h, 2));
        assertEquals(List.of(), GapWidening.find(h, 4));
    }

    @Test
    void aRunReachingTheLastEpochCounts() {
        assertEquals(List.of(new GapWidening(1, 4)), GapWidening.find(gaps(1.1, 1.2, 1.3, 1.4), 3));
    }

    @Test
    void aNegativeGapClosingIsNotOverfitting() {
        // gaps -0.5 -0.3 -0.1 0.1 0.2: only the increases that end above 0 count (epochs 3 -> 5)
        History h = gaps(0.5, 0.7, 0.9, 1.1, 1.2);
        assertEquals(List.of(new GapWidening(3, 5)), GapWidening.find(h, 2));
        assertEquals(List.of(), GapWidening.find(h, 3));
    }

    @Test
    void noValidationMeansNoWidening() {
        assertEquals(List.of(), GapWidening.find(gaps(Double.NaN, Double.NaN, Double.NaN, Double.NaN), 1));
        assertThrows(IllegalArgumentException.class, () -> GapWidening.find(gaps(1), 0));
    }
}
