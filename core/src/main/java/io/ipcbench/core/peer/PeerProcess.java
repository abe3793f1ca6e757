package io.ipcbench.core.peer;

import io.ipcbench.core.spi.PeerHandle;

import java.util.OptionalInt;

/** A started peer, as the rig sees it. */
public interface PeerProcess extends PeerHandle, AutoCloseable {
    /** Kills the peer at once (SIGKILL for a process). */
    void kill();

    /** Waits for the peer to end; empty if it did not within the time. */
    OptionalInt awaitExit(long timeoutMillis) throws InterruptedException;

    /** The last lines the peer wrote (its log), for failure messages; empty if none. */
    String lastWords();

    /** Kills it if still running and reaps it; idempotent. */
    @Override
    void close();
}
