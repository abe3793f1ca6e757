package io.ipcbench.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A byte stream in both directions, as a pipe pair, a FIFO pair or a socket gives. Used by
 * {@link StreamLink}, which turns it into whole messages.
 */
public interface ByteIo extends AutoCloseable {
    /** Reads into {@code dst}; returns bytes read, 0 if none are ready (non-blocking), -1 at end of stream. */
    int read(ByteBuffer dst) throws IOException;

    /** Gathering write; returns bytes written, 0 if the stream is full (non-blocking). */
    long write(ByteBuffer[] srcs) throws IOException;

    /** Whether {@code read}/{@code write} may return 0 and need polling. */
    boolean nonBlocking();

    @Override
    void close() throws IOException;
}
