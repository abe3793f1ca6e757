package io.ipcbench.core.rig;

import java.util.Map;

/**
 * How each case is measured, checked once at construction.
 *
 * @param warmupNanos   warm-up time before each measurement (at least a few passes always run)
 * @param warmupOps     operations the warm-up goes on for past {@code warmupNanos}, for at most
 *                      {@link #extraWarmupNanos()} more ({@link JitWarmup}); 0: time only
 * @param durationNanos measured time per repetition, when {@code messages} is 0
 * @param messages      if > 0, measure exactly this many operations instead of a duration
 * @param repetitions   how many times each case runs, each with a fresh peer
 * @param timeoutNanos  the longest silence allowed from the peer before it is killed
 * @param pin           CPU pinning of the two measuring threads
 * @param options       transport-specific options (e.g. {@code pipe.size})
 */
public record RigSettings(long warmupNanos, long warmupOps, long durationNanos, long messages, int repetitions,
                          long timeoutNanos, PinPlan pin, Map<String, String> options) {
    /** The longest a warm-up goes on past its time to reach {@code warmupOps}, whatever the warm-up time. */
    public static final long MAX_EXTRA_WARMUP_NANOS = 5_000_000_000L;
    /** Past its time, a warm-up lasts at most this many times its time more: the time sets the scale of the run. */
    public static final int EXTRA_WARMUP_FACTOR = 4;

    public RigSettings {
        if (warmupNanos < 0) {
            throw new IllegalArgumentException("warm-up must not be negative");
        }
        if (warmupOps < 0) {
            throw new IllegalArgumentException("warm-up operations must not be negative");
        }
        if (messages < 0 || (messages == 0 && durationNanos <= 0)) {
            throw new IllegalArgumentException("need a positive duration or message count");
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be at least 1, got " + repetitions);
        }
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        options = Map.copyOf(options);
    }

    /** How long past {@code warmupNanos} a warm-up may go on to reach {@code warmupOps}. */
    public long extraWarmupNanos() {
        return Math.min(MAX_EXTRA_WARMUP_NANOS, EXTRA_WARMUP_FACTOR * warmupNanos);
    }

    /** A warm-up of time only. */
    public RigSettings(long warmupNanos, long durationNanos, long messages, int repetitions, long timeoutNanos,
                       PinPlan pin, Map<String, String> options) {
        this(warmupNanos, 0, durationNanos, messages, repetitions, timeoutNanos, pin, options);
    }
}
