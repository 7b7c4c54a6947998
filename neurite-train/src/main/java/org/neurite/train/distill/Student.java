package org.neurite.train.distill;

import java.util.function.BiFunction;
import org.neurite.nn.Module;
import org.neurite.nn.loss.Losses;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Tensor;

/**
 * A student network wrapped for {@link Distillation} with the Trainer. forward(x) [N, ...] -> the student's logits
 * s [N, C], unchanged; in training mode with gradients on it also computes the teachers' soft targets q for the same
 * x and keeps (s, q). {@link #loss()} is the Trainer's loss: given those very logits s it returns the distillation
 * loss against q and the labels; in eval mode (the Trainer's validation and evaluate) it returns the plain
 * cross-entropy CE(softmax(s), y), so validation figures are comparable with a student trained on hard labels.
 *
 * <p>The student is the only child module ("student"), so parameters() and the state dict are the student's (keys
 * prefixed "student."); the teachers are never trained or saved. Not for concurrent use: one forward, then its loss.
 */
public final class Student extends Module {
    private final Distillation distillation;
    private final Module student;
    private Tensor lastLogits, lastSoftTargets;

    Student(Distillation distillation, Module student) {
        if (student == null) throw new IllegalArgumentException("Distillation.student: the student is null");
        if (distillation.teachers().contains(student))
            throw new IllegalArgumentException("Distillation.student: the student is also a teacher");
        this.distillation = distillation;
        this.student = registerModule("student", student);
    }

    /** The wrapped network (to save or deploy after training). */
    public Module network() {
        return student;
    }

    public Distillation distillation() {
        return distillation;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor s = student.forward(x);
        if (isTraining() && Autograd.isGradEnabled()) {
            lastSoftTargets = distillation.softTargets(x);
            lastLogits = s;
        } else {
            lastLogits = lastSoftTargets = null;
        }
        return s;
    }

    /** The loss for {@code Trainer.loss(...)}: (student logits, labels) -> scalar; see the class comment. */
    public BiFunction<Tensor, Tensor, Tensor> loss() {
        return (logits, labels) -> {
            if (logits == lastLogits && lastSoftTargets != null) return distillation.loss(logits, lastSoftTargets, labels);
            if (!isTraining() || !Autograd.isGradEnabled()) return Losses.crossEntropy(logits, labels);
            throw new IllegalStateException("Distillation: the loss was given logits that did not come from the last "
                    + "Student.forward in training mode; call the student's forward on the batch, then its loss");
        };
    }

    @Override
    public String toString() {
        return "Student(" + student + ", " + distillation + ")";
    }
}
