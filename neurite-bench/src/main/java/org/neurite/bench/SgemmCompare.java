package org.neurite.bench;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_full;
import org.neurite.kernel.Gemm;
import org.neurite.kernel.Parallel;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Neurite {@link Gemm#sgemm} vs OpenBLAS cblas_sgemm, side by side in one JVM, interleaved round by round.
 *
 * <p>Neurite's thread count is fixed per JVM ({@code -Dneurite.threads}), so the parent process starts one child JVM
 * per thread count (same class path and flags) and each child sets OpenBLAS to the same count. Per shape, each round
 * times Neurite then OpenBLAS (order alternating per round) for at least {@code --min-ms} each; the table shows the
 * median GFLOP/s of each and the median of the per-round ratios Neurite / OpenBLAS.
 *
 * <p>Run with {@code bin/bench-sgemm}. Options: {@code --threads=1,2 --rounds=7 --min-ms=150 --shapes=a,b} where a
 * shape is {@code MxKxN} optionally followed by {@code :TT} transposes of A and B (e.g. {@code 64x784x256:NT}).
 */
public final class SgemmCompare {
    static final String[] DEFAULT_SHAPES = {
        "256x256x256:NN", "512x512x512:NN", "1024x1024x1024:NN", "2048x2048x2048:NN",
        "64x784x256:NN", "64x784x256:NT",     // forward of a 784->256 layer at batch 64 (weights [in,out] / [out,in])
        "64x256x256:NN", "64x256x256:NT",     // forward of a 256->256 layer
        "64x256x784:NN", "64x256x784:NT",     // backward dX = dY W  (784->256 layer)
        "256x64x784:TN", "256x64x256:TN",     // backward dW = dY^T X (k = batch = 64)
    };

    /** Pause before each timed stretch, longer than OpenBLAS's spin-wait of idle threads. */
    static final int SETTLE_MS = 200;

    private SgemmCompare() {}

    public static void main(String[] args) throws Exception {
        String threads = opt(args, "threads", "1,2"), child = opt(args, "child", null);
        if (child != null) {
            runChild(Integer.parseInt(child), args);
            return;
        }
        System.out.println("# Neurite sgemm vs OpenBLAS " + openblasInfo() + ", JVM " + Runtime.version()
                + ", shape = M x K x N, TT = transA transB, GFLOP/s medians over rounds, ratio = median of per-round"
                + " Neurite/OpenBLAS");
        System.out.println("| shape | TT | threads | Neurite GFLOP/s | OpenBLAS GFLOP/s | ratio |");
        System.out.println("|---|---|---|---|---|---|");
        String javaCmd = ProcessHandle.current().info().command().orElse("java");
        for (String t : threads.split(",")) {
            List<String> cmd = new ArrayList<>();
            cmd.add(javaCmd);
            cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> !a.startsWith("-Dneurite.threads")).toList());
            cmd.add("-Dneurite.threads=" + t);
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(SgemmCompare.class.getName());
            cmd.addAll(Arrays.asList(args));
            cmd.add("--child=" + t);
            Process p = new ProcessBuilder(cmd).inheritIO().directory(new File(".")).start();
            if (p.waitFor() != 0) throw new IllegalStateException("child for threads=" + t + " failed");
        }
    }

    private static void runChild(int threads, String[] args) {
        if (Parallel.threads() != threads) throw new IllegalStateException("neurite.threads not applied");
        openblas_full.openblas_set_num_threads(threads);
        int rounds = Integer.parseInt(opt(args, "rounds", "7"));
        double minS = Integer.parseInt(opt(args, "min-ms", "150")) / 1e3;
        String shapes = opt(args, "shapes", String.join(",", DEFAULT_SHAPES));
        for (String s : shapes.split(",")) {
            String[] parts = s.split(":");
            String[] d = parts[0].split("x");
            int m = Integer.parseInt(d[0]), k = Integer.parseInt(d[1]), n = Integer.parseInt(d[2]);
            String tt = parts.length > 1 ? parts[1] : "NN";
            Case cs = new Case(m, k, n, tt.charAt(0) == 'T', tt.charAt(1) == 'T');
            double[] g = cs.run(rounds, minS);
            System.out.printf("| %dx%dx%d | %s | %d | %.1f | %.1f | %.3f |%n", m, k, n, tt, threads, g[0], g[1], g[2]);
            cs.close();
        }
    }

    /** One shape: heap arrays for Neurite, native copies for OpenBLAS. */
    static final class Case implements AutoCloseable {
        final int m, k, n, lda, ldb;
        final boolean ta, tb;
        final float[] a, b, c;
        final FloatPointer pa, pb, pc;

        Case(int m, int k, int n, boolean ta, boolean tb) {
            this.m = m; this.k = k; this.n = n; this.ta = ta; this.tb = tb;
            lda = ta ? m : k;
            ldb = tb ? k : n;
            Random r = new Random(42);
            a = new float[m * k];
            b = new float[k * n];
            c = new float[m * n];
            for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - 0.5f;
            for (int i = 0; i < b.length; i++) b[i] = r.nextFloat() - 0.5f;
            pa = new FloatPointer(a);
            pb = new FloatPointer(b);
            pc = new FloatPointer((long) m * n);
        }

        void neurite() {
            Gemm.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        }

        void openblas() {
            openblas_full.cblas_sgemm(openblas_full.CblasRowMajor, ta ? openblas_full.CblasTrans : openblas_full.CblasNoTrans,
                    tb ? openblas_full.CblasTrans : openblas_full.CblasNoTrans, m, n, k, 1f, pa, lda, pb, ldb, 0f, pc, n);
        }

        /**
         * Seconds per call, timed over at least minS. Sleeps first so that the other library's idle worker threads
         * (OpenBLAS spins for about 0.1 s after a call) have gone to sleep and do not steal the cores.
         */
        double time(boolean neurite, double minS) {
            try {
                Thread.sleep(SETTLE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long t0 = System.nanoTime();
            int calls = 0;
            long t;
            do {
                if (neurite) neurite(); else openblas();
                calls++;
                t = System.nanoTime() - t0;
            } while (t < minS * 1e9);
            return t / 1e9 / calls;
        }

        /** {median Neurite GFLOP/s, median OpenBLAS GFLOP/s, median per-round ratio}. */
        double[] run(int rounds, double minS) {
            for (int w = 0; w < 3; w++) {
                time(true, minS);
                time(false, minS);
            }
            double flop = 2.0 * m * n * k / 1e9;
            double[] gn = new double[rounds], gb = new double[rounds], ratio = new double[rounds];
            for (int rd = 0; rd < rounds; rd++) {
                double tn, tbl;
                if (rd % 2 == 0) { tn = time(true, minS); tbl = time(false, minS); }
                else { tbl = time(false, minS); tn = time(true, minS); }
                gn[rd] = flop / tn;
                gb[rd] = flop / tbl;
                ratio[rd] = tbl / tn;
            }
            return new double[] {median(gn), median(gb), median(ratio)};
        }

        @Override
        public void close() {
            pa.close();
            pb.close();
            pc.close();
        }
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String openblasInfo() {
        return "0.3.31-1.5.13 (" + openblas_full.openblas_get_corename().getString() + ")";
    }

    static String opt(String[] args, String name, String def) {
        for (String a : args) if (a.startsWith(name + "=")) return a.substring(name.length() + 1);
        for (String a : args) if (a.startsWith("--" + name + "=")) return a.substring(name.length() + 3);
        return def;
    }
}
