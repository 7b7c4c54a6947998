package org.neurite.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.neurite.nn.Init;
import org.neurite.nn.Module;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;
import org.neurite.train.models.ModelSpec;
import org.neurite.train.models.Models;

/**
 * Builds the model named by {@code --model}: a preset ({@link Models}) or a JSON spec file ({@link ModelSpec}),
 * seeded, and checked against the data before any training: it must accept one example of the dataset's shape and
 * return one score per class.
 */
final class ModelChoice {
    private ModelChoice() {}

    /** True when model names a spec file rather than a preset. */
    static boolean isSpec(String model) {
        return !Models.isPreset(model);
    }

    /** The spec file of a non-preset model, relative paths resolved against base (the run directory) when given. */
    static Path specPath(String model, Path base) {
        Path p = Path.of(model);
        return base != null && !p.isAbsolute() ? base.resolve(p) : p;
    }

    static Module build(String model, Path base, String dataset, int[] shape, int classes, double dropout, long seed) {
        Init.manualSeed(seed); // any layer built without an explicit Rng is seeded too
        Rng rng = new Rng(seed);
        Module m;
        if (Models.isPreset(model)) {
            try {
                m = Models.preset(model, shape, classes, dropout, rng);
            } catch (IllegalArgumentException e) {
                throw new UserError("model '" + model + "' does not fit dataset '" + dataset + "' (examples "
                        + Arrays.toString(shape) + "): " + e.getMessage());
            }
        } else {
            Path file = specPath(model, base);
            if (!Files.isRegularFile(file))
                throw new UserError("--model " + model + ": neither a preset (" + String.join(", ", Models.PRESETS)
                        + ") nor an existing JSON model spec file" + (base != null ? " (looked in " + file + ")" : ""));
            try {
                m = ModelSpec.read(file).build(shape, classes, dropout, rng);
            } catch (IOException e) {
                throw new UserError(e.getMessage() + "; fix the spec (see README.md, 'Model spec files')", e);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage() + " (dataset '" + dataset + "', examples " + Arrays.toString(shape)
                        + "); fix the spec (see README.md, 'Model spec files')", e);
            }
        }
        checkFits(m, model, dataset, shape, classes);
        return m;
    }

    /** Runs one zero example through the model: it must work and give [1, classes]. */
    static void checkFits(Module m, String model, String dataset, int[] shape, int classes) {
        int[] batch = new int[shape.length + 1];
        batch[0] = 1;
        System.arraycopy(shape, 0, batch, 1, shape.length);
        int[] out;
        boolean mode = m.isTraining();
        m.eval();
        try (var s = Autograd.noGradScope()) {
            out = m.forward(Tensor.zeros(batch)).shape();
        } catch (IllegalArgumentException e) {
            throw new UserError("model '" + model + "' does not fit dataset '" + dataset + "' (examples "
                    + Arrays.toString(shape) + "): " + e.getMessage());
        } finally {
            m.train(mode);
        }
        if (out.length != 2 || out[1] != classes)
            throw new UserError("model '" + model + "' gives outputs of shape " + Arrays.toString(Arrays.copyOfRange(out,
                    1, out.length)) + " per example, but dataset '" + dataset + "' has " + classes
                    + " classes; end the model with a layer of " + classes + " outputs (\"out\": \"classes\")");
    }
}
