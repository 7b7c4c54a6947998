package org.neurite.bench;

import java.util.concurrent.TimeUnit;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The fixed cost of one small op: add of two 16-element tensors, with grad recording on (a graph node is built)
 * and under no-grad, plus a forward-and-backward of that add. The target is under 1 microsecond per recorded op.
 * Run: {@code bin/bench-jmh OpOverheadBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
public class OpOverheadBench {
    Tensor a, b, plainA, plainB;

    @Setup
    public void setup() {
        Rng rng = new Rng(1);
        a = Tensor.randn(rng, 16).requiresGrad(true);
        b = Tensor.randn(rng, 16).requiresGrad(true);
        plainA = a.detach();
        plainB = b.detach();
    }

    @Benchmark
    public Tensor addWithGradRecording() {
        return a.add(b);
    }

    @Benchmark
    public Tensor addNoGrad() {
        return plainA.add(plainB);
    }

    @Benchmark
    public Tensor addUnderNoGradScope() {
        try (var s = Autograd.noGradScope()) {
            return a.add(b);
        }
    }

    @Benchmark
    public Tensor addForwardAndBackward() {
        Tensor y = a.add(b).sum();
        y.backward();
        Tensor g = a.grad();
        a.zeroGrad();
        b.zeroGrad();
        return g;
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(OpOverheadBench.class.getSimpleName()).build()).run();
    }
}
