package io.ipcbench.core.nat;

/**
 * CPU time and context switches from {@code getrusage(2)}: microsecond resolution, unlike the
 * clock ticks of {@code /proc/<pid>/stat}. Each process measures itself and the peer sends its
 * figures back to the driver, so both sides are exact.
 */
public record Rusage(long userNs, long systemNs, long voluntaryCtxSwitches, long involuntaryCtxSwitches) {
    // struct rusage on 64-bit Linux: two timevals, then 14 longs
    private static final int UTIME_SEC = 0;
    private static final int UTIME_USEC = 1;
    private static final int STIME_SEC = 2;
    private static final int STIME_USEC = 3;
    private static final int NVCSW = 16;
    private static final int NIVCSW = 17;
    private static final int LONGS = 18;

    public static final Rusage ZERO = new Rusage(0, 0, 0, 0);

    /** {@code RUSAGE_SELF} (the whole process) or {@code RUSAGE_THREAD}. */
    public static Rusage now(int who) {
        long[] ru = new long[LONGS];
        Posix.LIBC.getrusage(who, ru);
        return new Rusage(
                ru[UTIME_SEC] * 1_000_000_000L + ru[UTIME_USEC] * 1_000L,
                ru[STIME_SEC] * 1_000_000_000L + ru[STIME_USEC] * 1_000L,
                ru[NVCSW], ru[NIVCSW]);
    }

    public Rusage minus(Rusage earlier) {
        return new Rusage(userNs - earlier.userNs, systemNs - earlier.systemNs,
                voluntaryCtxSwitches - earlier.voluntaryCtxSwitches,
                involuntaryCtxSwitches - earlier.involuntaryCtxSwitches);
    }

    public Rusage plus(Rusage other) {
        return new Rusage(userNs + other.userNs, systemNs + other.systemNs,
                voluntaryCtxSwitches + other.voluntaryCtxSwitches,
                involuntaryCtxSwitches + other.involuntaryCtxSwitches);
    }
}
