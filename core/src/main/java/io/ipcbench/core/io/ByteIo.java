package io.ipcbench.core.io;

import io.ipcbench.core.nat.Posix;
import io.ipcbench.core.spi.WaitStrategy;

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

    /**
     * The stream over a pipe's or FIFO's read end and another's write end, for a wait strategy:
     * {@code spin} polls the descriptors themselves ({@code O_NONBLOCK}, jnr-ffi calls); any other
     * wait blocks, in jnr-ffi {@code read}/{@code writev} when {@code nativeCalls}, else in JDK
     * channels opened again through {@code /proc/self/fd} (the originals closed). Takes ownership
     * of both descriptors, also when it fails.
     */
    static ByteIo ofPipeEnds(int readFd, int writeFd, WaitStrategy wait, boolean nativeCalls, String what) throws IOException {
        if (wait == WaitStrategy.SPIN || nativeCalls) {
            try {
                return new NativeFdIo(readFd, writeFd, what, wait == WaitStrategy.SPIN);
            } catch (IOException | RuntimeException e) {
                Posix.closeQuietly(readFd, writeFd);
                throw e;
            }
        }
        try {
            return ChannelIo.reopen(readFd, writeFd);
        } finally {
            Posix.closeQuietly(readFd, writeFd);
        }
    }

    /** System calls made so far that {@code /proc/thread-self/io} does not count (see {@link io.ipcbench.core.spi.Link#uncountedCalls}). */
    default long uncountedCalls() {
        return 0;
    }

    /** Whether {@code read}/{@code write} may return 0 and need polling. */
    boolean nonBlocking();

    @Override
    void close() throws IOException;
}
