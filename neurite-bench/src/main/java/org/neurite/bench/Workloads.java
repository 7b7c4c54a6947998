package org.neurite.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.neurite.data.Batch;
import org.neurite.data.DataLoader;
import org.neurite.data.Dataset;
import org.neurite.data.Epoch;
import org.neurite.data.catalog.FashionMnist;
import org.neurite.nn.Conv2d;
import org.neurite.nn.Flatten;
import org.neurite.nn.Linear;
import org.neurite.nn.MaxPool2d;
import org.neurite.nn.Module;
import org.neurite.nn.ReLU;
import org.neurite.nn.Sequential;
import org.neurite.nn.loss.Losses;
import org.neurite.optim.Adam;
import org.neurite.optim.Optimizer;
import org.neurite.optim.SGD;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/**
 * The two reference workloads of the speed issue, with the same protocol as the peers' scripts in
 * ../shared/peers (bench_torch.py): W1 = MLP 784-256-256-10 with SGD lr 0.1 momentum 0.9, W2 = CNN (conv 5x5x32
 * pad 2, ReLU, max-pool 2, conv 5x5x64 pad 2, ReLU, max-pool 2, dense 128, ReLU, dense 10) with Adam lr 1e-3;
 * batch 64, Fashion-MNIST in [0, 1], reshuffled each epoch, last partial batch kept.
 *
 * <p>A throw-away model trains WARMUP batches (default 200); a fresh model trains EPOCHS epochs (default 2), each
 * timed; test accuracy after the last; inference over the 10,000 test images at batch 1000 (float batches made once,
 * as the peers slice a float tensor; one untimed pass, then the median of 3); start-up is the time from T0_NS (epoch
 * nanoseconds, set by the launcher just before exec, as the peers' run.sh does) or else from JVM start, to the end of
 * the first training batch. Prints one line {@code RESULT {json}} in the peers' format. Usage:
 * {@code Workloads mlp|cnn} (env: EPOCHS, WARMUP, MAX_BATCHES; SEED of the initial weights, default 1; LOADER_SEED of
 * the measured epochs' shuffling, default 7; LOADER_WORKERS, the loader's background threads, default 0).
 * bin/bench runs it with the AOT cache of Java 25 (JEP 483/514/515), recorded by one short run of both workloads:
 * classes come loaded and linked, and the first batches run with the recorded profiles.
 */
public final class Workloads {
    private Workloads() {}

