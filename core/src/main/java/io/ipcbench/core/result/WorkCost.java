package io.ipcbench.core.result;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.ipcbench.core.nat.ThreadWork;

/**
 * The kernel's work per operation (a round trip in rtt mode, a message in stream mode) for each
 * side's measuring thread: system calls, bytes through the kernel, context switches, page faults.
 * Unlike time, these barely move when the host gets slower.
 */
public record WorkCost(String per, Side driver, Side peer) {
    /**
     * One side, per operation. {@code otherCalls} are the system calls {@code /proc/thread-self/io}
     * does not count (futex, poll, epoll_wait, mq_*, msg*), counted by the transport itself, and
     * {@code otherBytes} the message bytes they moved.
     */
    public record Side(double systemCalls, double readCalls, double writeCalls, double otherCalls, double readBytes,
                       double writeBytes, double otherBytes, double voluntaryCtxSwitches, double involuntaryCtxSwitches,
                       double minorFaults, double majorFaults) {
        public static Side of(ThreadWork w, double operations) {
            double n = operations;
            return new Side(round(w.systemCalls() / n), round(w.readCalls() / n), round(w.writeCalls() / n),
                    round(w.uncountedCalls() / n), round(w.readBytes() / n), round(w.writeBytes() / n), round(w.uncountedBytes() / n),
                    round(w.voluntaryCtxSwitches() / n), round(w.involuntaryCtxSwitches() / n),
                    round(w.minorFaults() / n), round(w.majorFaults() / n));
        }

        @JsonIgnore
        public double kernelBytes() {
            return readBytes + writeBytes + otherBytes;
        }

        @JsonIgnore
        public double ctxSwitches() {
            return voluntaryCtxSwitches + involuntaryCtxSwitches;
        }
    }

    /** Null unless both sides reported their work. */
    public static WorkCost of(String per, ThreadWork driver, ThreadWork peer, double operations) {
        if (driver == null || peer == null || operations <= 0) {
            return null;
        }
        return new WorkCost(per, Side.of(driver, operations), Side.of(peer, operations));
    }

    /** System calls of both sides per operation. */
    @JsonIgnore
    public double systemCalls() {
        return driver.systemCalls() + peer.systemCalls();
    }

    /** Bytes copied into and out of the kernel by both sides per operation (read plus written). */
    @JsonIgnore
    public double kernelBytes() {
        return driver.kernelBytes() + peer.kernelBytes();
    }

    /** Context switches (voluntary and involuntary) of both sides per operation. */
    @JsonIgnore
    public double ctxSwitches() {
        return driver.ctxSwitches() + peer.ctxSwitches();
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
