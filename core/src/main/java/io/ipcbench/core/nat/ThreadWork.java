package io.ipcbench.core.nat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the kernel did for the calling thread, as counts that barely move with the host's speed:
 * read and write system calls and their bytes ({@code /proc/thread-self/io}), context switches and
 * page faults ({@code getrusage(RUSAGE_THREAD)}), and the system calls the link made that the kernel
 * does not count in {@code syscr}/{@code syscw} ({@code uncountedCalls}: futex, poll, mq_*, msg*),
 * with the message bytes those calls moved ({@code uncountedBytes}: a queue's message copied in or out).
 * Counters of one thread only: call it from the measuring thread.
 */
public record ThreadWork(long readCalls, long writeCalls, long readBytes, long writeBytes, long uncountedCalls,
                         long uncountedBytes, long voluntaryCtxSwitches, long involuntaryCtxSwitches, long minorFaults,
                         long majorFaults) {
    private static final Path IO = Path.of("/proc/thread-self/io");
    // struct rusage on 64-bit Linux: two timevals (4 longs), then 14 longs
    private static final int MINFLT = 8;
    private static final int MAJFLT = 9;
    private static final int NVCSW = 16;
    private static final int NIVCSW = 17;
    private static final int LONGS = 18;

    public static final ThreadWork ZERO = new ThreadWork(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** False where {@code /proc/thread-self/io} cannot be read (no procfs, a kernel before 3.17): no work is recorded. */
    public static final boolean AVAILABLE = readable();

    private static boolean readable() {
        try {
            Files.readAllBytes(IO);
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** The counters now, with the link's own counts. Off the hot path only (reads a file). */
    public static ThreadWork now(long uncountedCalls, long uncountedBytes) {
        long[] io = new long[4];
        try {
            String text = new String(Files.readAllBytes(IO), StandardCharsets.US_ASCII);
            for (String line : text.split("\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                int i = switch (line.substring(0, colon)) {
                    case "syscr" -> 0;
                    case "syscw" -> 1;
                    case "rchar" -> 2;
                    case "wchar" -> 3;
                    default -> -1;
                };
                if (i >= 0) {
                    io[i] = Long.parseLong(line.substring(colon + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + IO + ": " + e, e);
        }
        long[] ru = new long[LONGS];
        Posix.LIBC.getrusage(Posix.RUSAGE_THREAD, ru);
        return new ThreadWork(io[0], io[1], io[2], io[3], uncountedCalls, uncountedBytes, ru[NVCSW], ru[NIVCSW], ru[MINFLT],
                ru[MAJFLT]);
    }

    /** Every system call counted: reads, writes and the link's uncounted ones. */
    public long systemCalls() {
        return readCalls + writeCalls + uncountedCalls;
    }

    /** Every byte copied into or out of the kernel: read, written, and moved by the uncounted calls. */
    public long kernelBytes() {
        return readBytes + writeBytes + uncountedBytes;
    }

    public ThreadWork minus(ThreadWork o) {
        return new ThreadWork(readCalls - o.readCalls, writeCalls - o.writeCalls, readBytes - o.readBytes,
                writeBytes - o.writeBytes, uncountedCalls - o.uncountedCalls, uncountedBytes - o.uncountedBytes, voluntaryCtxSwitches - o.voluntaryCtxSwitches,
                involuntaryCtxSwitches - o.involuntaryCtxSwitches, minorFaults - o.minorFaults, majorFaults - o.majorFaults);
    }

    public ThreadWork plus(ThreadWork o) {
        return new ThreadWork(readCalls + o.readCalls, writeCalls + o.writeCalls, readBytes + o.readBytes,
                writeBytes + o.writeBytes, uncountedCalls + o.uncountedCalls, uncountedBytes + o.uncountedBytes, voluntaryCtxSwitches + o.voluntaryCtxSwitches,
                involuntaryCtxSwitches + o.involuntaryCtxSwitches, minorFaults + o.minorFaults, majorFaults + o.majorFaults);
    }

    /** Each counter at least 0 (a calibration that subtracted a little too much). */
    public ThreadWork atLeastZero() {
        return new ThreadWork(Math.max(0, readCalls), Math.max(0, writeCalls), Math.max(0, readBytes), Math.max(0, writeBytes),
                Math.max(0, uncountedCalls), Math.max(0, uncountedBytes), Math.max(0, voluntaryCtxSwitches), Math.max(0, involuntaryCtxSwitches),
                Math.max(0, minorFaults), Math.max(0, majorFaults));
    }

    /**
     * Counts a phase of the calling thread. Reading the counters itself makes a few read calls:
     * {@link #start} reads them twice in a row and subtracts that cost once at {@link #stop}.
     */
    public static final class Meter {
        private ThreadWork start;
        private ThreadWork cost;

        public void start(long uncountedCalls, long uncountedBytes) {
            if (!AVAILABLE) {
                return;
            }
            ThreadWork a = now(uncountedCalls, uncountedBytes);
            ThreadWork b = now(uncountedCalls, uncountedBytes);
            cost = b.minus(a);
            start = b;
        }

        /** The work since {@link #start}, or null where the counters cannot be read. */
        public ThreadWork stop(long uncountedCalls, long uncountedBytes) {
            if (start == null) {
                return null;
            }
            return now(uncountedCalls, uncountedBytes).minus(start).minus(cost).atLeastZero();
        }
    }
}
