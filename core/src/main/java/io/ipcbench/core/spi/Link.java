package io.ipcbench.core.spi;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One side of a duplex channel of whole messages (frames, see {@link io.ipcbench.core.frame.Frame}).
 *
 * <p>Both methods are called from one thread. Neither allocates per call. A link bounds every
 * wait: it throws {@link PeerGoneException} when the other side is gone.
 */
public interface Link extends AutoCloseable {
    /**
     * Sends one message made of {@code head}'s remaining bytes followed by {@code body}'s
     * (either may be empty). Positions and limits are as they were when it returns.
     */
    void send(ByteBuffer head, ByteBuffer body) throws IOException;

    /**
     * Receives the next whole message, copied out of the mechanism into this link's own buffer.
     * The returned buffer's position..limit is the frame; it stays valid until the next call of
     * {@code receive} or {@code close}, and the caller may send it straight back.
     */
    ByteBuffer receive() throws IOException;

    /**
     * The system calls this side has made so far that {@code /proc/thread-self/io} does not count
     * ({@code futex}, {@code poll}, {@code epoll_wait}, {@code mq_*}, {@code msg*}), for the work
     * counters; a plain counter, read by the thread that sends and receives. 0 for a link whose
     * calls are all reads and writes.
     */
    default long uncountedCalls() {
        return 0;
    }

    /** The message bytes those uncounted calls copied into or out of the kernel so far (a queue's messages). */
    default long uncountedBytes() {
        return 0;
    }

    /** Releases everything; idempotent. Later calls of send/receive throw. */
    @Override
    void close() throws IOException;
}
