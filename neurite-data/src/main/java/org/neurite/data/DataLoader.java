package org.neurite.data;

import java.util.Arrays;
import java.util.function.Supplier;
import org.neurite.data.augment.Normalize;
import org.neurite.data.augment.Transform;
import org.neurite.kernel.Parallel;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/**
 * Draws batches from a {@link Dataset}, one epoch at a time.
 *
 * <p>The batch size chooses the course's regime (Definition 3.3 and Proposition 3.1): 1 is online learning, one
 * example per update; N = {@code dataset.size()} is full-batch (deterministic) gradient descent; anything between is
 * mini-batch stochastic gradient descent. Each batch is {@code inputs [B, ...exampleShape]} and {@code targets [B]}
 * (class indices as floats); examples are copied straight into one {@code float[]} per batch, wrapped without a copy.
 *
 * <p>A <em>training</em> loader ({@link #training}) reshuffles every epoch with a permutation drawn from
 * {@code Rng(seed, epoch)} and may augment each example online (Proposition 2.12) with an Rng derived from
 * {@code (seed, epoch, example index)}, so the batches are the same, bit for bit, whatever the number of worker threads.
 * An <em>evaluation</em> loader ({@link #evaluation}) visits the examples in order and has no way to take an
 * augmentation: evaluation data is never augmented. Both may normalise ({@link Normalize}), which is deterministic.
 *
 * <p>A training loader makes its batches in the kernels' threads ({@link Parallel}) by default: while the caller
 * trains on one batch, they make the next, an example at a time, whenever they have no kernel loop to run (the step's
 * serial parts), and whatever is left when it is asked for is made then, shared between them. Prefetch:
 * {@code workers} background threads (an evaluation loader's: 1) prepare the next batches, with their augmentation,
 * into bounded queues while the model trains on the current one; batches still arrive in order. They pay when there
 * are cores to spare: on a machine whose cores all run the kernels, a loader thread takes its time from them, in the
 * middle of a step (README, "Kernels"). Exceptions in a worker reach the consumer as {@link DataLoadingException}.
 * Iteration is by {@link Epoch}s, which are {@link AutoCloseable}: use try-with-resources, or let the loop run to the
 * end (then the epoch closes itself). Starting a new epoch or closing the loader closes the open epoch, so no thread
 * outlives them.
 *
 * <pre>{@code
 * DataLoader train = DataLoader.training(FashionMnist.train(), 64, 42)
 *         .augment(new RandomCrop(2).then(new RandomHorizontalFlip())).build();
 * for (int e = 0; e < 10; e++)
 *     try (Epoch epoch = train.epoch()) {
 *         for (Batch b : epoch) step(b.inputs(), b.targets());
 *     }
 * }</pre>
 */
public final class DataLoader implements Iterable<Batch>, AutoCloseable {
    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final Transform augment; // null for evaluation loaders
    private final Normalize normalize;
    private final int workers;
    private final int prefetch;
    private final int[] shape;
    private final int numel, c, h, w;
    private int nextEpoch;
    private Epoch open;

    private DataLoader(Dataset dataset, int batchSize, boolean shuffle, long seed, boolean dropLast, Transform augment,
                       Normalize normalize, int workers, int prefetch) {
        if (batchSize <= 0)
            throw new IllegalArgumentException("DataLoader: batch size must be >= 1, got " + batchSize);
        if (workers < 0) throw new IllegalArgumentException("DataLoader: workers must be >= 0, got " + workers);
        if (prefetch < 1) throw new IllegalArgumentException("DataLoader: prefetch must be >= 1, got " + prefetch);
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
        this.augment = augment;
        this.normalize = normalize;
        this.workers = workers;
        this.prefetch = prefetch;
        this.shape = dataset.exampleShape();
        this.numel = dataset.exampleNumel();
        // Images are [C, H, W]; [H, W] is one channel. Other shapes cannot be augmented or normalised.
        if (shape.length == 3) { c = shape[0]; h = shape[1]; w = shape[2]; }
        else if (shape.length == 2) { c = 1; h = shape[0]; w = shape[1]; }
        else { c = 0; h = 0; w = 0; }
        if ((augment != null || normalize != null) && c == 0)
            throw new IllegalArgumentException("DataLoader: augmentation and normalisation take image examples "
                    + "[C, H, W] or [H, W], got " + Arrays.toString(shape));
        if (augment != null) augment.checkShape(c, h, w);
        if (normalize != null) normalize.checkShape(c, h, w);
    }

    /** A builder for a training loader: shuffled each epoch from {@code seed}, optionally augmented. */
    public static TrainingBuilder training(Dataset dataset, int batchSize, long seed) {
        return new TrainingBuilder(dataset, batchSize, seed);
    }

    /** An evaluation loader: every example once, in order, never augmented, one prefetch worker. */
    public static DataLoader evaluation(Dataset dataset, int batchSize) {
        return evaluation(dataset, batchSize, null);
    }

    /** An evaluation loader that normalises each example (or not, if {@code normalize} is null). */
    public static DataLoader evaluation(Dataset dataset, int batchSize, Normalize normalize) {
        return new DataLoader(dataset, batchSize, false, 0, false, null, normalize, 1, 2);
    }

    /** The dataset this loader draws from. */
    public Dataset dataset() {
        return dataset;
    }

    /** The batch size B. */
    public int batchSize() {
        return batchSize;
    }

    /** Number of batches per epoch: ceil(N / B), or floor(N / B) with drop-last. */
    public int batchesPerEpoch() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The next epoch (0, 1, 2, ...); closes the previous one if it is still open. */
    public synchronized Epoch epoch() {
        return epoch(nextEpoch);
    }

