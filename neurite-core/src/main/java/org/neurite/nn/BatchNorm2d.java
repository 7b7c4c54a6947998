package org.neurite.nn;

/**
 * Batch normalisation of images [N, C, H, W], per channel over N, H and W (the course's Definition 4.1, with its
 * x_{i,c,x,y} indexing); output of the same shape. See {@link BatchNorm} for the modes and defaults.
 */
public class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(int channels) {
        this(channels, 1e-5, 0.1);
    }

    public BatchNorm2d(int channels, double eps, double momentum) {
        super(channels, eps, momentum);
    }

    @Override
    protected boolean acceptsRank(int rank) {
        return rank == 4;
    }

    @Override
    protected String expectedShape() {
        return "[N, C, H, W]";
    }
}
