package org.neurite.train.models;

import java.util.List;
import org.neurite.nn.BatchNorm2d;
import org.neurite.nn.Conv2d;
import org.neurite.nn.Dropout;
import org.neurite.nn.Flatten;
import org.neurite.nn.Linear;
import org.neurite.nn.MaxPool2d;
import org.neurite.nn.Module;
import org.neurite.nn.ReLU;
import org.neurite.nn.Residual;
import org.neurite.nn.Sequential;
import org.neurite.tensor.Rng;

/**
 * The model presets of the {@code neurite} command, each built for an example shape {@code [C, H, W]} and a number of
 * classes K, with every weight drawn from the given seeded Rng. All output K logits (no softmax: the loss takes them).
 * <ul>
 *   <li>{@code perceptron}: a linear classifier, Flatten then Linear(CHW -> K).</li>
 *   <li>{@code mlp}: CHW-256-128-K with ReLU and dropout after each hidden layer.</li>
 *   <li>{@code cnn}: the LeNet-style net of DESIGN.md: conv 5x5 32 (padding 2), ReLU, max-pool 2, conv 5x5 64
 *       (padding 2), ReLU, max-pool 2, flatten, dense 128, ReLU, dropout, dense K. Padding 2 keeps the size through
 *       each convolution and each pool halves it (floor), so the dense layer takes 64 (H/4)(W/4) inputs: 3,136 for
 *       28x28 images, 256 for the 8x8 digits. Needs H, W >= 4.</li>
 *   <li>{@code resnet}: a small residual CNN with batch norm (the course's Proposition 2.9): a 3x3 stem to 32
 *       channels, a 3x3 stride-2 convolution to 64, then three basic blocks (two 3x3 conv + batch norm, shortcut
 *       added before the ReLU) at 64, 128 (stride 2, 1x1 projection shortcut) and 128 channels, then global average
 *       pooling, dropout and dense K. 28x28 becomes 28, 14, 7; 8x8 becomes 8, 4, 2.</li>
 * </ul>
 */
public final class Models {
    /** The preset names, in the order of the help text. */
    public static final List<String> PRESETS = List.of("perceptron", "mlp", "cnn", "resnet");

    private Models() {}

    /** Whether name is one of {@link #PRESETS}. */
    public static boolean isPreset(String name) {
        return PRESETS.contains(name);
    }

    /** The dropout a preset uses when none is given: mlp 0.1, cnn 0.5 (DESIGN.md), resnet 0 (batch norm), perceptron 0. */
    public static double defaultDropout(String preset) {
        return switch (preset) {
            case "mlp" -> 0.1;
            case "cnn" -> 0.5;
            default -> 0.0;
        };
    }

    /** Builds a preset by name; dropout &lt; 0 means the preset's default. */
    public static Module preset(String name, int[] inputShape, int classes, double dropout, Rng rng) {
        double p = dropout < 0 ? defaultDropout(name) : dropout;
        return switch (name) {
            case "perceptron" -> perceptron(inputShape, classes, rng);
            case "mlp" -> mlp(inputShape, classes, p, rng);
            case "cnn" -> cnn(inputShape, classes, p, rng);
            case "resnet" -> resnet(inputShape, classes, p, rng);
            default -> throw new IllegalArgumentException("unknown model preset '" + name + "' (known: "
                    + String.join(", ", PRESETS) + "; or give a JSON model spec file)");
        };
    }

    /** Flatten, Linear(CHW -> K): a linear classifier, logits = W x + b. */
    public static Module perceptron(int[] inputShape, int classes, Rng rng) {
        return new Sequential(new Flatten(), new Linear(numel(inputShape), checkClasses(classes), rng));
    }

    /** Flatten, Linear(CHW -> 256), ReLU, Dropout, Linear(256 -> 128), ReLU, Dropout, Linear(128 -> K). */
    public static Module mlp(int[] inputShape, int classes, double dropout, Rng rng) {
        return new Sequential(new Flatten(), new Linear(numel(inputShape), 256, rng), new ReLU(),
                new Dropout(dropout, rng.split()), new Linear(256, 128, rng), new ReLU(), new Dropout(dropout, rng.split()),
                new Linear(128, checkClasses(classes), rng));
    }

    /** The LeNet-style CNN (see the class comment). */
    public static Module cnn(int[] inputShape, int classes, double dropout, Rng rng) {
        int[] chw = image("cnn", inputShape, 4);
        int flat = 64 * (chw[1] / 4) * (chw[2] / 4);
        return new Sequential(
                new Conv2d(chw[0], 32, 5, rng).padding(2), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 5, rng).padding(2), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(flat, 128, rng), new ReLU(), new Dropout(dropout, rng.split()),
                new Linear(128, checkClasses(classes), rng));
    }

    /** The small ResNet (see the class comment). */
    public static Module resnet(int[] inputShape, int classes, double dropout, Rng rng) {
        int[] chw = image("resnet", inputShape, 4);
        // Only the stem runs at full resolution: a block of 32 channels at 28x28 cost 40% of the FLOPs for 6% of the
        // weights, while the same FLOPs at 14x14 and 7x7 buy twice the weights and one more block.
        Sequential net = new Sequential(new Conv2d(chw[0], 32, 3, false, rng).padding(1), new BatchNorm2d(32), new ReLU(),
                new Conv2d(32, 64, 3, false, rng).stride(2).padding(1), new BatchNorm2d(64), new ReLU());
        net.add(basicBlock(64, 64, 1, rng)).add(new ReLU());
        net.add(basicBlock(64, 128, 2, rng)).add(new ReLU());
        net.add(basicBlock(128, 128, 1, rng)).add(new ReLU());
        net.add(new GlobalAvgPool2d());
        if (dropout > 0) net.add(new Dropout(dropout, rng.split()));
        return net.add(new Linear(128, checkClasses(classes), rng));
    }

    /**
     * ResNet's basic block without its final activation: F(x) = BN(conv3x3(ReLU(BN(conv3x3_stride(x))))), added to x,
     * or to a 1x1 convolution of x (stride s) when the channels or the resolution change.
     */
    public static Residual basicBlock(int in, int out, int stride, Rng rng) {
        Sequential f = new Sequential(new Conv2d(in, out, 3, false, rng).stride(stride).padding(1), new BatchNorm2d(out),
                new ReLU(), new Conv2d(out, out, 3, false, rng).padding(1), new BatchNorm2d(out));
        if (in == out && stride == 1) return new Residual(f);
        return new Residual(f, new Conv2d(in, out, 1, false, rng).stride(stride));
    }

    static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            if (d < 1) throw new IllegalArgumentException("Models: invalid input shape " + java.util.Arrays.toString(shape));
            n *= d;
        }
        return n;
    }

    private static int checkClasses(int k) {
        if (k < 2) throw new IllegalArgumentException("Models: need at least 2 classes, got " + k);
        return k;
    }

    private static int[] image(String model, int[] shape, int min) {
        if (shape.length != 3)
            throw new IllegalArgumentException(model + " needs image input [C, H, W], got "
                    + java.util.Arrays.toString(shape) + "; use mlp or perceptron for flat input");
        if (shape[1] < min || shape[2] < min)
            throw new IllegalArgumentException(model + " needs images of at least " + min + "x" + min + ", got "
                    + shape[1] + "x" + shape[2]);
        return shape;
    }
}
