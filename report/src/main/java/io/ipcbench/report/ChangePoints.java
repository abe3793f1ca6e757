package io.ipcbench.report;

import org.apache.commons.statistics.descriptive.Median;
import org.apache.commons.statistics.inference.MannWhitneyUTest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a series of runs shifts, by binary segmentation as E-Divisive does (Apache Otava, MongoDB),
 * with a simpler statistic: within a segment, every split that leaves at least {@link #MIN_SIDE}
 * runs on each side is tested with Commons Statistics' two-sided Mann-Whitney U test, and the
 * split with the smallest p is a change point if p is below alpha and the medians of the two sides
 * differ by at least the minimum shift; then both sides are searched again. A rank test needs no
 * assumption about the noise (run-to-run drift is far from normal here), and the shift floor keeps
 * a significant but small wobble from being called a change.
 */
final class ChangePoints {
    /** The fewest runs on either side of a change. */
    static final int MIN_SIDE = 3;

    /** One change: the index of the first value after it, and the medians before and after (within its segment). */
    record Change(int at, double before, double after, double p) {
    }

    private ChangePoints() {
    }

    static List<Change> find(double[] values, double alpha, double minShift) {
        List<Change> out = new ArrayList<>();
        search(values, 0, values.length, alpha, minShift, out);
        out.sort((a, b) -> Integer.compare(a.at(), b.at()));
        return out;
    }

    private static void search(double[] v, int lo, int hi, double alpha, double minShift, List<Change> out) {
        Change best = null;
        for (int k = lo + MIN_SIDE; k <= hi - MIN_SIDE; k++) {
            double[] left = Arrays.copyOfRange(v, lo, k);
            double[] right = Arrays.copyOfRange(v, k, hi);
            double before = Median.withDefaults().evaluate(left.clone());
            double after = Median.withDefaults().evaluate(right.clone());
            if (!(before > 0) || !(after > 0) || Math.abs(Math.log(after / before)) < Math.log1p(minShift)) {
                continue;
            }
            double p = MannWhitneyUTest.withDefaults().test(left, right).getPValue();
            if (p < alpha && (best == null || p < best.p())) {
                best = new Change(k, before, after, p);
            }
        }
        if (best != null) {
            out.add(best);
            search(v, lo, best.at(), alpha, minShift, out);
            search(v, best.at(), hi, alpha, minShift, out);
        }
    }
}
