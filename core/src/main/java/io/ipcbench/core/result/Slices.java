package io.ipcbench.core.result;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Arrays;
import java.util.List;

/**
 * One repetition's measured time cut into equal parts, each with its own p50 (rtt) or msgs/s
 * (stream). The host probe runs only before a repetition; a host that changes state during one
 * shows here as a step between parts, and then the repetition's p99 mixes the two states
 * (docs/measurements/2026-12-07-steps.md). {@code ratio} is the largest part's value over the
 * smallest, absent when a part had too few operations to judge by.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Slices(List<Long> operations, List<Double> values, Double ratio) {
    /** A part with fewer operations than this gives no ratio: its p50 says too little. */
    public static final long MIN_OPERATIONS = 100;
    /** A ratio above this is a step: the repetition ran in two states. */
    public static final double STEP = 1.25;

    public Slices {
        operations = List.copyOf(operations);
        values = List.copyOf(values);
    }

    public static Slices of(long[] operations, double[] values) {
        boolean judged = operations.length > 1 && Arrays.stream(operations).allMatch(n -> n >= MIN_OPERATIONS)
                && Arrays.stream(values).allMatch(v -> v > 0);
        Double ratio = judged ? Math.round(Arrays.stream(values).max().orElseThrow() / Arrays.stream(values).min().orElseThrow()
                * 1000) / 1000.0 : null;
        return new Slices(Arrays.stream(operations).boxed().toList(), Arrays.stream(values).boxed().toList(), ratio);
    }

    /** The largest ratio of a result's repetitions that {@link #stepped()}, null when none did. */
    public static Double step(ResultRecord r) {
        if (r.perRepetition() == null) {
            return null;
        }
        return r.perRepetition().stream().map(RepetitionRecord::slices).filter(x -> x != null && x.stepped())
                .map(Slices::ratio).max(Double::compare).orElse(null);
    }

    /** Whether the parts differ by more than {@link #STEP}. */
    public boolean stepped() {
        return ratio != null && ratio > STEP;
    }
}
