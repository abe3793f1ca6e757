package io.ipcbench.core.result;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an open-loop load result adds: the rate asked for and the rate achieved (messages sent per
 * second, over every repetition), {@code saturated} when fewer than {@link #SATURATED_BELOW} of
 * the messages the schedule had due by the end were sent (the rate is never lowered quietly; for
 * fixed intervals that is the achieved rate below 95% of the requested one), the one-way latency from each message's
 * intended send time ({@code corrected}; the result's {@code latencyNs} is the same) and from its
 * actual send time ({@code uncorrected}), and the sends later than one interval with the worst lag.
 * {@code uncorrectedLog} is the HdrHistogram log of the uncorrected latencies, one interval per repetition.
 * {@code repetitionP99Ns} is the median of the repetitions' own corrected p99s: one host stall in one
 * repetition moves the merged p99 but not this, while a mechanism that cannot keep up moves every
 * repetition's (older records lack it; {@link #kneeP99} then falls back to the merged p99).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadResult(double rate, String arrivals, Long seed, double achievedRate, boolean saturated,
                         LatencyNs corrected, LatencyNs uncorrected, long lateSends, long lateAfterNs, long worstLagNs,
                         String uncorrectedLog, Long repetitionP99Ns) {
    /** Achieved below this share of the requested rate: saturated. */
    public static final double SATURATED_BELOW = 0.95;

    /** The p99 the knee rule judges: the median repetition's, or the merged one for records without it. */
    @JsonIgnore
    public long kneeP99() {
        return repetitionP99Ns != null ? repetitionP99Ns : corrected.p99();
    }
}
