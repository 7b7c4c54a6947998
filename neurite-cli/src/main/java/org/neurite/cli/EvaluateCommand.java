package org.neurite.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurite.data.Dataset;
import org.neurite.nn.Module;
import org.neurite.nn.loss.Losses;
import org.neurite.train.ConfusionMatrix;
import org.neurite.train.Evaluation;
import org.neurite.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code neurite evaluate}: loss, accuracy, top-5, per-class precision/recall/F1 and the confusion matrix. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate trained weights on a dataset: loss, accuracy, top-5, per-class precision/recall/F1.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainedModel trained;

    @Option(names = "--split", defaultValue = "test", paramLabel = "NAME",
            description = "test, validation or train (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--tta", defaultValue = "none", paramLabel = "VIEWS",
            description = "Test-time augmentation: none, or flip (average the predicted probabilities of each image and "
                    + "its mirror image; for models trained with flips on mirror-symmetric classes). Default: ${DEFAULT-VALUE}.")
    String tta;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        TrainedModel.Resolved r = trained.load();
        Dataset data = Splits.pick(r, split);
        Module model = Augmentations.testTime(tta, r.model());
        Evaluation ev = Trainer.of(model).loss(Losses::crossEntropy).evaluate(data);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s on %s (%s split%s): %s%n", trained.modelFile, r.dataset(), split,
                model == r.model() ? "" : ", " + tta + " test-time augmentation", ev);
        ConfusionMatrix cm = ev.confusion();
        List<String> names = DataChoice.classNames(r.dataset());
        out.printf("%-14s %9s %9s %9s %8s%n", "class", "precision", "recall", "F1", "support");
        for (int c = 0; c < cm.classes(); c++) {
            long support = 0;
            for (int j = 0; j < cm.classes(); j++) support += cm.count(c, j);
            out.printf("%-14s %9.3f %9.3f %9.3f %8d%n", names.get(c), cm.precision(c), cm.recall(c), cm.f1(c), support);
        }
        out.println("confusion matrix (rows: true class, columns: predicted):");
        out.print(cm);
        return 0;
    }
}
