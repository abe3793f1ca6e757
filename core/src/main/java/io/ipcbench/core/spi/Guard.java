package io.ipcbench.core.spi;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Liveness of the other side, for every wait that is not a blocking kernel call.
 * A polling loop calls {@link #check()} now and then (every thousand polls or so); it throws
 * {@link PeerGoneException} once the other process is gone or the watchdog has given up on it.
 * Blocking calls need no guard: the watchdog kills a stalled peer, which turns them into EOF.
 */
public interface Guard {
    /** Throws if the other side is gone or has stalled past the timeout. */
    void check() throws IOException;

    /** The longest silence allowed, in nanoseconds. */
    long timeoutNanos();

    /**
     * Asks the process's watcher to run {@code action} (with the reason) once the other side is
     * found gone or silent: for a link whose blocking call would not notice by itself. A guard
     * without a watcher never runs it.
     */
    default void whenGone(Consumer<String> action) {
    }

    /** A guard that never trips, for tests of one process. */
    Guard NONE = new Guard() {
        @Override
        public void check() {
        }

        @Override
        public long timeoutNanos() {
            return Long.MAX_VALUE;
        }
    };
}
