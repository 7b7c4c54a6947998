package org.neurite.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LinAlgTest {
    // A = [[4, 2, 0], [2, 5, 1], [0, 1, 3]] (symmetric positive definite), x = (1, -1, 2): b = A x = (2, -1, 5).
    private static double[] a() {
        return new double[]{4, 2, 0, 2, 5, 1, 0, 1, 3};
    }

    @Test
    void choleskySolves() {
        double[] l = a(), b = {2, -1, 5};
        assertTrue(LinAlg.cholesky(l, 3));
        // L = [[2, 0, 0], [1, 2, 0], [0, 0.5, sqrt(2.75)]]
        assertArrayEquals(new double[]{2, 1, 2, 0, 0.5, Math.sqrt(2.75)},
                new double[]{l[0], l[3], l[4], l[6], l[7], l[8]}, 1e-12);
        LinAlg.choleskySolve(l, 3, b);
        assertArrayEquals(new double[]{1, -1, 2}, b, 1e-12);
    }

    @Test
    void choleskyRejectsIndefinite() {
        assertFalse(LinAlg.cholesky(new double[]{2, 0, 0, -2}, 2));
        assertFalse(LinAlg.cholesky(new double[]{1, 2, 2, 1}, 2)); // eigenvalues 3 and -1
    }

    @Test
    void luSolvesWithPivoting() {
        // [[0, 1], [1, 1]] needs a row swap; x = (2, 3): b = (3, 5)
        double[] b = {3, 5};
        assertTrue(LinAlg.luSolve(new double[]{0, 1, 1, 1}, 2, b));
        assertArrayEquals(new double[]{2, 3}, b, 1e-12);
        double[] c = {2, -1, 5};
        assertTrue(LinAlg.luSolve(a(), 3, c));
        assertArrayEquals(new double[]{1, -1, 2}, c, 1e-12);
        assertFalse(LinAlg.luSolve(new double[]{1, 2, 2, 4}, 2, new double[]{1, 1}));
    }
}
