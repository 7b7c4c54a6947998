package org.neurite.kernel;

/**
 * Pooling by the definition, one window at a time, visiting the padded window position by position: the oracle
 * that {@link Pool} is tested against.
 */
public final class PoolReference {
    private PoolReference() {}

    public static void maxPoolForward(int planes, Window2d g, float[] x, float[] out) {
        for (int pl = 0; pl < planes; pl++)
            for (int oy = 0; oy < g.oh(); oy++)
                for (int ox = 0; ox < g.ow(); ox++) {
                    float best = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < g.kh(); i++)
                        for (int j = 0; j < g.kw(); j++) {
                            int y = oy * g.sh() - g.ph() + i, xx = ox * g.sw() - g.pw() + j;
                            if (y >= 0 && y < g.h() && xx >= 0 && xx < g.w())
                                best = Math.max(best, x[(pl * g.h() + y) * g.w() + xx]);
                        }
                    out[(pl * g.oh() + oy) * g.ow() + ox] = best;
                }
    }

    public static void avgPoolForward(int planes, Window2d g, boolean countIncludePad, float[] x, float[] out) {
        for (int pl = 0; pl < planes; pl++)
            for (int oy = 0; oy < g.oh(); oy++)
                for (int ox = 0; ox < g.ow(); ox++) {
                    double s = 0;
                    int count = 0;
                    for (int i = 0; i < g.kh(); i++)
                        for (int j = 0; j < g.kw(); j++) {
                            int y = oy * g.sh() - g.ph() + i, xx = ox * g.sw() - g.pw() + j;
                            if (y >= 0 && y < g.h() && xx >= 0 && xx < g.w()) {
                                s += x[(pl * g.h() + y) * g.w() + xx];
                                count++;
                            }
                        }
                    out[(pl * g.oh() + oy) * g.ow() + ox] = (float) (s / (countIncludePad ? g.kh() * g.kw() : count));
                }
    }
}
