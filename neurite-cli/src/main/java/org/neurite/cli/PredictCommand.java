package org.neurite.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurite.data.Dataset;
import org.neurite.data.io.ImageFolderReader;
import org.neurite.tensor.Tensor;
import org.neurite.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code neurite predict}: the most probable classes (softmax of the logits) for image files, resized and turned grey
 * to the dataset's example shape, or for the first examples of a dataset split.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predict the class of image files (PNG, JPEG, GIF, BMP; resized and turned grey to the "
                + "dataset's shape) or of dataset examples (--examples).", "Prints the class and its probability."})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainedModel trained;

    @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "Image files to classify.")
    List<Path> images = List.of();

    @Option(names = "--examples", paramLabel = "N", description = "Classify the first N examples of --split instead of images.")
    Integer examples;

    @Option(names = "--split", defaultValue = "test", paramLabel = "NAME",
            description = "test, validation or train, for --examples (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--top", defaultValue = "1", description = "How many classes to show per input (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--invert", defaultValue = "auto", paramLabel = "auto|yes|no", description = "Invert grey values: "
            + "the datasets draw light shapes on black; auto inverts images whose mean is above 0.5 (default: ${DEFAULT-VALUE}).")
    String invert;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        if (images.isEmpty() == (examples == null))
            throw new UserError("give image files to classify, or --examples N for dataset examples (not both)");
        if (top < 1) throw new UserError("--top must be at least 1, got " + top);
        if (!List.of("auto", "yes", "no").contains(invert))
            throw new UserError("--invert must be auto, yes or no, got '" + invert + "'");
        TrainedModel.Resolved r = trained.load();
        Trainer t = Trainer.of(r.model());
        List<String> names = DataChoice.classNames(r.dataset());
        PrintWriter out = spec.commandLine().getOut();
        if (examples != null) {
            if (examples < 1) throw new UserError("--examples must be at least 1, got " + examples);
            Dataset d = Splits.pick(r, split);
            int n = Math.min(examples, d.size()), right = 0;
            Dataset first = d.subset(java.util.stream.IntStream.range(0, n).toArray());
            Tensor p = t.predict(first).softmax(1);
            for (int i = 0; i < n; i++) {
                int truth = (int) first.target(i);
                int[] best = topK(p, i, top);
                if (best[0] == truth) right++;
                out.printf("%s #%d: true %s, predicted %s%n", split, i, names.get(truth), describe(p, i, best, names));
            }
            out.printf("%d of %d right (%.1f%%)%n", right, n, 100.0 * right / n);
            return 0;
        }
        int[] shape = DataChoice.shape(r.dataset());
        int numel = shape[0] * shape[1] * shape[2];
        float[] x = new float[images.size() * numel];
        for (int i = 0; i < images.size(); i++) {
            float[] img;
            try {
                img = ImageFolderReader.readImage(images.get(i), shape[1], shape[2], shape[0] == 3);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new UserError(images.get(i) + ": no such image file");
            }
            double mean = 0;
            for (float v : img) mean += v;
            mean /= img.length;
            boolean flip = invert.equals("yes") || (invert.equals("auto") && mean > 0.5);
            for (int j = 0; j < numel; j++) x[i * numel + j] = flip ? 1f - img[j] : img[j];
        }
        Tensor p = t.predict(Tensor.wrap(x, images.size(), shape[0], shape[1], shape[2])).softmax(1);
        for (int i = 0; i < images.size(); i++)
            out.printf("%s: %s%n", images.get(i), describe(p, i, topK(p, i, top), names));
        return 0;
    }

    private static int[] topK(Tensor p, int row, int k) {
        int c = p.size(1);
        k = Math.min(k, c);
        float[] v = p.slice(0, row, row + 1).toFloatArray();
        Integer[] idx = new Integer[c];
        for (int i = 0; i < c; i++) idx[i] = i;
        java.util.Arrays.sort(idx, (a, b) -> Float.compare(v[b], v[a]));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) out[i] = idx[i];
        return out;
    }

    private static String describe(Tensor p, int row, int[] classes, List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < classes.length; i++) {
            if (i > 0) sb.append(i == 1 ? "; then " : ", ");
            sb.append(names.get(classes[i])).append(String.format(" (p = %.3f)", p.get(row, classes[i])));
        }
        return sb.toString();
    }
}
