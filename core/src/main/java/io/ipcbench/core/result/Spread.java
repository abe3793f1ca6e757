package io.ipcbench.core.result;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One metric across repetitions (each with a fresh peer): the values, their median, and
 * {@code relative} = (max - min) / median.
 */
public record Spread(String metric, List<Double> values, double median, double min, double max, double relative) {
    public static Spread of(String metric, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n == 0 ? Double.NaN
                : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        double min = sorted.get(0);
        double max = sorted.get(n - 1);
        return new Spread(metric, List.copyOf(values), median, min, max, median == 0 ? 0 : round4((max - min) / median));
    }

    private static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
