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

    /** Background work runs every index once, whether the workers or finish take its pieces. */
    @Test
    void backgroundRunsEveryIndexOnceByFinish() {
        for (int n : new int[] {0, 1, 5, 64, 1000}) {
            AtomicIntegerArray seen = new AtomicIntegerArray(n);
            Parallel.Background task = Parallel.background(n, 16, (from, to) -> {
                for (int i = from; i < to; i++) seen.incrementAndGet(i);
            });
            task.finish();
            for (int i = 0; i < n; i++) assertEquals(1, seen.get(i), "n=" + n + " i=" + i);
        }
    }

    /** A loop posted while background pieces are pending still runs every index once, and so does the background. */
    @Test
    void loopsRunBeforeAndBesideBackgroundWork() {
        AtomicIntegerArray bg = new AtomicIntegerArray(256), loop = new AtomicIntegerArray(256);
        Parallel.Background task = Parallel.background(256, 256, (from, to) -> {
            for (int i = from; i < to; i++) bg.incrementAndGet(i);
        });
        for (int r = 0; r < 20; r++) {
            Parallel.forRange(256, 1, (from, to) -> {
                for (int i = from; i < to; i++) loop.incrementAndGet(i);
            });
        }
        task.finish();
        for (int i = 0; i < 256; i++) {
            assertEquals(1, bg.get(i), "background i=" + i);
            assertEquals(20, loop.get(i), "loop i=" + i);
        }
    }

    /** Only one background task is handed to the workers at a time; a second runs on its own finish, in full. */
    @Test
    void aSecondBackgroundTaskRunsOnItsFinish() {
        AtomicIntegerArray a = new AtomicIntegerArray(100), b = new AtomicIntegerArray(100);
        Parallel.Background first = Parallel.background(100, 10, (from, to) -> {
            for (int i = from; i < to; i++) a.incrementAndGet(i);
        });
        Parallel.Background second = Parallel.background(100, 10, (from, to) -> {
            for (int i = from; i < to; i++) b.incrementAndGet(i);
        });
        second.finish();
        first.finish();
        for (int i = 0; i < 100; i++) {
            assertEquals(1, a.get(i), "first i=" + i);
            assertEquals(1, b.get(i), "second i=" + i);
        }
    }

    /** A failing piece's exception is thrown by finish; after cancel, no piece starts and nothing is thrown. */
    @Test
    void backgroundFailureIsThrownByFinishAndCancelSkipsPieces() throws InterruptedException {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Parallel.Background failing = Parallel.background(10, 10, (from, to) -> {
            if (from == 3) throw boom;
        });
        assertSame(boom, assertThrows(IllegalArgumentException.class, failing::finish));

        // A worker that took a piece is held inside it while another thread cancels: cancel waits for that piece,
        // and no other piece starts.
        AtomicIntegerArray ran = new AtomicIntegerArray(1);
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        Parallel.Background slow = Parallel.background(1000, 1000, (from, to) -> {
            ran.incrementAndGet(0);
            if (!Thread.currentThread().getName().startsWith("neurite-kernel")) return; // a piece cancel ran
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread canceller = new Thread(slow::cancel);
        canceller.start();
        while (slow.hasPieces()) Thread.onSpinWait(); // the canceller has claimed (and skipped) every piece left
        hold.countDown();
        canceller.join();
        assertTrue(ran.get(0) < Parallel.threads(), "pieces run after cancel: " + ran.get(0));
        // the slot is free again: a new task's pieces all run
        AtomicIntegerArray after = new AtomicIntegerArray(50);
        Parallel.Background next = Parallel.background(50, 5, (from, to) -> {
            for (int i = from; i < to; i++) after.incrementAndGet(i);
        });
        next.finish();
        for (int i = 0; i < 50; i++) assertEquals(1, after.get(i));
    }
}
