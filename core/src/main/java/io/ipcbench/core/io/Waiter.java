package io.ipcbench.core.io;

import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.WaitStrategy;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * How a polling loop waits, in the spirit of agrona's {@code IdleStrategy}: the wait strategy's
 * idling between failed polls, and every {@link #GUARD_EVERY} of them a check that the other side
 * is alive (plus whatever else the link must watch, such as the other side closing). The loop
 * keeps its own attempt count, so the path that finds data at once costs nothing.
 */
public final class Waiter {
    /** Failed polls between two liveness checks. */
    public static final int GUARD_EVERY = 1024;
    /** What a loop waiting for the other side to appear (open, accept, a full queue at close) sleeps between tries. */
    public static final long RETRY_NANOS = 200_000;

    /** A check that throws when waiting on is pointless. */
    @FunctionalInterface
    public interface Check {
        void check() throws IOException;
    }

    private final WaitStrategy wait;
    private final Guard guard;
    private final Check also;

    public Waiter(WaitStrategy wait, Guard guard) {
        this(wait, guard, null);
    }

    /** {@code also}, when not null, is checked with the guard. */
    public Waiter(WaitStrategy wait, Guard guard, Check also) {
        this.wait = wait;
        this.guard = guard;
        this.also = also;
    }

    /** After the {@code attempt}-th failed poll in a row (0-based): the check now and then, then the strategy's idle. */
    public void idle(int attempt) throws IOException {
        retry(attempt);
        wait.idle(attempt);
    }

    /** After the {@code attempt}-th retry of a call that waits in the kernel by itself: only the check now and then. */
    public void retry(int attempt) throws IOException {
        if (attempt % GUARD_EVERY == GUARD_EVERY - 1) {
            check();
        }
    }

    /** The check, now. */
    public void check() throws IOException {
        guard.check();
        if (also != null) {
            also.check();
        }
    }

    /** Between two tries of a call that waits for the other side to appear: the guard, then a short sleep. */
    public static void betweenTries(Guard guard) throws IOException {
        guard.check();
        LockSupport.parkNanos(RETRY_NANOS);
    }
}
