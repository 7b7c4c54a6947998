package org.neurite.bench;

import java.util.concurrent.TimeUnit;
import org.bytedeco.openblas.global.openblas_full;
import org.neurite.kernel.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * JMH: Neurite {@code Gemm.sgemm} vs OpenBLAS {@code cblas_sgemm} per shape ({@code MxKxN:TT}) and thread count.
 * Neurite's thread count is fixed per JVM by {@code -Dneurite.threads}, so {@link #main} runs one JMH pass per
 * thread count with that flag on the forked JVMs; run the class's main (see bin/bench-sgemm for the class path):
 * {@code java --add-modules jdk.incubator.vector -cp ... org.neurite.bench.SgemmBench [threads=1,2] [shapes=...]}.
 * Scores are microseconds per call; GFLOP/s = 2 m n k / time. For interleaved ratios use {@link SgemmCompare}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
public class SgemmBench {
    @Param({"1024x1024x1024:NN", "2048x2048x2048:NN", "64x784x256:NT", "64x256x256:NT", "64x256x784:NN",
        "256x64x784:TN"})
    public String shape;

    /** Threads for both libraries; must equal -Dneurite.threads of this JVM (main() arranges that). */
    @Param({"1"})
    public int threads;

    private SgemmCompare.Case cs;

    @Setup(Level.Trial)
    public void setup() {
        if (Parallel.threads() != threads) {
            throw new IllegalStateException("run with -Dneurite.threads=" + threads + " (see SgemmBench.main)");
        }
        openblas_full.openblas_set_num_threads(threads);
        String[] parts = shape.split(":");
        String[] d = parts[0].split("x");
        String tt = parts.length > 1 ? parts[1] : "NN";
        cs = new SgemmCompare.Case(Integer.parseInt(d[0]), Integer.parseInt(d[1]), Integer.parseInt(d[2]),
                tt.charAt(0) == 'T', tt.charAt(1) == 'T');
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cs.close();
    }

    @Benchmark
    public float[] neurite() {
        cs.neurite();
        return cs.c;
    }

    @Benchmark
    public Object openblas() {
        cs.openblas();
        return cs.pc;
    }

    /** Args: {@code threads=1,2} and optionally {@code shapes=MxKxN:TT,...}. */
    public static void main(String[] args) throws Exception {
        String threads = SgemmCompare.opt(args, "threads", "1,2");
        String shapes = SgemmCompare.opt(args, "shapes", null);
        for (String t : threads.split(",")) {
            OptionsBuilder o = new OptionsBuilder();
            o.include(SgemmBench.class.getName() + "\\.").param("threads", t)
                    .jvmArgsAppend("-Dneurite.threads=" + t, "-XX:+UseParallelGC");
            if (shapes != null) o.param("shape", shapes.split(","));
            new Runner(o.build()).run();
        }
    }
}
