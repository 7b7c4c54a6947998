package org.neurite.train.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neurite.autodiff.Gradcheck;
import org.neurite.data.Dataset;
import org.neurite.data.Split;
import org.neurite.data.catalog.Digits;
import org.neurite.nn.Dropout;
import org.neurite.nn.Flatten;
import org.neurite.nn.Linear;
import org.neurite.nn.Module;
import org.neurite.nn.ReLU;
import org.neurite.nn.Sequential;
import org.neurite.nn.loss.Losses;
import org.neurite.optim.Adam;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;
import org.neurite.train.Trainer;

class DistillationTest {
    private static final Split DIGITS = Digits.split(0.8, 1);
    /** The labelled examples the students see: 100 of the 1438 training digits. */
    private static final Dataset FEW = DIGITS.train().subset(IntStream.range(0, 100).toArray());
    private static Module teacher, teacher2;

    /** Wide MLPs trained on the whole training split: about 97% on the validation digits. */
    @BeforeAll
    static void trainTeachers() {
        teacher = trainTeacher(100);
        teacher2 = trainTeacher(200);
    }

    private static Module trainTeacher(long seed) {
        Rng rng = new Rng(seed);
        Module t = new Sequential(new Flatten(), new Linear(64, 128, rng), new ReLU(), new Linear(128, 10, rng));
        Trainer.of(t).loss(Losses::crossEntropy).optimizer(new Adam(t.parameters(), 0.01f)).batchSize(32).epochs(15)
                .seed(seed).workers(0).log(null).fit(DIGITS.train());
        return t;
    }

