package org.neurite.tensor;

import java.util.Arrays;
import java.util.List;
import org.neurite.kernel.Elementwise;

/**
 * An n-dimensional array of float32 values in row-major order, and a node of the computational graph.
 *
 * <p>Storage is one contiguous {@code float[]} plus a shape; ops never modify their inputs, so reshape shares
 * storage and everything else returns a new tensor. Binary ops broadcast as NumPy and PyTorch do. When grad mode is
 * on and an input {@link #requiresGrad()}, the op records how to propagate gradients back ({@link Node}), and
 * {@link #backward()} fills {@link #grad()} of the leaves.
 *
 * <pre>{@code
 * Tensor f = Tensor.scalar(4f).requiresGrad(true), g = Tensor.scalar(2f).requiresGrad(true);
 * Tensor e = f.mul(g), d = f.add(3f), b = d.add(e), c = e.add(2f), a = b.mul(c);
 * a.backward();   // a.item() == 150, f.grad().item() == 60, g.grad().item() == 100
 * }</pre>
 *
 * <p>Treat {@code grad()} as read-only and use {@link #setGrad(Tensor)} to replace it (gradient clipping does).
 * After {@link #zeroGrad()} a backward pass makes a new gradient tensor; after {@link #zeroGrad(boolean)
 * zeroGrad(false)} the leaf keeps its gradient's storage and backward passes add into it in place, as PyTorch does
 * with {@code zero_grad(set_to_none=False)}: a gradient tensor you held on to changes with it.
 */
public final class Tensor {
    final float[] data;
    final int[] shape;
    private boolean requiresGrad;
    private Tensor grad;
    /** grad's storage belongs to this tensor alone (made by zeroGrad(false)), so backward passes may add into it. */
    private boolean gradOwned;
    /** gradOwned, and the values are zero although the storage still holds the last ones (written lazily). */
    private boolean gradZero;
    private Node node;
    private String name;

