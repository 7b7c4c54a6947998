package org.neurite.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The im2col + GEMM convolution and its gradients against the direct-loop reference, on odd sizes. */
class Conv2dKernelTest {
    private final Random random = new Random(3);

    private float[] rand(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) random.nextGaussian();
        return a;
    }

    private static void close(float[] expected, float[] actual, String what) {
        close(expected, actual, 0, what);
    }

    /** Within 1e-4 relative, plus scale times the largest |expected| (Winograd's error scales with the operands). */
    private static void close(float[] expected, float[] actual, double scale, String what) {
        double max = 0;
        for (float e : expected) max = Math.max(max, Math.abs(e));
        for (int i = 0; i < expected.length; i++)
            assertEquals(expected[i], actual[i], 1e-4 * (1 + Math.abs(expected[i])) + scale * max, what + " at " + i);
    }

    private void compare(int n, int c, int oc, Window2d g) {
        compare(n, c, oc, g, 0);
    }

    private void compare(int n, int c, int oc, Window2d g, double scale) {
        float[] x = rand(n * c * g.inPlane()), w = rand(oc * c * g.kh() * g.kw()), b = rand(oc);
        float[] gy = rand(n * oc * g.outPlane());
        float[] ref = new float[n * oc * g.outPlane()], out = new float[ref.length];
        ConvReference.forward(n, c, oc, g, x, w, b, ref);
        java.util.Arrays.fill(out, Float.NaN); // forward must overwrite
        Conv2dKernel.forward(n, c, oc, g, x, w, b, out);
        close(ref, out, scale, "forward " + g);
        float[] refIn = new float[x.length], refW = new float[w.length], gin = new float[x.length], gw = new float[w.length];
        ConvReference.backward(n, c, oc, g, x, w, gy, refIn, refW);
        java.util.Arrays.fill(gin, Float.NaN);
        java.util.Arrays.fill(gw, Float.NaN);
        Conv2dKernel.backwardInput(n, c, oc, g, gy, w, gin);
        Conv2dKernel.backwardWeight(n, c, oc, g, x, gy, gw);
        close(refIn, gin, scale, "grad input " + g);
        close(refW, gw, scale, "grad weight " + g);
    }

    @Test void stride2Padding1() { compare(3, 3, 5, Window2d.of(7, 9, 3, 3, 2, 2, 1, 1)); }
    @Test void kernel5Padding2() { compare(2, 2, 4, Window2d.of(11, 5, 5, 5, 1, 1, 2, 2)); }
    @Test void noPaddingRectangularKernel() { compare(5, 1, 3, Window2d.of(6, 7, 2, 3, 1, 2, 0, 0)); }
    @Test void pointwise() { compare(4, 3, 2, Window2d.of(5, 3, 1, 1, 1, 1, 0, 0)); }
    @Test void asymmetricSamePadding() { compare(2, 2, 3, Window2d.withPadding(6, 5, 4, 4, 1, 1, 1, 2, 1, 2)); }
    @Test void paddingLargerThanKernel() { compare(1, 2, 2, Window2d.of(3, 3, 2, 2, 1, 1, 3, 3)); }
    @Test void wideRowsUseFullVectorsAndAMaskedTail() { compare(2, 2, 3, Window2d.of(6, 37, 3, 5, 1, 1, 1, 2)); }
    @Test void theBenchmarkCnnFirstLayer() { compare(2, 1, 4, Window2d.of(28, 28, 5, 5, 1, 1, 2, 2)); }
    @Test void deepKernelSpansSeveralPackedBlocks() { compare(2, 40, 7, Window2d.of(14, 14, 5, 5, 1, 1, 2, 2)); } // K = 1000 > KC
    @Test void residualDownsampleShapes() {
        compare(3, 8, 16, Window2d.of(14, 14, 3, 3, 2, 2, 1, 1));
        compare(3, 8, 16, Window2d.of(14, 14, 1, 1, 2, 2, 0, 0));
    }
    @Test void smallPlanesMultipliedSeveralImagesAtATime() {
        compare(9, 3, 5, Window2d.of(14, 14, 5, 5, 1, 1, 2, 2)); // groups of 5: 5 + 4 images
        compare(11, 4, 6, Window2d.of(7, 7, 3, 3, 1, 1, 1, 1));
        org.junit.jupiter.api.Assertions.assertTrue(Conv2dKernel.imagesPerProduct(64, 196) > 1);
        assertEquals(1, Conv2dKernel.imagesPerProduct(64, 1024), "1,024 columns are whole panels already");
    }
    @Test void weightGradientOverTheWideCol() {
        Window2d g = Window2d.of(28, 28, 3, 3, 1, 1, 1, 1);
        org.junit.jupiter.api.Assertions.assertTrue(Conv2dKernel.wideWeightGradientPays(g), "3x3 on 28x28: 7% wider");
        assertEquals(27 * 30 + 28, ConvPanels.wideColumns(g));
        compare(3, 3, 7, g);
        compare(2, 8, 5, g); // K = 72: whole panels, transposed in 16 x 16 blocks, and a partial one
        Window2d odd = Window2d.withPadding(20, 23, 2, 3, 1, 1, 0, 1, 1, 1); // asymmetric padding, rectangular kernel
        org.junit.jupiter.api.Assertions.assertTrue(Conv2dKernel.wideWeightGradientPays(odd));
        compare(2, 2, 5, odd);
        org.junit.jupiter.api.Assertions.assertFalse(Conv2dKernel.wideWeightGradientPays(Window2d.of(7, 7, 3, 3, 1, 1, 1, 1)),
                "3x3 on 7x7 is 24% wider");
        org.junit.jupiter.api.Assertions.assertFalse(Conv2dKernel.wideWeightGradientPays(Window2d.of(28, 28, 3, 3, 2, 2, 1, 1)));
    }
    /**
     * 5x5 "same" convolutions with channels in multiples of 16 run by Winograd's F(2x2, 5x5), forward and (through the
     * full convolution with the flipped kernels) input gradient, and the weight gradient by F(5x5, 2x2): against the
     * reference, with a last chunk of tiles that is partial (27 tiles; 245 = 7 x 32 + 21), rectangular planes, and
     * more filters than one register tile.
     */
    @Test void winogradFiveByFive() {
        Window2d small = Window2d.of(6, 6, 5, 5, 1, 1, 2, 2), plane = Window2d.of(14, 14, 5, 5, 1, 1, 2, 2);
        org.junit.jupiter.api.Assertions.assertEquals(Winograd5x5.ENABLED, Winograd5x5.applies(16, 8, small));
        // F(2x2, 5x5) rounds at about 1e-6 of the outputs' scale (the transforms have coefficients up to 5)
        compare(3, 16, 8, small, 1e-5);
        compare(3, 16, 8, small, 1e-5); // new data in the same layouts: the kept channels-last arrays are rewritten
        compare(5, 32, 16, plane, 1e-5);
        compare(2, 16, 48, Window2d.of(8, 10, 5, 5, 1, 1, 2, 2), 1e-5);
        compare(1, 16, 8, Window2d.of(2, 2, 5, 5, 1, 1, 2, 2), 1e-5); // one tile: the window is mostly padding
        compare(2, 16, 8, Window2d.of(4, 36, 5, 5, 1, 1, 2, 2), 1e-5); // rows of 18 tiles: stored 8, 8 and 2
        for (Window2d other : new Window2d[]{Window2d.of(7, 7, 5, 5, 1, 1, 2, 2), Window2d.of(14, 14, 3, 3, 1, 1, 1, 1),
                Window2d.of(14, 14, 5, 5, 2, 2, 2, 2), Window2d.of(14, 14, 5, 5, 1, 1, 0, 0)})
            org.junit.jupiter.api.Assertions.assertFalse(Winograd5x5.applies(16, 16, other), other.toString());
        org.junit.jupiter.api.Assertions.assertFalse(Winograd5x5.applies(8, 16, plane), "8 channels: not a multiple of 16");
        org.junit.jupiter.api.Assertions.assertFalse(Winograd5x5.applies(16, 12, plane), "12 filters: not a multiple of 8");
        // the weight gradient (F(5x5, 2x2)) over chunks of 128 tiles: 588 tiles in 5 chunks, the last one partial
        org.junit.jupiter.api.Assertions.assertEquals(Winograd5x5.ENABLED, Winograd5x5.appliesToWeightGradient(32, 64, plane));
        compare(12, 32, 64, plane, 1e-5);
        org.junit.jupiter.api.Assertions.assertFalse(Winograd5x5.appliesToWeightGradient(16, 12, plane), "12 filters");
    }

    @Test void batchLargerThanThreads() { compare(9, 2, 3, Window2d.of(5, 5, 3, 3, 1, 1, 1, 1)); }

    @Test
    void col2imIsTheAdjointOfIm2col() {
        Window2d g = Window2d.of(7, 6, 3, 2, 2, 1, 1, 1);
        int c = 3, rows = c * g.kh() * g.kw();
        float[] x = rand(c * g.inPlane()), y = rand(rows * g.outPlane());
        float[] col = new float[y.length], back = new float[x.length];
        Im2col.im2col(x, 0, c, g, col, 0);
        Im2col.col2im(y, 0, c, g, back, 0);
        double lhs = 0, rhs = 0;
        for (int i = 0; i < col.length; i++) lhs += (double) col[i] * y[i];
        for (int i = 0; i < x.length; i++) rhs += (double) x[i] * back[i];
        assertEquals(lhs, rhs, 1e-3 * (1 + Math.abs(lhs)));
    }

    @Test
    void outputSizeFollowsPyTorchFormula() {
        Window2d g = Window2d.of(28, 28, 5, 5, 1, 1, 2, 2);
        assertEquals(28, g.oh());
        assertEquals(28, g.ow());
        Window2d s = Window2d.of(7, 8, 3, 3, 2, 2, 1, 1);
        assertEquals(4, s.oh()); // floor((7 + 2 - 3) / 2) + 1
        assertEquals(4, s.ow()); // floor((8 + 2 - 3) / 2) + 1
    }

    @Test
    void arraysTooSmallAreRejectedNotIndexedOutOfBounds() {
        Window2d g = Window2d.of(5, 5, 3, 3, 1, 1, 0, 0);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Conv2dKernel.forward(2, 3, 4, g, new float[10], new float[4 * 27], null, new float[2 * 4 * 9]));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("conv2d"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Window2d.of(2, 2, 5, 5, 1, 1, 0, 0));
    }
}
