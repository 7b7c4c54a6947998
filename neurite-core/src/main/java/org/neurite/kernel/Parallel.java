package org.neurite.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 *
 * <p>Between loops the workers take pieces of {@link #background} work, one at a time, a loop always first: a
 * training loader makes its next batch there while the step runs its serial parts on the calling thread.
 */
public final class Parallel {
    private static final int THREADS = Math.max(1,
            Integer.getInteger("neurite.threads", Runtime.getRuntime().availableProcessors()));
    private static final long SPIN_NANOS = Long.getLong("neurite.spinMicros", 300) * 1000;
    /**
     * How long a worker waits after a loop before taking background pieces: the caller often posts its next loop
     * within microseconds, and a worker busy with a piece would start its share of that loop late.
     */
    private static final long BACKGROUND_AFTER_NANOS = Long.getLong("neurite.backgroundAfterNanos", 5_000);
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static volatile Job current;
    private static volatile Worker[] workers;
    /**
     * The background task the workers take pieces from; NONE (no pieces) rather than null, so the workers' loop never
     * meets a null there: C2 compiled it on a profile without one, and the first null trapped it out of compiled code.
     */
    private static final Background NONE = new Background((from, to) -> { }, 0, 0);
    private static final AtomicReference<Background> BACKGROUND = new AtomicReference<>(NONE);

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
     * Body over [0, n) in chunks, each claimed by one thread: a parallel loop's (claimed by the caller and the workers
     * until none are left) or a background task's (one at a time, by the workers between loops).
     */
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

        /** Runs the next chunk, if any is left; false when none was. A failure is kept for the caller. */
        boolean runChunk() {
            int c = next.getAndIncrement();
            if (c >= chunks) return false;
            try {
                body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
            } catch (Throwable t) {
                failure = t;
            } finally {
                pending.decrementAndGet();
            }
            return true;
        }

        void work() {
            while (runChunk()) {
                // until every chunk is claimed
            }
        }

        boolean hasChunks() {
            return next.get() < chunks;
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

    /** Waits, spinning then yielding, until the counter of chunks or pieces still running reaches zero. */
    private static void awaitZero(AtomicInteger pending) {
        long start = System.nanoTime();
        while (pending.get() > 0) pause(System.nanoTime() - start);
    }

    /** Throws a chunk's or piece's failure (if any) on the caller: unchecked as it was, or wrapped. */
    private static void rethrow(Throwable failure, String what) {
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException(what, failure);
    }

    /**
     * No job, or only the one this worker has already helped with, and, once it has waited backgroundAfter
     * nanoseconds, no background piece left to take.
     */
    private static boolean idle(Job last, long waited, long backgroundAfter) {
        Job c = current;
        if (c != null && c != last) return false;
        return waited < backgroundAfter || !BACKGROUND.get().hasPieces();
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
            long backgroundAfter = BACKGROUND_AFTER_NANOS;
            while (true) {
                Job j = current;
                if (j != null && j != last) {
                    last = j;
                    j.work();
                    backgroundAfter = BACKGROUND_AFTER_NANOS;
                    continue;
                }
                long start = System.nanoTime(), until = start + SPIN_NANOS, now = start;
                for (; idle(last, now - start, backgroundAfter) && now < until; now = System.nanoTime())
                    pause(now - start);
                Job c = current;
                if (c != null && c != last) continue; // a loop comes first
                Background b = BACKGROUND.get();
                if (now - start >= backgroundAfter && b.hasPieces() && b.runPiece()) {
                    backgroundAfter = 0; // in a gap between loops: take the next piece at once
                    continue;
                }
                if (idle(last, Long.MAX_VALUE, 0)) {
                    parked = true;
                    if (idle(last, Long.MAX_VALUE, 0)) LockSupport.park(this);
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
            awaitZero(job.pending);
            rethrow(job.failure, "Parallel.forRange: a chunk failed");
        } finally {
            current = null; // drop the body (and the arrays it captured) as soon as the loop is done
            BUSY.set(false);
        }
    }

    /**
     * Starts body over [0, n), cut into {@code pieces} contiguous pieces, as work for the workers' idle moments:
     * each worker takes one piece at a time when it has no loop to run. {@link Background#finish} runs what is left
     * (the workers still helping) and waits for the rest. One background task at a time: while another is pending,
     * or with one thread, nothing runs until finish, on its caller.
     */
    public static Background background(int n, int pieces, RangeBody body) {
        Background task = new Background(body, n, Math.max(1, Math.min(pieces, n)));
        Background old = BACKGROUND.get();
        if (THREADS > 1 && n > 0 && old.done() && BACKGROUND.compareAndSet(old, task)) {
            for (Worker w : workers()) if (w.parked) LockSupport.unpark(w);
        }
        return task;
    }

    /** Work started by {@link #background}. Not for use by several threads at once. */
    public static final class Background {
        private final Job job;
        private volatile boolean cancelled;

        private Background(RangeBody body, int n, int pieces) {
            this.job = new Job((from, to) -> {
                if (!cancelled) body.run(from, to);
            }, n, pieces);
        }

        boolean hasPieces() {
            return job.hasChunks();
        }

        boolean done() {
            return job.pending.get() == 0;
        }

        /** Runs the next piece, if any is left; false when none was. */
        boolean runPiece() {
            return job.runChunk();
        }

        /** Runs the pieces nobody has taken, waits for those running, and rethrows a piece's failure. */
        public void finish() {
            job.work(); // the workers, when idle, take pieces too
            awaitZero(job.pending);
            BACKGROUND.compareAndSet(this, NONE);
            rethrow(job.failure, "Parallel.background: a piece failed");
        }

        /** Skips the pieces not yet started and waits for those running; their failures are dropped. */
        public void cancel() {
            cancelled = true;
            job.work(); // claims the rest, which the body skips
            awaitZero(job.pending);
            BACKGROUND.compareAndSet(this, NONE);
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
