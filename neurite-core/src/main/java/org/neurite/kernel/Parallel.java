package org.neurite.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Parallel loops for the kernels, on a small pool of our own: {@code threads() - 1} workers plus the calling
 * thread, which always takes a share of the work. Thread count from the machine's cores, overridable with
 * {@code -Dneurite.threads=N} (1 turns parallelism off).
 *
 * <p>Why not a ForkJoinPool: a training step issues thousands of kernel calls of 50-300 microseconds each, and waking
 * a parked thread costs about 100 microseconds on this kind of machine, which ate most of the gain. Our workers
 * spin for a short while after each job ({@code -Dneurite.spinMicros}, default 300) before parking, so back-to-back
 * calls find them awake, and an idle JVM still uses no CPU.
 *
 * <p>One loop runs at a time: a call made while another is running (from another thread, or nested inside a body)
 * runs inline on its caller, so the pool is never oversubscribed and never deadlocks.
 */
public final class Parallel {
    private static final int THREADS = Math.max(1,
            Integer.getInteger("neurite.threads", Runtime.getRuntime().availableProcessors()));
    private static final long SPIN_NANOS = Long.getLong("neurite.spinMicros", 300) * 1000;
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static volatile Job current;
    private static volatile Worker[] workers;

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

    /** One parallel loop: its chunks are claimed by the caller and the workers until none are left. */
    private static final class Job {
        final RangeBody body;
        final int n, chunks;
        final AtomicInteger next = new AtomicInteger(), pending;
        volatile Throwable failure;

        Job(RangeBody body, int n, int chunks) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.pending = new AtomicInteger(chunks);
        }

        void work() {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                try {
                    body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    pending.decrementAndGet();
                }
            }
        }
    }

    /**
     * One wait step: a pure spin for the first microseconds, then a yield, so that a runnable thread of the same
     * process (a data loader preparing the next batch) gets the core instead of our spinning.
     */
    private static void pause(long waitedNanos) {
        if (waitedNanos < 20_000) Thread.onSpinWait();
        else Thread.yield();
    }

    /** No job, or only the one this worker has already helped with. */
    private static boolean idle(Job last) {
        Job c = current;
        return c == null || c == last;
    }

    private static final class Worker extends Thread {
        volatile boolean parked;

        Worker(int i) {
            super("neurite-kernel-" + i);
            setDaemon(true);
        }

        @Override
        public void run() {
            Job last = null;
            while (true) {
                Job j = current;
                if (j != null && j != last) {
                    last = j;
                    j.work();
                    continue;
                }
                long start = System.nanoTime(), until = start + SPIN_NANOS;
                for (long now = start; idle(last) && now < until; now = System.nanoTime()) pause(now - start);
                if (idle(last)) {
                    parked = true;
                    if (idle(last)) LockSupport.park(this);
                    parked = false;
                }
            }
        }
    }

    /**
     * Runs body over [0, n) split into at most {@link #threads()} contiguous chunks of at least {@code grain}
     * indices each; runs inline when one chunk suffices or when the pool is already busy.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int chunks = Math.min(THREADS, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || !BUSY.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        try {
            Worker[] ws = workers();
            Job job = new Job(body, n, chunks);
            current = job;
            for (Worker w : ws) if (w.parked) LockSupport.unpark(w);
            job.work();
            long start = System.nanoTime();
            while (job.pending.get() > 0) pause(System.nanoTime() - start);
            if (job.failure != null) {
                if (job.failure instanceof RuntimeException r) throw r;
                if (job.failure instanceof Error e) throw e;
                throw new IllegalStateException("Parallel.forRange: a chunk failed", job.failure);
            }
        } finally {
            current = null; // drop the body (and the arrays it captured) as soon as the loop is done
            BUSY.set(false);
        }
    }

    private static Worker[] workers() {
        Worker[] ws = workers;
        if (ws == null) {
            synchronized (Parallel.class) {
                ws = workers;
                if (ws == null) {
                    ws = new Worker[THREADS - 1];
                    for (int i = 0; i < ws.length; i++) {
                        ws[i] = new Worker(i + 1);
                        ws[i].start();
                    }
                    workers = ws;
                }
            }
        }
        return ws;
    }
}
