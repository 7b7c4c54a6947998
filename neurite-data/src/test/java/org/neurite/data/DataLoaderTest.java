package org.neurite.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.data.augment.GaussianNoise;
import org.neurite.data.augment.HueShift;
import org.neurite.data.augment.Normalize;
import org.neurite.data.augment.RandomCrop;
import org.neurite.data.augment.RandomHorizontalFlip;
import org.neurite.tensor.Tensor;

class DataLoaderTest {

    /** N examples [1, 2, 3]; every value of example i is i, and its target is i mod 7. */
    static TensorDataset indexed(int n) {
        float[] x = new float[n * 6];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(x, i * 6, i * 6 + 6, i);
            y[i] = i % 7;
        }
        return new TensorDataset(x, y, new int[] {1, 2, 3}, List.of());
    }

    private static List<Batch> drain(Epoch e) {
        List<Batch> out = new ArrayList<>();
        try (e) {
            for (Batch b : e) out.add(b);
        }
        return out;
    }

    private static int[] order(List<Batch> batches) {
        return batches.stream().flatMapToInt(b -> Arrays.stream(b.indices())).toArray();
    }

    @Test
    void everyExampleExactlyOncePerEpochWithMatchingInputsAndTargets() {
        TensorDataset d = indexed(103);
        DataLoader loader = DataLoader.training(d, 10, 7).build();
        assertEquals(11, loader.batchesPerEpoch());
        for (int epoch = 0; epoch < 3; epoch++) {
            List<Batch> batches = drain(loader.epoch());
            assertEquals(11, batches.size());
            int[] seen = new int[103];
            for (Batch b : batches) {
                int n = b.size();
                assertEquals(n == 3 ? 3 : 10, n);
                assertArrayEquals(new int[] {n, 1, 2, 3}, b.inputs().shape());
                assertArrayEquals(new int[] {n}, b.targets().shape());
                float[] x = b.inputs().toFloatArray(), y = b.targets().toFloatArray();
                for (int k = 0; k < n; k++) {
                    int i = b.indices()[k];
                    seen[i]++;
                    assertEquals(i % 7, y[k]);
                    for (int j = 0; j < 6; j++) assertEquals(i, x[k * 6 + j]);
                }
            }
            for (int c : seen) assertEquals(1, c);
        }
    }

    @Test
    void reproducibleWithASeedAndDifferentAcrossEpochs() {
        TensorDataset d = indexed(50);
        DataLoader a = DataLoader.training(d, 8, 42).build(), b = DataLoader.training(d, 8, 42).build();
        int[] a0 = order(drain(a.epoch())), a1 = order(drain(a.epoch()));
        assertArrayEquals(a0, order(drain(b.epoch())));
        assertArrayEquals(a1, order(drain(b.epoch())));
        assertFalse(Arrays.equals(a0, a1), "a new order every epoch");
        assertFalse(Arrays.equals(a0, order(drain(DataLoader.training(d, 8, 43).build().epoch()))), "seed matters");
        // epoch(e) replays epoch e, for resuming
        assertArrayEquals(a1, order(drain(a.epoch(1))));
        int[] sorted = a0.clone();
        Arrays.sort(sorted);
        assertFalse(Arrays.equals(a0, sorted), "shuffled");
    }

    @Test
    void dropLast() {
        DataLoader loader = DataLoader.training(indexed(103), 10, 1).dropLast(true).build();
        assertEquals(10, loader.batchesPerEpoch());
        List<Batch> bs = drain(loader.epoch());
        assertEquals(10, bs.size());
        for (Batch b : bs) assertEquals(10, b.size());
    }

    @Test
    void batchSizeOneIsOnlineLearningAndNIsFullBatch() {
        TensorDataset d = indexed(13);
        List<Batch> online = drain(DataLoader.training(d, 1, 3).build().epoch());
        assertEquals(13, online.size());
        for (Batch b : online) assertArrayEquals(new int[] {1, 1, 2, 3}, b.inputs().shape());
        List<Batch> full = drain(DataLoader.training(d, 13, 3).build().epoch());
        assertEquals(1, full.size());
        assertEquals(13, full.get(0).size());
        int[] idx = full.get(0).indices().clone();
        Arrays.sort(idx);
        for (int i = 0; i < 13; i++) assertEquals(i, idx[i]);
    }

    @Test
    void evaluationLoaderIsInOrderAndUnaugmented() {
        TensorDataset d = indexed(25);
        List<Batch> bs = drain(DataLoader.evaluation(d, 10).epoch());
        assertEquals(3, bs.size());
        int[] o = order(bs);
        for (int i = 0; i < 25; i++) assertEquals(i, o[i]);
        assertArrayEquals(Arrays.copyOf(d.inputs().toFloatArray(), 60), bs.get(0).inputs().toFloatArray());
        // normalisation is allowed at evaluation: (x - 1) / 2
        var norm = DataLoader.evaluation(d, 25, new Normalize(new float[] {1}, new float[] {2}));
        assertEquals((24 - 1) / 2f, drain(norm.epoch()).get(0).inputs().toFloatArray()[24 * 6], 1e-6);
    }

    @Test
    void augmentationIsReproducibleAndIndependentOfThreadsAndBatchSize() {
        TensorDataset d = rampImages(40);
        var aug = new RandomCrop(1).then(new RandomHorizontalFlip()).then(new GaussianNoise(0.1));
        float[][] perExample = null;
        for (int workers : new int[] {0, 1, 2, 3}) {
            for (int batch : new int[] {1, 7, 40}) {
                DataLoader l = DataLoader.training(d, batch, 5).augment(aug).workers(workers).build();
                drain(l.epoch()); // epoch 0
                float[][] got = byExample(drain(l.epoch()), d);
                if (perExample == null) perExample = got;
                else for (int i = 0; i < 40; i++) assertArrayEquals(perExample[i], got[i], "example " + i);
            }
        }
        // epoch 1 differs from epoch 0, and augmentation changed the data
        DataLoader l = DataLoader.training(d, 40, 5).augment(aug).build();
        float[][] e0 = byExample(drain(l.epoch()), d);
        int differs = 0, changed = 0;
        for (int i = 0; i < 40; i++) {
            if (!Arrays.equals(e0[i], perExample[i])) differs++;
            if (!Arrays.equals(e0[i], d.get(i).input().toFloatArray())) changed++;
        }
        assertEquals(40, differs);
        assertEquals(40, changed);
    }

    @Test
    void batchesMadeInParallelOnTheCallersThreadMatchTheWorkersAndReportFailures() {
        // [1, 64, 64] images: 4096 values each, so a batch of 16 is split between the kernels' threads (two or
        // more shares of at least 2 images) when made on the caller's thread, and copied by one worker otherwise.
        int n = 48, numel = 64 * 64;
        float[] x = new float[n * numel];
        for (int i = 0; i < x.length; i++) x[i] = (i % numel) / (float) numel + (i / numel) * 1e-3f;
        TensorDataset d = new TensorDataset(x, new float[n], new int[] {1, 64, 64}, List.of());
        var aug = new RandomCrop(4).then(new RandomHorizontalFlip()).then(new GaussianNoise(0.1));
        float[][] inline = byExample(drain(DataLoader.training(d, 16, 3).augment(aug).workers(0).build().epoch()), d);
        float[][] worker = byExample(drain(DataLoader.training(d, 16, 3).augment(aug).workers(1).build().epoch()), d);
        for (int i = 0; i < n; i++) assertArrayEquals(worker[i], inline[i], "example " + i);

        Dataset failing = new Dataset() {
            public int size() { return n; }
            public int[] exampleShape() { return new int[] {1, 64, 64}; }
            public void copyInput(int i, float[] dst, int off) {
                if (i == 29) throw new UncheckedIOException(new java.io.IOException("disk on fire at " + i));
                d.copyInput(i, dst, off);
            }
            public float target(int i) { return 0; }
        };
        DataLoader loader = DataLoader.training(failing, 16, 9).workers(0).build();
        DataLoadingException e = assertThrows(DataLoadingException.class, () -> drain(loader.epoch()));
        assertInstanceOf(UncheckedIOException.class, e.getCause());
        assertTrue(e.getMessage().contains("disk on fire at 29"), e.getMessage());
    }

    /** 40 images [1, 4, 4] with distinct ramps. */
    private static TensorDataset rampImages(int n) {
        float[] x = new float[n * 16];
        for (int i = 0; i < x.length; i++) x[i] = (i % 16) / 16f + (i / 16) * 1e-3f;
        return new TensorDataset(x, new float[n], new int[] {1, 4, 4}, List.of());
    }

    private static float[][] byExample(List<Batch> bs, Dataset d) {
        float[][] out = new float[d.size()][];
        int numel = d.exampleNumel();
        for (Batch b : bs) {
            float[] x = b.inputs().toFloatArray();
            for (int k = 0; k < b.size(); k++) out[b.indices()[k]] = Arrays.copyOfRange(x, k * numel, (k + 1) * numel);
        }
        return out;
    }

    @Test
    void workerExceptionReachesTheConsumerAndNoThreadLeaks() {
        TensorDataset good = indexed(100);
        Dataset failing = new Dataset() {
            public int size() { return 100; }
            public int[] exampleShape() { return new int[] {1, 2, 3}; }
            public void copyInput(int i, float[] dst, int off) {
                if (i == 57) throw new UncheckedIOException(new java.io.IOException("disk on fire at " + i));
                good.copyInput(i, dst, off);
            }
            public float target(int i) { return good.target(i); }
        };
        for (int workers : new int[] {0, 1, 2}) {
            DataLoader loader = DataLoader.training(failing, 4, 9).workers(workers).build();
            DataLoadingException e = assertThrows(DataLoadingException.class, () -> drain(loader.epoch()));
            assertInstanceOf(UncheckedIOException.class, e.getCause());
            assertTrue(e.getMessage().contains("disk on fire at 57"), e.getMessage());
        }
        assertNoLoaderThreads();
    }

    @Test
    void leavingEarlyAndClosingJoinTheWorkers() {
        DataLoader loader = DataLoader.training(indexed(1000), 2, 1).workers(2).prefetch(1).build();
        try (Epoch e = loader.epoch()) {
            e.next();
            e.next();
        }
        assertNoLoaderThreads();
        Epoch abandoned = loader.epoch();
        abandoned.next();
        Epoch next = loader.epoch(); // closes the abandoned one
        assertFalse(abandoned.hasNext());
        assertThrows(IllegalStateException.class, abandoned::next);
        next.next();
        loader.close();
        assertNoLoaderThreads();
        for (Batch b : loader) assertNotNull(b); // a plain for-each over the loader closes itself at the end
        assertNoLoaderThreads();
    }

    /**
     * Without workers each batch is made ahead, in the kernels' threads' idle moments, while the caller uses the one
     * before: two loaders interleaved (one's batch made ahead while the other's is asked for) still give every
     * example's own values, and closing an epoch early drops its batch made ahead without disturbing the next epoch.
     */
    @Test
    void withoutWorkersBatchesMadeAheadHoldTheirOwnExamples() {
        TensorDataset d = indexed(1000);
        DataLoader a = DataLoader.training(d, 10, 1).workers(0).build();
        DataLoader b = DataLoader.training(d, 10, 2).workers(0).build();
        Epoch ea = a.epoch(), eb = b.epoch();
        for (int i = 0; i < 30; i++) {
            assertOwnExamples(ea.next());
            assertOwnExamples(eb.next());
        }
        ea.close();
        assertFalse(ea.hasNext());
        int seen = 0;
        for (Batch batch : a.epoch()) {
            assertOwnExamples(batch);
            seen += batch.size();
        }
        assertEquals(1000, seen);
        eb.close();
    }

    private static void assertOwnExamples(Batch batch) {
        float[] x = batch.inputs().toFloatArray(), y = batch.targets().toFloatArray();
        for (int k = 0; k < batch.size(); k++) {
            int i = batch.indices()[k];
            for (int j = 0; j < 6; j++) assertEquals(i, x[k * 6 + j], "example " + i + " value " + j);
            assertEquals(i % 7, y[k], "target of example " + i);
        }
    }

    private static void assertNoLoaderThreads() {
        for (Thread t : Thread.getAllStackTraces().keySet())
            assertFalse(t.getName().startsWith("neurite-loader") && t.isAlive(), "leaked " + t.getName());
    }

    @Test
    void badArgumentsAreRefusedAtBuildTime() {
        TensorDataset grey = indexed(4);
        assertThrows(IllegalArgumentException.class, () -> DataLoader.training(grey, 0, 1).build());
        var e = assertThrows(IllegalArgumentException.class,
                () -> DataLoader.training(grey, 2, 1).augment(new HueShift(30)).build());
        assertTrue(e.getMessage().contains("HueShift"), e.getMessage());
        TensorDataset flat = new TensorDataset(Tensor.zeros(4, 5), Tensor.zeros(4));
        e = assertThrows(IllegalArgumentException.class,
                () -> DataLoader.training(flat, 2, 1).augment(new RandomHorizontalFlip()).build());
        assertTrue(e.getMessage().contains("[5]"), e.getMessage());
    }
}