    /**
     * Epoch number {@code e}, as it would come in sequence (for resuming from a checkpoint); the following
     * {@link #epoch()} is {@code e + 1}. Closes the previous epoch if it is still open.
     */
    public synchronized Epoch epoch(int e) {
        if (e < 0) throw new IllegalArgumentException("DataLoader: epoch must be >= 0, got " + e);
        if (open != null) open.close();
        nextEpoch = e + 1;
        open = new Epoch(this, e, order(e), batchesPerEpoch(), workers, prefetch);
        return open;
    }

    /** The next epoch, for a for-each loop (which closes it when it runs to the end). */
    @Override
    public Epoch iterator() {
        return epoch();
    }

    /** Closes the open epoch, stopping and joining its worker threads. The loader can still start new epochs. */
    @Override
    public synchronized void close() {
        if (open != null) open.close();
        open = null;
    }

    /** The example order of epoch {@code e}: a permutation from {@code Rng(mix(seed, e))}, or 0..N-1 unshuffled. */
    int[] order(int e) {
        int n = dataset.size();
        if (shuffle) return new Rng(mix(seed, e)).permutation(n);
        int[] o = new int[n];
        for (int i = 0; i < n; i++) o[i] = i;
        return o;
    }

    /**
     * Builds batch {@code b} of epoch {@code e}: copies, augments, normalises. Runs on a worker thread, or, with no
     * workers, on the caller's, which then shares the examples with the kernels' threads ({@link Parallel}): they are
     * idle between training steps, and on a small machine a loader thread of its own only takes its core from them.
     */
    Batch makeBatch(int e, int[] order, int b, boolean parallel) {
        BatchWork work = batchWork(e, order, b);
        if (parallel) Parallel.forRange(work.size(), Math.max(1, PARALLEL_GRAIN / numel), work.examples());
        else work.examples().run(0, work.size());
        return work.batch().get();
    }

    /**
     * Batch {@code b} of epoch {@code e} to be made: its arrays, and the body that fills examples [from, to) of it
     * (copy, augment, normalise), which threads may share out in any way: each example's augmentation draws from an
     * Rng of its own.
     */
    BatchWork batchWork(int e, int[] order, int b) {
        int start = b * batchSize, end = Math.min(start + batchSize, order.length), n = end - start;
        float[] x = new float[n * numel];
        float[] y = new float[n];
        int[] idx = Arrays.copyOfRange(order, start, end);
        Parallel.RangeBody examples = (from, to) -> {
            for (int k = from; k < to; k++) {
                int i = idx[k], off = k * numel;
                dataset.copyInput(i, x, off);
                y[k] = dataset.target(i);
                if (augment != null) augment.apply(x, off, c, h, w, new Rng(mix(mix(seed ^ AUGMENT_SALT, e), i)));
                if (normalize != null) normalize.apply(x, off, c, h, w);
            }
        };
        int[] bs = new int[shape.length + 1];
        bs[0] = n;
        System.arraycopy(shape, 0, bs, 1, shape.length);
        return new BatchWork(examples, n, () -> new Batch(Tensor.wrap(x, bs), Tensor.wrap(y, n), idx));
    }

    /** A batch to be made: run examples over [0, size), then take it from batch. */
    record BatchWork(Parallel.RangeBody examples, int size, Supplier<Batch> batch) {}

    /** Examples per background piece of a batch made ahead: a piece holds up a kernel loop at most this long. */
    int examplesPerPiece() {
        return Math.max(1, PIECE_VALUES / numel);
    }

    /** Values per background piece: one Fashion-MNIST or CIFAR image, about a microsecond. */
    private static final int PIECE_VALUES = 1 << 10;

    /** Values per share of a batch made in parallel (10 Fashion-MNIST images); a batch under two shares: one thread. */
    private static final int PARALLEL_GRAIN = 1 << 13;

    private static final long AUGMENT_SALT = 0x6A09E667F3BCC909L;

    /** A well-mixed 64-bit hash of two values (SplitMix64's finaliser), for deriving independent seeds. */
    static long mix(long a, long b) {
        long z = a + 0x9E3779B97F4A7C15L * (b + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Options of a training loader. */
    public static final class TrainingBuilder {
        private final Dataset dataset;
        private final int batchSize;
        private final long seed;
        private boolean shuffle = true, dropLast;
        private Transform augment;
        private Normalize normalize;
        private int workers = 0, prefetch = 2;

        private TrainingBuilder(Dataset dataset, int batchSize, long seed) {
            this.dataset = dataset;
            this.batchSize = batchSize;
            this.seed = seed;
        }

        /** Reshuffle every epoch (default true). */
        public TrainingBuilder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Drop the last, smaller batch when B does not divide N (default false). */
        public TrainingBuilder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Online augmentation of each training example (compose several with {@link Transform#then}). */
        public TrainingBuilder augment(Transform augment) {
            this.augment = augment;
            return this;
        }

        /** Per-channel normalisation, applied after augmentation. */
        public TrainingBuilder normalize(Normalize normalize) {
            this.normalize = normalize;
            return this;
        }

        /** Background threads preparing batches (default 0: on the caller's thread, with the kernels' threads). */
        public TrainingBuilder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Batches each worker may hold ready ahead of the consumer (default 2). */
        public TrainingBuilder prefetch(int prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        /** The loader. */
        public DataLoader build() {
            return new DataLoader(dataset, batchSize, shuffle, seed, dropLast, augment, normalize, workers, prefetch);
        }
    }
}
