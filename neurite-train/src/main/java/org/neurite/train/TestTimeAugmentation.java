package org.neurite.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.neurite.nn.Module;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Test-time augmentation: a classifier's predictive distribution averaged over several views of each input, for
 * example the image and its mirror image. It is an {@link Ensemble} whose members share their weights and differ in
 * what they see: forward returns log p̄ with p̄ = (1/V) sum_v softmax(model(view_v(x))), so softmax of the output is
 * p̄, argmax is the averaged vote, and {@link Trainer#evaluate} reports its loss and accuracy unchanged.
 *
 * <p>A view should be one the model was trained to handle: a horizontal flip helps a model trained with
 * {@code RandomHorizontalFlip} on mirror-symmetric classes (clothes), and hurts on digits. The wrapped model is child
 * "model", so its state dict entries are prefixed {@code model.}; load weights into the model before wrapping it.
 */
public final class TestTimeAugmentation extends Module {
    private final Module model;
    private final List<UnaryOperator<Tensor>> views;
    private final String description;

    /** The model averaged over the given views of each input; include {@code x -> x} to keep the input itself. */
    public TestTimeAugmentation(Module model, List<UnaryOperator<Tensor>> views, String description) {
        if (model == null) throw new IllegalArgumentException("TestTimeAugmentation: model is null");
        if (views == null || views.isEmpty()) throw new IllegalArgumentException("TestTimeAugmentation: needs at least one view");
        this.model = registerModule("model", model);
        this.views = List.copyOf(views);
        this.description = description;
    }

    /** The input and its mirror image (the last dimension reversed): 2 forward passes per prediction. */
    public static TestTimeAugmentation horizontalFlip(Module model) {
        return new TestTimeAugmentation(model, List.of(x -> x, TestTimeAugmentation::flipHorizontal), "horizontal flip");
    }

    /** x [..., W] with its last dimension reversed (images [N, C, H, W] mirrored left to right); differentiable. */
    public static Tensor flipHorizontal(Tensor x) {
        if (x.dim() < 2)
            throw new IllegalArgumentException("flipHorizontal: expected a batch of images [N, C, H, W], got " + Shape.str(x.shape()));
        int w = x.size(x.dim() - 1);
        int[] reversed = new int[w];
        for (int i = 0; i < w; i++) reversed[i] = w - 1 - i;
        return x.indexSelect(x.dim() - 1, reversed);
    }

    public Module model() {
        return model;
    }

    /** x [N, ...] -> log p̄ [N, C], the log of the model's class probabilities averaged over the views. */
    @Override
    public Tensor forward(Tensor x) {
        List<Tensor> logits = new ArrayList<>(views.size());
        for (int v = 0; v < views.size(); v++) {
            Tensor z = model.forward(views.get(v).apply(x));
            if (z.dim() != 2)
                throw new IllegalArgumentException("TestTimeAugmentation: expected the model's logits [N, C], got "
                        + Shape.str(z.shape()) + " for view " + v + " of input " + Shape.str(x.shape()));
            if (v > 0 && !Arrays.equals(z.shape(), logits.get(0).shape()))
                throw new IllegalArgumentException("TestTimeAugmentation: view " + v + " gave logits " + Shape.str(z.shape())
                        + " but view 0 gave " + Shape.str(logits.get(0).shape()));
            logits.add(z);
        }
        double[] w = new double[views.size()];
        Arrays.fill(w, 1.0 / views.size());
        return Ensemble.logMixture(logits, w);
    }

    @Override
    public String toString() {
        return "TestTimeAugmentation(" + model + ", " + views.size() + " views: " + description + ")";
    }
}
