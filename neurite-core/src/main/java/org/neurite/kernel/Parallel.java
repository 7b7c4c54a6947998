package org.neurite.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Parallel loops for the kernels. One pool for the whole JVM, sized from the machine's cores; override with
 * {@code -Dneurite.threads=N} (1 turns all parallelism off). Kernels only fork above a size threshold, so small
 * tensors never pay for a thread hand-off.
 */
public final class Parallel {
    private static final int THREADS = Math.max(1,
            Integer.getInteger("neurite.threads", Runtime.getRuntime().availableProcessors()));
    private static volatile ForkJoinPool pool;

    private Parallel() {}

    /** The number of threads kernels use. */
    public static int threads() {
        return THREADS;
    }

    /** A body of a parallel loop: handles indices [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /**
     * Runs body over [0, n) split into at most {@link #threads()} contiguous chunks of at least {@code grain}
     * indices each; runs inline when one chunk suffices or when already inside a worker (no nested forking).
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int chunks = Math.min(THREADS, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || isWorker()) {
            body.run(0, n);
            return;
        }
        RecursiveAction[] tasks = new RecursiveAction[chunks];
        for (int c = 0; c < chunks; c++) {
            final int from = (int) ((long) n * c / chunks), to = (int) ((long) n * (c + 1) / chunks);
            tasks[c] = new RecursiveAction() {
                @Override
                protected void compute() {
                    body.run(from, to);
                }
            };
        }
        pool().invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                invokeAll(tasks);
            }
        });
    }

    private static boolean isWorker() {
        return Thread.currentThread() instanceof java.util.concurrent.ForkJoinWorkerThread w && w.getPool() == pool;
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(THREADS, fj -> {
                        var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(fj);
                        t.setName("neurite-kernel-" + t.getPoolIndex());
                        t.setDaemon(true);
                        return t;
                    }, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }
}
