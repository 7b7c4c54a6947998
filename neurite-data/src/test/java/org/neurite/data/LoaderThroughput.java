package org.neurite.data;

import java.util.Locale;
import org.neurite.data.augment.RandomCrop;
import org.neurite.data.augment.RandomHorizontalFlip;
import org.neurite.data.catalog.FashionMnist;

/**
 * Speed harness, not a test: images per second the {@link DataLoader} delivers from Fashion-MNIST's training set with
 * random crop (padding 2) and horizontal flip, batch 64, on 2 worker threads, while the consumer only touches each
 * batch. Target: at least 50,000 images/s, so the loader is never the bottleneck of a training workload.
 *
 * <p>Run: {@code java -cp <test-classes>:<classes>:<deps> org.neurite.data.LoaderThroughput [epochs] [workers]}.
 * On a shared, noisy machine quote the median of several epochs, not a single one.
 */
public final class LoaderThroughput {
    private LoaderThroughput() {}

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Dataset train = FashionMnist.train();
        DataLoader loader = DataLoader.training(train, 64, 42)
                .augment(new RandomCrop(2).then(new RandomHorizontalFlip()))
                .workers(workers).build();
        double sink = 0;
        double[] rates = new double[epochs];
        for (int e = -1; e < epochs; e++) { // epoch -1 warms up the JIT
            long t0 = System.nanoTime();
            int images = 0;
            try (Epoch epoch = loader.epoch()) {
                for (Batch b : epoch) {
                    sink += b.inputs().data()[0] + b.targets().data()[b.size() - 1];
                    images += b.size();
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (e >= 0) {
                rates[e] = images / s;
                System.out.printf(Locale.ROOT, "epoch %d: %,d images in %.3f s = %,.0f images/s%n", e, images, s, rates[e]);
            }
        }
        java.util.Arrays.sort(rates);
        System.out.printf(Locale.ROOT, "LoaderThroughput: median %,.0f images/s (crop 2 + flip, batch 64, %d workers; "
                + "target >= 50,000) [checksum %.1f]%n", rates[epochs / 2], workers, sink);
    }
}