    /** Wraps data without copying; callers inside the package guarantee data.length == numel(shape). */
    Tensor(float[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    // ---------------------------------------------------------------- creation

    /** A tensor holding a copy of data, with the given shape (the element counts must agree). */
    public static Tensor of(float[] data, int... shape) {
        checkCount("Tensor.of", data.length, shape);
        return new Tensor(data.clone(), shape.clone());
    }

    /** Like {@link #of} but without copying: the tensor uses data as its storage (data loaders use this). */
    public static Tensor wrap(float[] data, int... shape) {
        checkCount("Tensor.wrap", data.length, shape);
        return new Tensor(data, shape.clone());
    }

    private static void checkCount(String op, int length, int[] shape) {
        int n = Shape.numel(shape);
        if (n != length)
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + Shape.str(shape)
                    + " (" + n + " elements)");
    }

    /** A 0-dimensional tensor holding one value. */
    public static Tensor scalar(float value) {
        return new Tensor(new float[]{value}, new int[0]);
    }

    public static Tensor zeros(int... shape) {
        return new Tensor(new float[Shape.numel(shape)], shape.clone());
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    public static Tensor full(float value, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        Arrays.fill(d, value);
        return new Tensor(d, shape.clone());
    }

    /** Tensors of zeros and ones with another tensor's shape. */
    public static Tensor zerosLike(Tensor t) {
        return zeros(t.shape);
    }

    public static Tensor onesLike(Tensor t) {
        return ones(t.shape);
    }

    /** 1-D tensor start, start + step, ... below end. */
    public static Tensor arange(float start, float end, float step) {
        if (step == 0 || (end - start) / step < 0 || Float.isNaN(start + end + step))
            throw new IllegalArgumentException("arange: cannot go from " + start + " to " + end + " in steps of " + step);
        int n = (int) Math.ceil((end - start) / step);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = start + i * step;
        return new Tensor(d, new int[]{n});
    }

    /** 0, 1, ..., n-1. */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** Uniform samples in [0, 1). */
    public static Tensor rand(Rng rng, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = rng.nextFloat();
        return new Tensor(d, shape.clone());
    }

    /** Standard normal samples. */
    public static Tensor randn(Rng rng, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextGaussian();
        return new Tensor(d, shape.clone());
    }

    // ---------------------------------------------------------------- shape and values

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of one dimension (negative counts from the end). */
    public int size(int dim) {
        return shape[Shape.dim("size", dim, shape.length)];
    }

    public int dim() {
        return shape.length;
    }

    public int numel() {
        return data.length;
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (data.length != 1)
            throw new IllegalStateException("item: tensor of shape " + Shape.str(shape) + " has " + data.length
                    + " elements, not one");
        return data[0];
    }

    /** The value at a multi-dimensional index. */
    public float get(int... index) {
        return data[offset("get", index)];
    }

    int offset(String op, int[] index) {
        if (index.length != shape.length)
            throw new IllegalArgumentException(op + ": index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates for a tensor of shape " + Shape.str(shape));
        int off = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i])
                throw new IndexOutOfBoundsException(op + ": index " + Arrays.toString(index) + " out of bounds for shape "
                        + Shape.str(shape));
            off = off * shape[i] + index[i];
        }
        return off;
    }

    /** A copy of the values, row-major. */
    public float[] toFloatArray() {
        return data.clone();
    }

    /**
     * The storage itself, row-major, without copying. Writing to it bypasses autograd: only optimisers and
     * initialisers do that, on leaf parameters, as PyTorch's {@code .data} does.
     */
    public float[] data() {
        return data;
    }

    // ---------------------------------------------------------------- autograd

    /** Marks a leaf as needing a gradient; returns this. */
    public Tensor requiresGrad(boolean requires) {
        if (node != null && !requires)
            throw new IllegalStateException("requiresGrad(false): tensor is the output of '" + node.op()
                    + "'; use detach() to cut it from the graph");
        if (node != null) return this;
        this.requiresGrad = requires;
        return this;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True for tensors created by the user (not by an op that records a graph). */
    public boolean isLeaf() {
        return node == null;
    }

    /** The op that produced this tensor, or null for a leaf. */
    public Node node() {
        return node;
    }

    /** The accumulated gradient, or null before any backward pass reached this leaf. */
    public Tensor grad() {
        if (gradZero) { // zeroGrad(false) left the old values in place: write the zeros now that they are read
            Arrays.fill(grad.data, 0f);
            gradZero = false;
        }
        return grad;
    }

    /** Replaces the gradient (gradient clipping and optimisers' regularisation use this). */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape))
            throw new IllegalArgumentException("setGrad: gradient shape " + Shape.str(g.shape) + " does not match tensor "
                    + Shape.str(shape));
        this.grad = g;
        gradOwned = gradZero = false;
    }

    /** Forgets the accumulated gradient (as PyTorch's zero_grad(set_to_none=True)). */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /**
     * setToNone: forgets the gradient, so grad() is null until the next backward pass. Otherwise (as PyTorch's
     * zero_grad(set_to_none=False)) an existing gradient becomes zeros in storage this tensor keeps, and the next
     * backward passes add into that storage instead of allocating a new gradient: the training loop then reuses
     * the same buffers step after step (the product that computes a weight's gradient writes it there directly).
     * A gradient that was never computed stays null.
     */
    public void zeroGrad(boolean setToNone) {
        if (setToNone || grad == null) {
            grad = null;
            gradOwned = gradZero = false;
        } else if (gradOwned) {
            gradZero = true; // the zeros are written when read (grad()) or overwritten by the next gradient
        } else { // the storage may be shared (a view, another leaf's gradient, a user's tensor): take a fresh one
            grad = new Tensor(new float[data.length], shape.clone());
            gradOwned = true;
        }
    }

    /**
     * Whether a backward pass now running may add this leaf's gradient straight into {@link #grad} storage (after
     * zeroGrad(false), in backward() without createGraph). The caller then writes with {@link #beginGradAdd()}. Never
     * for a tensor with a node: its gradient must go on to its inputs.
     */
    boolean addsGradInPlace() {
        return gradOwned && node == null && Autograd.addsIntoLeaves();
    }

    /** Before writing into the owned gradient: the beta for C = A B + beta C (0 when its values are logically zero). */
    float beginGradAdd() {
        float beta = gradZero ? 0f : 1f;
        gradZero = false;
        return beta;
    }

    void accumulateGrad(Tensor g) {
        if (grad == null) {
            grad = g.requiresGrad ? g : g.detach();
        } else if (gradOwned && !g.requiresGrad) {
            if (beginGradAdd() == 0f) System.arraycopy(g.data, 0, grad.data, 0, data.length);
            else Elementwise.axpy(data.length, 1f, g.data, 0, grad.data, 0);
        } else { // storage not ours to write, or createGraph (the sum is recorded): a new tensor
            grad = grad().add(g);
            gradOwned = false;
        }
    }

    /** A name shown in graph pictures and path explanations ("f", "w1"); returns this. */
    public Tensor name(String name) {
        this.name = name;
        return this;
    }

    public String name() {
        return name;
    }

    /** Backpropagates from a scalar: fills grad() of every leaf that requires grad. Frees the graph. */
    public void backward() {
        Autograd.backward(this, null, false, false);
    }

    /** Backpropagates from a non-scalar with dJ/d(this) = gradient. Frees the graph. */
    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient, false, false);
    }

    /** Backpropagates, keeping the graph for another pass when retainGraph is true. */
    public void backward(Tensor gradient, boolean retainGraph) {
        Autograd.backward(this, gradient, retainGraph, false);
    }

    /** The same values, cut from the graph (no gradient flows through). Shares storage. */
    public Tensor detach() {
        return new Tensor(data, shape);
    }

    /** A copy that does not share storage (and is cut from the graph). */
    public Tensor copy() {
        return new Tensor(data.clone(), shape.clone());
    }

    /** Records that this tensor was produced by op from inputs; called by the ops when recording. */
    Tensor record(String op, Node.Backward backward, Tensor... inputs) {
        this.node = new Node(op, backward, inputs);
        this.requiresGrad = true;
        return this;
    }

    // ---------------------------------------------------------------- elementwise arithmetic (broadcasting)

    public Tensor add(Tensor other) { return Arithmetic.add(this, other); }
    public Tensor add(float v) { return Arithmetic.add(this, scalar(v)); }
    public Tensor sub(Tensor other) { return Arithmetic.sub(this, other); }
    public Tensor sub(float v) { return Arithmetic.sub(this, scalar(v)); }
    public Tensor mul(Tensor other) { return Arithmetic.mul(this, other); }
    public Tensor mul(float v) { return Arithmetic.mul(this, scalar(v)); }
    public Tensor div(Tensor other) { return Arithmetic.div(this, other); }
    public Tensor div(float v) { return Arithmetic.div(this, scalar(v)); }
    /** this^exponent elementwise. */
    public Tensor pow(float exponent) { return Arithmetic.pow(this, exponent); }
    public Tensor pow(Tensor exponent) { return Arithmetic.pow(this, exponent); }
    /** Elementwise maximum and minimum of two tensors. */
    public Tensor maximum(Tensor other) { return Arithmetic.maximum(this, other); }
    public Tensor minimum(Tensor other) { return Arithmetic.minimum(this, other); }
    /** mask != 0 ? a : b, broadcasting all three. */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) { return Arithmetic.where(mask, a, b); }

    /** Comparisons give 1 where true and 0 where false; they are not differentiable. */
    public Tensor gt(Tensor o) { return Arithmetic.compare("gt", this, o); }
    public Tensor gt(float v) { return gt(scalar(v)); }
    public Tensor lt(Tensor o) { return Arithmetic.compare("lt", this, o); }
    public Tensor lt(float v) { return lt(scalar(v)); }
    public Tensor ge(Tensor o) { return Arithmetic.compare("ge", this, o); }
    public Tensor ge(float v) { return ge(scalar(v)); }
    public Tensor le(Tensor o) { return Arithmetic.compare("le", this, o); }
    public Tensor le(float v) { return le(scalar(v)); }
    public Tensor eq(Tensor o) { return Arithmetic.compare("eq", this, o); }
    public Tensor eq(float v) { return eq(scalar(v)); }

    // ---------------------------------------------------------------- elementwise functions

    public Tensor neg() { return Functions.neg(this); }
    public Tensor exp() { return Functions.exp(this); }
    public Tensor log() { return Functions.log(this); }
    public Tensor sqrt() { return Functions.sqrt(this); }
    public Tensor abs() { return Functions.abs(this); }
    public Tensor sign() { return Functions.sign(this); }
    public Tensor tanh() { return Functions.tanh(this); }
    public Tensor sigmoid() { return Functions.sigmoid(this); }
    public Tensor relu() { return Functions.relu(this); }
    public Tensor square() { return mul(this); }
    /** Values limited to [min, max]; the gradient is 1 inside and 0 outside. */
    public Tensor clamp(float min, float max) { return Functions.clamp(this, min, max); }

    // ---------------------------------------------------------------- linear algebra

    /** Matrix product: [m, k] x [k, n], batched [b, m, k] x [b, k, n], or [b, m, k] x [k, n]. */
    public Tensor matmul(Tensor other) { return MatMul.matmul(this, other); }
    /** op(this) x op(other) for 2-D tensors, transposing either without copying it ([N, in] x [out, in]^T in Linear). */
    public Tensor matmul(Tensor other, boolean transposeThis, boolean transposeOther) {
        return MatMul.mm(this, transposeThis, other, transposeOther);
    }

    /** bias + op(a) x op(b): a fused matrix product plus row bias [n] (Linear layers: addmm(b, x, w, false, true)). */
    public static Tensor addmm(Tensor bias, Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        return MatMul.addmm(bias, a, transposeA, b, transposeB);
    }

    /**
     * relu(bias + op(a) x op(b)) as one op: the ReLU is applied to the product's tiles in cache, with no pass of its
     * own (a Linear layer followed by a ReLU). bias may be null. Equal, values and gradients, to relu(addmm(...)).
     */
    public static Tensor addmmRelu(Tensor bias, Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        return MatMul.addmmRelu(bias, a, transposeA, b, transposeB);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements (a scalar). */
    public Tensor sum() { return Reductions.sum(this, null, false); }
    /** Sum over the given dimensions (all when none given). */
    public Tensor sum(int... dims) { return Reductions.sum(this, dims, false); }
    public Tensor sum(int[] dims, boolean keepDim) { return Reductions.sum(this, dims, keepDim); }
    public Tensor sum(int dim, boolean keepDim) { return Reductions.sum(this, new int[]{dim}, keepDim); }
    public Tensor mean() { return Reductions.mean(this, null, false); }
    public Tensor mean(int... dims) { return Reductions.mean(this, dims, false); }
    public Tensor mean(int[] dims, boolean keepDim) { return Reductions.mean(this, dims, keepDim); }
    public Tensor mean(int dim, boolean keepDim) { return Reductions.mean(this, new int[]{dim}, keepDim); }
    /** Largest element (a scalar); its gradient goes to the first maximal element. */
    public Tensor max() { return Reductions.extreme(this, null, false, true); }
    public Tensor max(int dim) { return Reductions.extreme(this, dim, false, true); }
    public Tensor max(int dim, boolean keepDim) { return Reductions.extreme(this, dim, keepDim, true); }
    public Tensor min() { return Reductions.extreme(this, null, false, false); }
    public Tensor min(int dim) { return Reductions.extreme(this, dim, false, false); }
    public Tensor min(int dim, boolean keepDim) { return Reductions.extreme(this, dim, keepDim, false); }
    /** Index of the first maximum along dim, as float values (exact below 2^24). */
    public Tensor argmax(int dim) { return Reductions.argExtreme(this, dim, false, true); }
    public Tensor argmax(int dim, boolean keepDim) { return Reductions.argExtreme(this, dim, keepDim, true); }
    public Tensor argmin(int dim) { return Reductions.argExtreme(this, dim, false, false); }
    /** Index of the first maximum over all elements (flattened). */
    public int argmax() { return Reductions.argmaxAll(this); }
    /** Variance with Bessel's correction (unbiased), over all elements or the given dimensions. */
    public Tensor var() { return Reductions.var(this, null, true, false); }
    public Tensor var(int[] dims, boolean unbiased, boolean keepDim) { return Reductions.var(this, dims, unbiased, keepDim); }
    public Tensor var(int dim, boolean unbiased, boolean keepDim) { return Reductions.var(this, new int[]{dim}, unbiased, keepDim); }

    /** exp(x_i) / sum_j exp(x_j) along dim, computed stably (the max is subtracted first). */
    public Tensor softmax(int dim) { return Softmax.softmax(this, dim); }
    /** log(softmax(x)) along dim, computed stably as x - max - log(sum(exp(x - max))). */
    public Tensor logSoftmax(int dim) { return Softmax.logSoftmax(this, dim); }

    // ---------------------------------------------------------------- shape ops

    /** The same values in another shape with the same element count; one dimension may be -1 (inferred). */
    public Tensor reshape(int... newShape) { return Shapes.reshape(this, newShape); }
    public Tensor view(int... newShape) { return reshape(newShape); }
    /** Swaps two dimensions (a copy in row-major order: Neurite tensors are always contiguous). */
    public Tensor transpose(int dim0, int dim1) { return Shapes.transpose(this, dim0, dim1); }
    /** Transpose of a 2-D tensor. */
    public Tensor t() {
        if (shape.length != 2)
            throw new IllegalArgumentException("t: expects a 2-D tensor, got shape " + Shape.str(shape));
        return transpose(0, 1);
    }
    public Tensor permute(int... order) { return Shapes.permute(this, order); }
    /** All dimensions into one. */
    public Tensor flatten() { return reshape(numel()); }
    /** Dimensions startDim..endDim into one (Flatten layers use flatten(1, -1)). */
    public Tensor flatten(int startDim, int endDim) { return Shapes.flatten(this, startDim, endDim); }
    /** Removes all dimensions of size 1, or one given dimension if it has size 1. */
    public Tensor squeeze() { return Shapes.squeeze(this, null); }
    public Tensor squeeze(int dim) { return Shapes.squeeze(this, dim); }
    public Tensor unsqueeze(int dim) { return Shapes.unsqueeze(this, dim); }
    /** Elements start..end-1 along dim (PyTorch's narrow / x[:, start:end]). */
    public Tensor slice(int dim, int start, int end) { return Shapes.slice(this, dim, start, end); }
    /** Joins tensors along an existing dimension. */
    public static Tensor concat(List<Tensor> tensors, int dim) { return Shapes.concat(tensors, dim); }
    /** Joins tensors along a new dimension. */
    public static Tensor stack(List<Tensor> tensors, int dim) { return Shapes.stack(tensors, dim); }
    /** This tensor broadcast to a larger shape (values repeated, no gradient lost: backward sums). */
    public Tensor expand(int... newShape) { return Shapes.broadcastTo(this, newShape); }
    /** Sums over broadcast dimensions to reach a smaller shape: the adjoint of expand. */
    public Tensor sumTo(int... targetShape) { return Shapes.sumTo(this, targetShape); }

    // ---------------------------------------------------------------- indexing

    /** Entries at the given indices along dim (PyTorch's index_select). */
    public Tensor indexSelect(int dim, int[] indices) { return Indexing.indexSelect(this, dim, indices); }
    /** out[i][j] = this[i][index[i][j]] for dim 1 (and likewise for any dim); index holds integer values. */
    public Tensor gather(int dim, Tensor index) { return Indexing.gather(this, dim, index); }

    // ---------------------------------------------------------------- printing

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
