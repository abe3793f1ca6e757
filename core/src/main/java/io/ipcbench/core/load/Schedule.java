package io.ipcbench.core.load;

import java.util.SplittableRandom;

/**
 * The intended send times of one load phase, in {@link System#nanoTime()} units: fixed gaps, or
 * exponential ones drawn from a seed ({@code StrictMath.log}, so the same seed gives the same
 * gaps on every JVM). Allocates nothing per message.
 */
public final class Schedule {
    private final double meanGapNs;
    private final Long seed;
    private SplittableRandom random;
    private long start;
    private long index;
    private double offsetNs;

    Schedule(double meanGapNs, Long seed) {
        this.meanGapNs = meanGapNs;
        this.seed = seed;
    }

    /** Starts the schedule at {@code startNanos}: the first message is due then. */
    public void start(long startNanos) {
        start = startNanos;
        index = 0;
        offsetNs = 0;
        random = seed == null ? null : new SplittableRandom(seed);
    }

    /** The next message's intended send time. */
    public long next() {
        if (random == null) {
            // from the index, not a running sum, so rounding never drifts the rate
            return start + (long) (index++ * meanGapNs);
        }
        long t = start + (long) offsetNs;
        offsetNs += -StrictMath.log(1 - random.nextDouble()) * meanGapNs;
        return t;
    }

    /** A message sent later than this after its intended time is late: one mean gap. */
    public long lateAfterNs() {
        return Math.max(1, (long) meanGapNs);
    }
}
