package org.neurite.cli;

import java.util.concurrent.Callable;
import org.neurite.nn.Module;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code neurite summary}: the layer table (output shapes, parameter counts) of a model for a dataset's examples. */
@Command(name = "summary", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print a model's layers, output shapes and parameter counts for a dataset's input shape.")
final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "cnn", paramLabel = "PRESET|FILE",
            description = "perceptron, mlp, cnn, resnet, or a JSON model spec file (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--dataset", defaultValue = "digits", paramLabel = "NAME",
            description = "digits, fashion-mnist or mnist: sets the input shape and classes (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--dropout", paramLabel = "P", description = "Dropout probability (default: the preset's).")
    Double dropout;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() {
        int[] shape = DataChoice.shape(dataset);
        Module m = ModelChoice.build(model, null, dataset, shape, DataChoice.classes(dataset),
                dropout != null ? dropout : -1, 42);
        spec.commandLine().getOut().printf("%s for %s:%n%s", model, dataset, m.summary(shape));
        return 0;
    }
}
