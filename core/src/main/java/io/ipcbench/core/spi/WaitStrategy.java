package io.ipcbench.core.spi;

import io.ipcbench.core.Ids;

import java.util.concurrent.locks.LockSupport;

/**
 * How a side waits for the other: a parameter of every run, never a hidden choice.
 * Transports that block in the kernel use {@link #BLOCK}; the others poll with {@link #idle(int)}.
 */
public enum WaitStrategy {
    /** Sleep in the kernel (a blocking system call, a semaphore or a futex). */
    BLOCK,
    /** Busy-poll: never gives up the CPU. */
    SPIN,
    /** Spin, then yield, then park for a bounded time. */
    BACKOFF;

    private static final int SPINS = 1_000;
    private static final int YIELDS = 100;
    private static final long MAX_PARK_NS = 50_000;

    /** Called by a polling loop on its {@code attempt}-th failed poll (0-based). */
    public void idle(int attempt) {
        if (this == SPIN || attempt < SPINS) {
            Thread.onSpinWait();
        } else if (attempt < SPINS + YIELDS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(Math.min(MAX_PARK_NS, 1_000L << Math.min(6, (attempt - SPINS - YIELDS) / 16)));
        }
    }

    /** The name used on the command line and in results. */
    public String id() {
        return Ids.id(this);
    }

    /** Parses a command-line name; the error lists the names allowed. */
    public static WaitStrategy of(String id) {
        return Ids.of(WaitStrategy.class, id, "wait strategy");
    }
}
