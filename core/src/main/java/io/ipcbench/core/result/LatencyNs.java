package io.ipcbench.core.result;

import org.HdrHistogram.Histogram;

/** A latency distribution in nanoseconds, from an HdrHistogram (3 significant digits). */
public record LatencyNs(long p50, long p90, long p99, long p999, long p9999, long max, long min, double mean) {
    public static LatencyNs of(Histogram h) {
        return new LatencyNs(h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getValueAtPercentile(99.99), h.getMaxValue(), h.getMinValue(),
                Math.round(h.getMean() * 10) / 10.0);
    }
}
