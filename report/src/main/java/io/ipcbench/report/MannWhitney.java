package io.ipcbench.report;

import java.util.Arrays;

/**
 * One-sided Mann-Whitney U test: is {@code b} stochastically greater than {@code a}? Exact for
 * small samples without ties (the usual case: a handful of repetitions or iterations of continuous
 * measurements), the normal approximation with tie correction and continuity correction otherwise.
 * With 3 against 3 values the smallest p possible is 1/20 = 0.05 (complete separation); with 5
 * against 5, 1/252.
 */
final class MannWhitney {
    private static final int EXACT_LIMIT = 40;

    private MannWhitney() {
    }

    /** U = the number of pairs (x from a, y from b) with y > x, ties counted half. */
    static double u(double[] a, double[] b) {
        double u = 0;
        for (double x : a) {
            for (double y : b) {
                u += y > x ? 1 : y == x ? 0.5 : 0;
            }
        }
        return u;
    }

    /** P(U >= observed) under the null hypothesis that both samples come from one distribution. */
    static double pGreater(double[] a, double[] b) {
        int n = a.length;
        int m = b.length;
        if (n == 0 || m == 0) {
            return 1;
        }
        double u = u(a, b);
        if (n + m <= EXACT_LIMIT && !hasTies(a, b)) {
            return exactUpperTail(n, m, (int) Math.round(u));
        }
        return normalUpperTail(a, b, u);
    }

    /**
     * A value found in both samples. Ties inside one sample (histogram values are quantised, so two
     * repetitions can share a median) leave U as it is and keep the exact distribution; only ties
     * across the samples call for the approximation.
     */
    private static boolean hasTies(double[] a, double[] b) {
        for (double x : a) {
            for (double y : b) {
                if (x == y) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Counts of arrangements by U: f(i, j, u) = f(i - 1, j, u - j) + f(i, j - 1, u), over i values
     * of b and j values of a; p = (arrangements with U >= u) / C(n + m, n).
     */
    static double exactUpperTail(int n, int m, int u) {
        int max = n * m;
        double[][][] f = new double[m + 1][n + 1][];
        for (int j = 0; j <= m; j++) {
            for (int i = 0; i <= n; i++) {
                double[] row = new double[i * j + 1];
                if (i == 0 || j == 0) {
                    row[0] = 1;
                } else {
                    double[] fewerB = f[j][i - 1];
                    double[] fewerA = f[j - 1][i];
                    for (int k = 0; k < row.length; k++) {
                        double v = k < fewerA.length ? fewerA[k] : 0;
                        int from = k - j;
                        if (from >= 0 && from < fewerB.length) {
                            v += fewerB[from];
                        }
                        row[k] = v;
                    }
                }
                f[j][i] = row;
            }
        }
        double[] dist = f[m][n];
        double total = 0;
        double tail = 0;
        for (int k = 0; k <= max; k++) {
            total += dist[k];
            if (k >= u) {
                tail += dist[k];
            }
        }
        return tail / total;
    }

    private static double normalUpperTail(double[] a, double[] b, double u) {
        int n = a.length;
        int m = b.length;
        double[] all = new double[n + m];
        System.arraycopy(a, 0, all, 0, n);
        System.arraycopy(b, 0, all, n, m);
        Arrays.sort(all);
        double tieTerm = 0;
        for (int i = 0; i < all.length; ) {
            int j = i;
            while (j < all.length && all[j] == all[i]) {
                j++;
            }
            double t = j - i;
            tieTerm += t * t * t - t;
            i = j;
        }
        double nn = n + m;
        double mean = n * (double) m / 2;
        double var = n * (double) m / 12 * ((nn + 1) - tieTerm / (nn * (nn - 1)));
        if (var <= 0) {
            return u > mean ? 0 : 1;
        }
        double z = (u - mean - 0.5) / Math.sqrt(var);
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    /** Complementary error function (Numerical Recipes' erfcc, |error| < 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
