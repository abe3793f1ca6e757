package io.ipcbench.core.spi;

import java.io.IOException;
import java.util.Map;

/**
 * The driver's side of one channel before and while the peer starts. It owns the kernel objects
 * it created and removes them in {@link #close()} (or earlier, as soon as both sides are attached).
 */
public interface DriverEndpoint extends AutoCloseable {
    /** A short string on the peer's command line that tells it how to attach. */
    String peerSpec();

    /** Lets the endpoint hand kernel objects to the peer through its standard streams. */
    default void preparePeer(ProcessBuilder peer) {
    }

    /** Called once the peer process exists; returns the driver's link. Bounded by {@code guard}. */
    Link connect(PeerHandle peer, Guard guard) throws IOException;

    /**
     * Called once the peer has said it is attached (its READY arrived): the moment to remove names
     * ({@code shm_unlink}, {@code mq_unlink}, FIFO files) so that a kill -9 leaves nothing behind.
     */
    default void peerAttached() throws IOException {
    }

    /** Facts about the channel for the results (buffer sizes, kernel attributes...). */
    default Map<String, Object> facts() {
        return Map.of();
    }

    /** Idempotent. */
    @Override
    void close() throws IOException;
}