    private static Module smallNet(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Flatten(), new Linear(64, 16, rng), new ReLU(), new Linear(16, 10, rng));
    }

    /** The same student, seed, optimiser, batch size and epochs; only the loss differs. Final validation accuracy. */
    private static double trainStudent(long seed, Distillation d) {
        Module net = smallNet(seed);
        Module m = d == null ? net : d.student(net);
        BiFunction<Tensor, Tensor, Tensor> loss = d == null ? Losses::crossEntropy : ((Student) m).loss();
        Trainer.of(m).loss(loss).optimizer(new Adam(m.parameters(), 0.01f)).batchSize(16).epochs(30).seed(seed)
                .workers(0).log(null).fit(FEW, DIGITS.validation());
        return Trainer.of(net).loss(Losses::crossEntropy).evaluate(DIGITS.validation()).accuracy();
    }

    @Test
    void distilledStudentBeatsTheSameStudentOnHardLabels() {
        double teacherAcc = Trainer.of(teacher).loss(Losses::crossEntropy).evaluate(DIGITS.validation()).accuracy();
        assertTrue(teacherAcc > 0.95, "teacher " + teacherAcc);
        double sum = 0;
        StringBuilder report = new StringBuilder("teacher " + teacherAcc);
        for (long seed = 1; seed <= 3; seed++) {
            double hard = trainStudent(seed, null);
            double distilled = trainStudent(seed, Distillation.from(teacher).temperature(8).alpha(0.9));
            report.append(String.format("%nseed %d: hard labels %.4f, distilled %.4f", seed, hard, distilled));
            assertTrue(distilled > hard + 0.02, report.toString());
            sum += distilled - hard;
        }
        assertTrue(sum / 3 > 0.04, report.toString());
    }

    @Test
    void distillingAnEnsembleOfTeachersAlsoBeatsHardLabels() {
        for (long seed = 4; seed <= 5; seed++) {
            double hard = trainStudent(seed, null);
            double distilled = trainStudent(seed, Distillation.from(List.of(teacher, teacher2)).temperature(8).alpha(0.9));
            assertTrue(distilled > hard + 0.02, "seed " + seed + ": hard " + hard + ", distilled " + distilled);
        }
    }

    @Test
    void lossMatchesItsDefinition() {
        Rng rng = new Rng(1);
        Tensor s = Tensor.randn(rng, 4, 3).mul(2f), z = Tensor.randn(rng, 4, 3).mul(2f);
        Tensor y = Tensor.of(new float[]{0, 2, 1, 2}, 4);
        double t = 3, a = 0.7;
        Tensor q = z.div(3f).softmax(1);
        // by hand: alpha T^2 (1/N) sum_i -sum_c q_ic log softmax(s_i/T)_c + (1 - alpha) (1/N) sum_i -log softmax(s_i)_y_i
        float[] ls = s.div(3f).logSoftmax(1).toFloatArray(), lh = s.logSoftmax(1).toFloatArray(), qv = q.toFloatArray();
        double soft = 0, hard = 0;
        for (int i = 0; i < 4; i++) {
            for (int c = 0; c < 3; c++) soft -= qv[3 * i + c] * ls[3 * i + c];
            hard -= lh[3 * i + (int) y.get(i)];
        }
        double want = a * t * t * soft / 4 + (1 - a) * hard / 4;
        assertEquals(want, Distillation.loss(s, q, y, t, a).item(), 1e-5);
        assertEquals(Losses.crossEntropy(s, y).item(), Distillation.loss(s, q, y, t, 0).item(), 1e-6);
        assertEquals(t * t * Losses.crossEntropy(s.div(3f), q).item(), Distillation.loss(s, q, y, t, 1).item(), 1e-5);
        Tensor sg = s.copy().requiresGrad(true);
        var r = Gradcheck.check(in -> Distillation.loss(in.get(0), q, y, t, a), List.of(sg));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void theTSquaredFactorKeepsTheSoftGradientScaleAcrossTemperatures() {
        // With zero-mean logits, the soft term's gradient without T^2 shrinks like 1/T^2; with it, it levels off.
        Rng rng = new Rng(2);
        Tensor s0 = Tensor.randn(rng, 8, 5), z0 = Tensor.randn(rng, 8, 5);
        Tensor s = s0.sub(s0.mean(1, true)), z = z0.sub(z0.mean(1, true));
        Tensor y = Tensor.zeros(8);
        double[] norms = new double[3];
        double[] temps = {5, 10, 20};
        for (int k = 0; k < 3; k++) {
            float tk = (float) temps[k];
            Tensor sg = s.copy().requiresGrad(true);
            Distillation.loss(sg, z.div(tk).softmax(1), y, temps[k], 1).backward();
            norms[k] = Math.sqrt(sg.grad().square().sum().item());
        }
        assertEquals(1, norms[1] / norms[0], 0.05, java.util.Arrays.toString(norms));
        assertEquals(1, norms[2] / norms[1], 0.02, java.util.Arrays.toString(norms));
    }

    @Test
    void softTargetsAverageTheTeachersInEvalModeWithoutGradients() {
        Rng rng = new Rng(3);
        Module a = new Sequential(new Linear(4, 3, rng), new Dropout(0.5, rng.split()));
        Module b = new Linear(4, 3, rng);
        Tensor x = Tensor.randn(rng, 5, 4);
        Distillation d = Distillation.from(List.of(a, b)).temperature(2);
        a.train();
        b.eval();
        Tensor q = d.softTargets(x);
        Tensor want;
        a.eval();
        want = a.forward(x).div(2f).softmax(1).add(b.forward(x).div(2f).softmax(1)).div(2f);
        assertArrayEquals(want.toFloatArray(), q.toFloatArray(), 1e-6f); // dropout off: eval mode
        a.train();
        assertTrue(a.isTraining() && !b.isTraining(), "each teacher's mode is restored");
        assertTrue(!q.requiresGrad());
        float[] rowSums = q.sum(1).toFloatArray();
        for (float r : rowSums) assertEquals(1f, r, 1e-6f);
    }

    @Test
    void studentPairsLogitsByIdentityAndValidatesWithHardLabels() {
        Rng rng = new Rng(4);
        Module teacherNet = new Linear(4, 3, rng), net = new Linear(4, 3, rng);
        Student st = Distillation.from(teacherNet).temperature(2).alpha(0.5).student(net);
        assertEquals(net.parameterCount(), st.parameterCount(), "only the student is trained");
        assertTrue(st.stateDict().keySet().stream().allMatch(k -> k.startsWith("student.")));
        Tensor x = Tensor.randn(rng, 6, 4), y = Tensor.of(new float[]{0, 1, 2, 0, 1, 2}, 6);
        Tensor s = st.forward(x);
        Tensor want = Distillation.loss(s, teacherNet.forward(x).div(2f).softmax(1), y, 2, 0.5);
        assertEquals(want.item(), st.loss().apply(s, y).item(), 1e-6);
        st.loss().apply(s, y).backward();
        assertNull(teacherNet.parameters().get(0).grad(), "no gradient reaches the teacher");
        var e = assertThrows(IllegalStateException.class, () -> st.loss().apply(net.forward(x), y));
        assertTrue(e.getMessage().contains("Distillation"), e.getMessage());
        st.eval();
        Tensor se = st.forward(x);
        assertEquals(Losses.crossEntropy(se, y).item(), st.loss().apply(se, y).item(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Distillation.from(teacherNet).temperature(0));
        assertThrows(IllegalArgumentException.class, () -> Distillation.from(teacherNet).alpha(1.5));
        assertThrows(IllegalArgumentException.class, () -> Distillation.from(teacherNet).student(teacherNet));
        var shapes = assertThrows(IllegalArgumentException.class,
                () -> Distillation.loss(Tensor.zeros(6, 3), Tensor.zeros(6, 4), y, 2, 0.5));
        assertTrue(shapes.getMessage().contains("[6, 3], [6, 4] and [6]"), shapes.getMessage());
    }
}
