package org.neurite.train.distill;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurite.nn.Module;
import org.neurite.nn.loss.Losses;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Network distillation (the course's Proposition 2.13; Hinton, Vinyals and Dean, 2015): compress a teacher, or an
 * ensemble of teachers, into a smaller student by training the student on the teacher's temperature-softened
 * predictions as well as on the hard labels.
 *
 * <p>For student logits s [N, C], teacher logits z_m [N, C] (m = 1..M teachers), hard labels y [N] and temperature T:
 * <pre>
 *   q   = (1/M) sum_m softmax(z_m / T)                          soft targets [N, C] (the ensemble's mean at T)
 *   L   = alpha T^2 CE(softmax(s / T), q) + (1 - alpha) CE(softmax(s), y)
 *   CE(p, q) = -(1/N) sum_i sum_c q_ic log p_ic                 (Definition 3.8, batch mean)
 * </pre>
 * A high T (2 to 10) spreads the teacher's probability over the wrong classes, whose relative sizes (a 7 that looks
 * a bit like a 1) are the "dark knowledge" hard labels lack. <b>Why T^2</b>: d/ds_ic of CE(softmax(s/T), q) is
 * (softmax(s_i/T)_c - q_ic) / (N T), and for large T with zero-mean logits it is about (s_ic - z_ic) / (N C T^2); the
 * soft term's gradients thus shrink as 1/T^2, and multiplying by T^2 keeps its weight relative to the hard term about
 * the same whatever T is, so alpha means the same thing at every temperature. The soft term is a cross-entropy, not a
 * KL divergence: the two differ by the teachers' entropy, a constant, so they give the same gradients.
 *
 * <p><b>With the Trainer</b>: the Trainer's loss sees (output, targets) only, and the teacher needs the batch inputs.
 * {@link #student(Module)} wraps the student in a {@link Student} module whose forward, when training, also runs the
 * teachers on the same batch (eval mode, no-grad) and keeps their soft targets next to the student's logits; its
 * {@link Student#loss()} then pairs them by identity. The Trainer stays unchanged, checkpoints hold the student only
 * (the teachers are not child modules, so they are neither trained nor saved), and a loss called with logits that did
 * not come from the last forward is an error, never a silent mismatch.
 *
 * <pre>{@code
 * Distillation d = Distillation.from(teacher).temperature(4).alpha(0.9);
 * Student s = d.student(smallNet);
 * Trainer.of(s).loss(s.loss()).optimizer(new Adam(s.parameters(), 1e-2f)).fit(train, validation);
 * // then use smallNet itself
 * }</pre>
 */
public final class Distillation {
    private final List<Module> teachers;
    private double temperature = 4;
    private double alpha = 0.9;

    private Distillation(List<? extends Module> teachers) {
        if (teachers == null || teachers.isEmpty())
            throw new IllegalArgumentException("Distillation: needs at least one teacher");
        for (int i = 0; i < teachers.size(); i++)
            if (teachers.get(i) == null) throw new IllegalArgumentException("Distillation: teacher " + i + " is null");
        this.teachers = List.copyOf(teachers);
    }

    /** Distillation from one teacher. */
    public static Distillation from(Module teacher) {
        return new Distillation(Arrays.asList(teacher));
    }

    /** Distillation from an ensemble: the soft targets are the mean of the teachers' softened distributions. */
    public static Distillation from(List<? extends Module> teachers) {
        return new Distillation(teachers);
    }

    /** The temperature T > 0 of the soft targets and of the student's soft term (4 by default). */
    public Distillation temperature(double t) {
        if (!(t > 0) || Double.isInfinite(t))
            throw new IllegalArgumentException("Distillation.temperature: T must be positive and finite, got " + t);
        this.temperature = t;
        return this;
    }

    /** The weight alpha in [0, 1] of the soft term (0.9 by default); 1 - alpha weighs the hard-label term. */
    public Distillation alpha(double a) {
        if (!(a >= 0 && a <= 1)) throw new IllegalArgumentException("Distillation.alpha: must be in [0, 1], got " + a);
        this.alpha = a;
        return this;
    }

    public double temperature() {
        return temperature;
    }

    public double alpha() {
        return alpha;
    }

    public List<Module> teachers() {
        return teachers;
    }

    /**
     * The soft targets q = (1/M) sum_m softmax(z_m(x) / T) [N, C] for inputs x [N, ...]: every teacher in eval mode
     * (restored afterwards) under no-grad, so the result is a constant for the student's gradient.
     */
    public Tensor softTargets(Tensor x) {
        try (var s = Autograd.noGradScope()) {
            Tensor sum = null;
            for (int m = 0; m < teachers.size(); m++) {
                Module t = teachers.get(m);
                boolean was = t.isTraining();
                t.eval();
                Tensor z;
                try {
                    z = t.forward(x);
                } finally {
                    t.train(was);
                }
                if (z.dim() != 2 || (sum != null && !Arrays.equals(z.shape(), sum.shape())))
                    throw new IllegalArgumentException("Distillation: teacher " + m + " returned " + Shape.str(z.shape())
                            + " for input " + Shape.str(x.shape()) + ", expected logits [N, C]"
                            + (sum != null ? " like teacher 0's " + Shape.str(sum.shape()) : ""));
                Tensor p = z.div((float) temperature).softmax(1);
                sum = sum == null ? p : sum.add(p);
            }
            return teachers.size() == 1 ? sum : sum.div(teachers.size());
        }
    }

    /**
     * The distillation loss L = alpha T^2 CE(softmax(s/T), q) + (1 - alpha) CE(softmax(s), y) (a scalar, batch mean)
     * for student logits s [N, C], soft targets q [N, C] (from {@link #softTargets}) and labels y [N] of class indices.
     */
    public Tensor loss(Tensor studentLogits, Tensor softTargets, Tensor labels) {
        return loss(studentLogits, softTargets, labels, temperature, alpha);
    }

    /** {@link #loss(Tensor, Tensor, Tensor)} with explicit T and alpha. */
    public static Tensor loss(Tensor studentLogits, Tensor softTargets, Tensor labels, double temperature, double alpha) {
        int[] s = studentLogits.shape(), q = softTargets.shape(), y = labels.shape();
        if (s.length != 2 || !Arrays.equals(s, q) || y.length != 1 || y[0] != s[0])
            throw new IllegalArgumentException("Distillation.loss: expected student logits [N, C], soft targets [N, C] "
                    + "and labels [N], got " + Shape.str(s) + ", " + Shape.str(q) + " and " + Shape.str(y));
        Tensor l = null;
        if (alpha > 0) {
            float t = (float) temperature;
            l = Losses.crossEntropy(studentLogits.div(t), softTargets.detach()).mul((float) (alpha * temperature * temperature));
        }
        if (alpha < 1) {
            Tensor hard = Losses.crossEntropy(studentLogits, labels).mul((float) (1 - alpha));
            l = l == null ? hard : l.add(hard);
        }
        return l;
    }

    /** Wraps a student network for training with the Trainer; see the class comment. */
    public Student student(Module student) {
        return new Student(this, student);
    }

    /** Teachers with their sizes, for logs. */
    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (Module t : teachers) names.add(t.getClass().getSimpleName() + "(" + t.parameterCount() + " parameters)");
        return "Distillation(T " + temperature + ", alpha " + alpha + ", teachers " + names + ")";
    }
}
