package org.neurite.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.neurite.kernel.Parallel;

/**
 * One pass over a {@link DataLoader}'s dataset: an iterator of {@link Batch}es in order, prepared ahead by background
 * workers. Worker {@code k} of {@code W} makes batches {@code k, k + W, ...} into its own bounded queue, and the consumer
 * takes batch {@code b} from queue {@code b mod W}, so batches arrive in order whatever the timing. With no workers,
 * each batch is made ahead in the kernels' threads' idle moments ({@link Parallel#background}).
 *
 * <p>Close it (try-with-resources) when leaving the loop early; it closes itself after the last batch. Closing stops
 * and joins the workers (or drops the batch being made ahead). A failure in a worker is rethrown to the consumer as a
 * {@link DataLoadingException}. Not for use by several consumer threads at once.
 */
public final class Epoch implements Iterator<Batch>, Iterable<Batch>, AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final DataLoader loader;
    private final int index;
    private final int[] order;
    private final int batches;
    private final Thread[] threads;
    private final ArrayBlockingQueue<Object>[] queues;
    private volatile boolean closed;
    private int next;
    /** With no workers: batch next, being made ahead in the kernels' threads' idle moments (null: not started). */
    private DataLoader.BatchWork ahead;
    private Parallel.Background aheadTask;

    private record Failure(int batch, Throwable error) {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    Epoch(DataLoader loader, int index, int[] order, int batches, int workers, int prefetch) {
        this.loader = loader;
        this.index = index;
        this.order = order;
        this.batches = batches;
        int w = Math.min(workers, batches);
        this.threads = new Thread[w];
        this.queues = new ArrayBlockingQueue[w];
        int id = IDS.incrementAndGet();
        for (int k = 0; k < w; k++) {
            queues[k] = new ArrayBlockingQueue<>(prefetch);
            int worker = k;
            threads[k] = Thread.ofPlatform().daemon().name("neurite-loader-" + id + "-" + k)
                    .start(() -> work(worker));
        }
    }

    /** The epoch number (0 for the first). */
    public int index() {
        return index;
    }

    /** Number of batches in this epoch. */
    public int batches() {
        return batches;
    }

    private void work(int worker) {
        int stride = threads.length;
        ArrayBlockingQueue<Object> q = queues[worker];
        int b = worker;
        try {
            for (; b < batches && !closed; b += stride) q.put(loader.makeBatch(index, order, b, false));
        } catch (InterruptedException e) {
            // closed by the consumer: just stop
        } catch (Throwable t) {
            try {
                q.put(new Failure(b, t));
            } catch (InterruptedException ignored) {
                // closed meanwhile: nobody is waiting for the failure
            }
        }
    }

    @Override
    public boolean hasNext() {
        return !closed && next < batches;
    }

    @Override
    public Batch next() {
        if (closed) throw new IllegalStateException("DataLoader: epoch " + index + " is closed");
        if (next >= batches) throw new NoSuchElementException("DataLoader: epoch " + index + " has only " + batches
                + " batches");
        int b = next++;
        Batch batch;
        if (threads.length == 0) {
            try {
                if (aheadTask != null) {
                    aheadTask.finish();
                    batch = ahead.batch().get();
                    aheadTask = null;
                    ahead = null;
                } else {
                    batch = loader.makeBatch(index, order, b, true);
                }
                if (next < batches) makeAhead(next);
            } catch (RuntimeException | Error e) {
                close();
                throw new DataLoadingException("DataLoader: preparing batch " + b + " of epoch " + index + " failed: "
                        + e, e);
            }
        } else {
            Object item;
            try {
                item = queues[b % threads.length].take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new DataLoadingException("DataLoader: interrupted while waiting for batch " + b, e);
            }
            if (item instanceof Failure f) {
                close();
                throw new DataLoadingException("DataLoader: preparing batch " + f.batch() + " of epoch " + index
                        + " failed in a worker thread: " + f.error(), f.error());
            }
            batch = (Batch) item;
        }
        if (next == batches) close();
        return batch;
    }

    /**
     * Starts making batch b while the caller trains on the one before: the kernels' threads take its examples, one
     * at a time, whenever they have no loop to run (the step's serial parts: the loss, the optimiser's bookkeeping,
     * the autograd walk). Whatever they have not done when the batch is asked for, next() finishes with them.
     */
    private void makeAhead(int b) {
        ahead = loader.batchWork(index, order, b);
        int pieces = (ahead.size() + loader.examplesPerPiece() - 1) / loader.examplesPerPiece();
        aheadTask = Parallel.background(ahead.size(), pieces, ahead.examples());
    }

    /** This epoch itself, so it can be used in a for-each loop. */
    @Override
    public Iterator<Batch> iterator() {
        return this;
    }

    /** Stops the workers and waits for them to end. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (aheadTask != null) aheadTask.cancel();
        aheadTask = null;
        ahead = null;
        boolean interrupted = false;
        for (int k = 0; k < threads.length; k++) {
            // Interrupt, and empty the queue so a worker blocked on a full queue can finish its last put.
            while (threads[k].isAlive()) {
                threads[k].interrupt();
                queues[k].clear();
                try {
                    threads[k].join(100);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            queues[k].clear();
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