    static Module model(String kind, Rng rng) {
        if (kind.equals("mlp"))
            return new Sequential(new Flatten(), new Linear(784, 256, rng), new ReLU(), new Linear(256, 256, rng),
                    new ReLU(), new Linear(256, 10, rng));
        return new Sequential(new Conv2d(1, 32, 5, rng).padding(2), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 5, rng).padding(2), new ReLU(), new MaxPool2d(2), new Flatten(),
                new Linear(64 * 7 * 7, 128, rng), new ReLU(), new Linear(128, 10, rng));
    }

    static Optimizer optimizer(String kind, Module m) {
        return kind.equals("mlp") ? new SGD(m.parameters(), 0.1f).momentum(0.9f) : new Adam(m.parameters(), 1e-3f);
    }

    private static int env(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }

    public static void main(String[] args) {
        if (args.length == 0 || !Arrays.stream(args).allMatch(a -> a.equals("mlp") || a.equals("cnn"))) {
            System.err.println("usage: Workloads mlp|cnn [mlp|cnn ...]");
            System.exit(2);
        }
        // Several workloads in one JVM are for recording an AOT cache (bin/bench); only the first one's start-up
        // figure means anything.
        for (String kind : args) run(kind);
    }

    private static void run(String kind) {
        int epochs = env("EPOCHS", 2), warmup = env("WARMUP", 200), maxBatches = env("MAX_BATCHES", 0);
        int workers = env("LOADER_WORKERS", 0); // as the peers, which slice each batch on the training thread
        String launch = System.getenv("T0_NS"); // set by the launcher just before exec (bin/bench, the peers' run.sh)
        long startMs = launch != null && !launch.isBlank() ? Long.parseLong(launch.trim()) / 1_000_000
                : ManagementFactory.getRuntimeMXBean().getStartTime();
        Dataset train = FashionMnist.train(); // the test set is loaded after the first batch: it does not feed it
        Rng rng = new Rng(env("SEED", 1));
        double startup = Double.NaN;

        Module warm = model(kind, rng);
        Optimizer wopt = optimizer(kind, warm);
        try (DataLoader loader = DataLoader.training(train, 64, 1000).workers(workers).build();
             Epoch ep = loader.epoch()) {
            int b = 0;
            for (Batch batch : ep) {
                if (b++ >= warmup) break;
                step(warm, wopt, batch);
                if (b == 1) startup = (System.currentTimeMillis() - startMs) / 1e3;
            }
        }

        // The test set as float batches now, before the measured epochs, as the peers convert it at load time: made
        // after training, its 31 MB were young objects that the first collection during the timed inference copied.
        List<Batch> testBatches = batches(FashionMnist.test());
        Module model = model(kind, rng);
        Optimizer opt = optimizer(kind, model);
        List<Double> epochSeconds = new ArrayList<>(), imgsPerSecond = new ArrayList<>(), lastLoss = new ArrayList<>();
        List<Integer> epochImages = new ArrayList<>();
        try (DataLoader loader = DataLoader.training(train, 64, env("LOADER_SEED", 7)).workers(workers).build()) {
            for (int e = 0; e < epochs; e++) {
                int images = 0, b = 0;
                float loss = Float.NaN;
                long t0 = System.nanoTime();
                try (Epoch ep = loader.epoch()) {
                    for (Batch batch : ep) {
                        if (maxBatches > 0 && b++ >= maxBatches) break;
                        loss = step(model, opt, batch);
                        images += batch.size();
                    }
                }
                double s = (System.nanoTime() - t0) / 1e9;
                epochSeconds.add(s);
                epochImages.add(images);
                imgsPerSecond.add(images / s);
                lastLoss.add((double) loss);
            }
        }
        model.eval();
        int correct = infer(model, testBatches), testSize = testBatches.stream().mapToInt(Batch::size).sum();
        double[] inferSeconds = new double[3];
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            infer(model, testBatches);
            inferSeconds[i] = (System.nanoTime() - t0) / 1e9;
        }
        double[] sorted = inferSeconds.clone();
        Arrays.sort(sorted);
        System.out.println("RESULT " + String.format(Locale.ROOT,
                "{\"peer\": \"neurite\", \"version\": \"0.1.0\", \"workload\": \"%s\", \"threads\": %d, \"epoch_s\": %s, "
                        + "\"epoch_imgs\": %s, \"train_img_s\": %s, \"last_loss\": %s, \"test_acc\": %.4f, "
                        + "\"infer_img_s\": %.1f, \"infer_s\": %s, \"startup_s\": %.3f}",
                kind, org.neurite.kernel.Parallel.threads(), epochSeconds, epochImages, imgsPerSecond, lastLoss,
                correct / (double) testSize, testSize / sorted[1], Arrays.toString(inferSeconds), startup));
    }

    private static float step(Module model, Optimizer opt, Batch batch) {
        opt.zeroGrad(false); // as the peers: PyTorch 1.13's zero_grad() keeps the gradient buffers
        Tensor loss = Losses.crossEntropy(model.forward(batch.inputs()), batch.targets());
        loss.backward();
        opt.step();
        return loss.item();
    }

    /**
     * The test set as float batches of 1000, made once before the timed passes: the peers convert it to one float
     * tensor at load time and slice views of it, so their inference time is the model's alone, and so is this.
     */
    private static List<Batch> batches(Dataset test) {
        List<Batch> out = new ArrayList<>();
        try (DataLoader loader = DataLoader.evaluation(test, 1000); Epoch ep = loader.epoch()) {
            for (Batch b : ep) out.add(b);
        }
        return out;
    }

    private static int infer(Module model, List<Batch> batches) {
        int correct = 0;
        try (var s = Autograd.noGradScope()) {
            for (Batch b : batches) {
                float[] pred = model.forward(b.inputs()).argmax(1).data(), t = b.targets().data();
                for (int i = 0; i < t.length; i++) if (pred[i] == t[i]) correct++;
            }
        }
        return correct;
    }
}
