package org.neurite.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
    /** Every index is run exactly once, in contiguous ranges within [0, n), whatever the grain. */
    @Test
    void forRangeCoversEveryIndexOnce() {
        for (int n : new int[] {0, 1, 2, 7, 64, 1001}) {
            for (int grain : new int[] {0, 1, 2, 3, 8, 5000}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(n);
                Parallel.forRange(n, grain, (from, to) -> {
                    assertTrue(0 <= from && from <= to && to <= n && (from < to || n == 0),
                            "range [" + from + ", " + to + ") of " + n);
                    for (int i = from; i < to; i++) seen.incrementAndGet(i);
                });
                for (int i = 0; i < n; i++) assertEquals(1, seen.get(i), "n=" + n + " grain=" + grain + " i=" + i);
            }
        }
    }

    /** A loop started inside a running one runs inline on its caller (no deadlock, nothing skipped). */
    @Test
    void nestedLoopsRunInline() {
        AtomicIntegerArray seen = new AtomicIntegerArray(16 * 16);
        Parallel.forRange(16, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                int row = i;
                Parallel.forRange(16, 1, (f, t) -> {
                    for (int j = f; j < t; j++) seen.incrementAndGet(row * 16 + j);
                });
            }
        });
        for (int i = 0; i < 256; i++) assertEquals(1, seen.get(i), "i=" + i);
    }

    /** A failing chunk's exception reaches the caller, and the pool is usable afterwards. */
    @Test
    void aFailingChunkThrowsOnTheCaller() {
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> Parallel.forRange(100, 1, (from, to) -> {
                    if (to == 100) throw boom; // the last chunk, run by a worker when there is one
                }));
        assertSame(boom, thrown);
        AtomicIntegerArray seen = new AtomicIntegerArray(100);
        Parallel.forRange(100, 1, (from, to) -> {
            for (int i = from; i < to; i++) seen.incrementAndGet(i);
        });
        for (int i = 0; i < 100; i++) assertEquals(1, seen.get(i));
    }
}
