package org.neurite.nn;

import java.util.Arrays;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * A residual connection (the course's Proposition 2.9, ResNet): out = F(x) + x, or out = F(x) + P(x) with a
 * projection P (typically a 1x1 Conv2d with the block's stride) when F changes the shape. The activation that
 * ResNet applies after the addition is a separate layer, as the course puts it ("before being passed to the
 * activation function"). State dict: F's entries under {@code fn.}, P's under {@code projection.}.
 */
public class Residual extends Module {
    private final Module fn, projection;

    public Residual(Module fn) {
        this(fn, null);
    }

    public Residual(Module fn, Module projection) {
        this.fn = registerModule("fn", fn);
        this.projection = projection == null ? null : registerModule("projection", projection);
    }

    /**
     * A residual around fn whose shortcut is a bias-free 1x1 convolution from inChannels to outChannels with the
     * given stride, as in ResNet's basic block when the channels or the resolution change.
     */
    public static Residual withProjection(Module fn, int inChannels, int outChannels, int stride) {
        return new Residual(fn, new Conv2d(inChannels, outChannels, 1, false, Init.splitDefault()).stride(stride));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor fx = fn.forward(x);
        Tensor shortcut = projection == null ? x : projection.forward(x);
        if (!Arrays.equals(fx.shape(), shortcut.shape()))
            throw new IllegalArgumentException(this + ": F(x) has shape " + Shape.str(fx.shape()) + " but the shortcut "
                    + Shape.str(shortcut.shape()) + (projection == null ? "; add a projection (Residual.withProjection)" : ""));
        return fx.add(shortcut);
    }

    @Override
    public String toString() {
        return "Residual(" + fn + (projection != null ? ", projection " + projection : "") + ")";
    }
}
