package io.ipcbench.core.result;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an open-loop load result adds: the rate asked for and the rate achieved (messages sent per
 * second, over every repetition), {@code saturated} when fewer than {@link #SATURATED_BELOW} of
 * the messages the schedule had due by the end were sent (the rate is never lowered quietly; for
 * fixed intervals that is the achieved rate below 95% of the requested one), the one-way latency from each message's
 * intended send time ({@code corrected}; the result's {@code latencyNs} is the same) and from its
 * actual send time ({@code uncorrected}), and the sends later than one interval with the worst lag.
 * {@code uncorrectedLog} is the HdrHistogram log of the uncorrected latencies, one interval per repetition.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadResult(double rate, String arrivals, Long seed, double achievedRate, boolean saturated,
                         LatencyNs corrected, LatencyNs uncorrected, long lateSends, long lateAfterNs, long worstLagNs,
                         String uncorrectedLog) {
    /** Achieved below this share of the requested rate: saturated. */
    public static final double SATURATED_BELOW = 0.95;
}
