package io.ipcbench.core.io;

import io.ipcbench.core.frame.Buffers;
import io.ipcbench.core.frame.Frame;
import io.ipcbench.core.frame.VerificationException;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.PeerGoneException;
import io.ipcbench.core.spi.WaitStrategy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/**
 * Whole messages over a byte stream (pipes, FIFOs, stream sockets): the one framing loop that
 * every stream transport shares.
 *
 * <p>Receiving reads into one direct buffer and returns a view of each frame in place, so the
 * only copy is the kernel's into that buffer. It reads ahead at most {@link #READ_AHEAD} bytes past
 * the frame it needs (or what the transport chose), so small messages arrive many per system call
 * while a large frame never drags a large tail that must be moved.
 * Sending is one write: a small frame is first copied into one buffer ({@link #COALESCE_BYTES}), a
 * larger one goes as a gathering write of header and payload. Partial reads and writes are normal and
 * are looped over; a non-blocking stream is polled with the wait strategy and the guard.
 */
public final class StreamLink implements Link {
    /** How far a read may reach past the frame it needs, by default. */
    public static final int READ_AHEAD = 64 * 1024;
    /** {@code -Dipcbench.stream.readAhead}: the read-ahead of every link, whatever its transport chose (for A/B runs); null if unset. */
    private static final Integer READ_AHEAD_OVERRIDE = Integer.getInteger("ipcbench.stream.readAhead");
    /**
     * A frame of at most this many bytes is copied into one buffer and sent with one plain
     * {@code write}: the kernel's {@code writev} costs more than its {@code write}, even for one
     * segment, and far more than copying a small frame (docs/measurements/2026-12-08-small-streams.md).
     * {@code -Dipcbench.stream.coalesceBytes} overrides it; 0 turns it off.
     */
    static final int COALESCE_BYTES = Integer.getInteger("ipcbench.stream.coalesceBytes", 1024);

    private final ByteIo io;
    private final String what;
    private final Waiter waiter;
    private final int maxFrameBytes;
    private final int readAhead;
    private final ByteBuffer buffer;
    private final ByteBuffer view;
    private final ByteBuffer[] parts = new ByteBuffer[2];
    private final ByteBuffer[] headOnly = new ByteBuffer[1];
    private final ByteBuffer[] bodyOnly = new ByteBuffer[1];
    /** A small frame's header and payload, copied together ({@link #COALESCE_BYTES}). */
    private final ByteBuffer joined;
    private final ByteBuffer nothing = Buffers.direct(0);
    private int start;
    private int end;
    private int next;
    private boolean closed;

    public StreamLink(ByteIo io, String what, int maxFrameBytes, WaitStrategy wait, Guard guard) {
        this(io, what, maxFrameBytes, READ_AHEAD, wait, guard);
    }

    /** With reads that reach at most {@code readAhead} bytes past the frame they need. */
    public StreamLink(ByteIo io, String what, int maxFrameBytes, int readAhead, WaitStrategy wait, Guard guard) {
        this.io = io;
        this.what = what;
        // a blocking stream returns 0 only mid-transfer: it spins, never parks
        this.waiter = new Waiter(io.nonBlocking() ? wait : WaitStrategy.SPIN, guard);
        this.maxFrameBytes = maxFrameBytes;
        this.readAhead = READ_AHEAD_OVERRIDE != null ? READ_AHEAD_OVERRIDE : readAhead;
        this.buffer = Buffers.direct(maxFrameBytes + this.readAhead);
        this.view = Buffers.view(buffer);
        this.joined = Buffers.direct(Math.min(COALESCE_BYTES, maxFrameBytes));
    }

    @Override
    public void send(ByteBuffer head, ByteBuffer body) throws IOException {
        ensureOpen();
        int h = head.remaining();
        int b = body.remaining();
        if (h + b <= joined.capacity()) {
            joined.clear().put(0, head, head.position(), h).put(h, body, body.position(), b).limit(h + b);
            headOnly[0] = joined;
            writeAll(joined, nothing);
            return;
        }
        int headPosition = head.position();
        int bodyPosition = body.position();
        parts[0] = head;
        parts[1] = body;
        headOnly[0] = head;
        bodyOnly[0] = body;
        try {
            writeAll(head, body);
        } finally {
            head.position(headPosition);
            body.position(bodyPosition);
        }
    }

    /** Writes until {@code head} and {@code body} are sent, as {@link #parts}, {@link #headOnly} or {@link #bodyOnly} hold them. */
    private void writeAll(ByteBuffer head, ByteBuffer body) throws IOException {
        try {
            int attempt = 0;
            while (head.hasRemaining() || body.hasRemaining()) {
                // never an empty buffer: jnr-unixsocket writes each one with its own write(2), and a
                // zero-byte write to a socket the other side has just closed fails with EPIPE
                long n = io.write(!body.hasRemaining() ? headOnly : !head.hasRemaining() ? bodyOnly : parts);
                if (n == 0) {
                    idle(attempt++);
                } else {
                    attempt = 0;
                }
            }
        } catch (PeerGoneException e) {
            throw e;
        } catch (ClosedChannelException e) {
            throw new IOException(what + " is closed", e);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("Broken pipe")) {
                throw new PeerGoneException("the peer closed its end of " + what + " (broken pipe)", e);
            }
            throw e;
        }
    }

    @Override
    public ByteBuffer receive() throws IOException {
        ensureOpen();
        start = next;
        if (start == end) {
            // nothing buffered: rewinding is free, and keeps a whole frame's room ahead of us
            start = end = 0;
        }
        fill(Frame.HEADER_BYTES);
        int payload = Frame.payloadLength(buffer, start);
        if (payload < 0 || payload > maxFrameBytes - Frame.HEADER_BYTES) {
            throw new VerificationException("a message header on " + what + " announces " + payload
                    + " payload bytes; at most " + (maxFrameBytes - Frame.HEADER_BYTES)
                    + " are expected (corrupt or out-of-step stream)");
        }
        int frame = Frame.HEADER_BYTES + payload;
        fill(frame);
        next = start + frame;
        view.limit(next).position(start);
        return view;
    }

    /** Makes at least {@code need} bytes from {@code start} available in the buffer. */
    private void fill(int need) throws IOException {
        if (end - start >= need) {
            return;
        }
        if (start + need > buffer.capacity()) {
            buffer.limit(end).position(start);
            buffer.compact();
            end -= start;
            start = 0;
        }
        int attempt = 0;
        while (end - start < need) {
            buffer.limit(Math.min(buffer.capacity(), start + need + readAhead)).position(end);
            int n;
            try {
                n = io.read(buffer);
            } catch (ClosedChannelException e) {
                throw new IOException(what + " is closed", e);
            }
            if (n > 0) {
                end += n;
                attempt = 0;
            } else if (n < 0) {
                throw new PeerGoneException("end of stream on " + what + ": the peer closed its end or exited"
                        + (end > start ? " in the middle of a message (" + (end - start) + " of " + need + " bytes)" : ""));
            } else {
                idle(attempt++);
            }
        }
    }

    private void idle(int attempt) throws IOException {
        waiter.idle(attempt);
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException(what + " is closed");
        }
    }

    @Override
    public long uncountedCalls() {
        return io.uncountedCalls();
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            io.close();
        }
    }
}
