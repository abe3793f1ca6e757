package io.ipcbench.mq;

import io.ipcbench.core.frame.Buffers;
import io.ipcbench.core.frame.Frame;
import io.ipcbench.core.frame.VerificationException;
import io.ipcbench.core.io.Waiter;
import io.ipcbench.core.nat.AddressCache;
import io.ipcbench.core.nat.Memory;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.PeerGoneException;
import io.ipcbench.core.spi.WaitStrategy;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Whole frames over a queue of bounded messages: the one framing loop that both message-queue
 * transports share. A frame longer than one queue message travels as a sequence of maximal
 * fragments of {@code chunk} bytes (the last one shorter), in order, and is put together again in
 * this link's own buffer; {@code fragments} per frame go into the results.
 *
 * <p>A queue has no end of stream: closing sends a zero-length message, which the other side
 * takes as the end.
 *
 * <p>Copies: a fragment that lies wholly in the caller's header or payload buffer is sent from
 * there, unless the mechanism needs a prefix in front of the text (System V's {@code mtype} word);
 * otherwise it is assembled in one staging buffer first. Received fragments land straight at their
 * place in the frame buffer; a prefix that the kernel writes in front of a fragment overwrites the
 * previous fragment's last bytes, which are saved and put back.
 */
abstract class FragmentLink implements Link {
    /** {@link #trySend}/{@link #tryReceive}: the queue was full or empty (non-blocking). */
    static final long AGAIN = -1;
    /** {@link #trySend}/{@link #tryReceive}: a timed call timed out (blocking). */
    static final long TIMED_OUT = -2;

    protected final String what;
    private final Waiter waiter;
    private final int chunk;
    private final int prefix;
    private final int maxFrameBytes;
    private final ByteBuffer staging;
    private final long stagingAddress;
    private final ByteBuffer buffer;
    private final long bufferAddress;
    private final ByteBuffer view;
    private long calls;
    private long bytes;
    private final AddressCache addresses = new AddressCache();
    private boolean closed;

    /**
     * @param chunk  the largest text of one queue message
     * @param prefix bytes the mechanism keeps in front of each message's text: 0, or 8 for System V's mtype
     * @param prefixWord the value sent in that prefix (the mtype)
     */
    FragmentLink(String what, int maxFrameBytes, int chunk, int prefix, long prefixWord, WaitStrategy wait, Guard guard) {
        if (prefix != 0 && prefix != Long.BYTES) {
            throw new IllegalArgumentException("prefix must be 0 or 8 bytes: " + prefix);
        }
        this.what = what;
        this.waiter = new Waiter(wait, guard);
        this.chunk = chunk;
        this.prefix = prefix;
        this.maxFrameBytes = maxFrameBytes;
        this.staging = Buffers.direct(prefix + chunk);
        this.stagingAddress = Memory.address(staging);
        if (prefix > 0) {
            staging.putLong(0, prefixWord);
        }
        int fragments = fragments(maxFrameBytes, chunk);
        // the frame starts at `prefix`; the last fragment may be received with a full chunk of room
        this.buffer = Buffers.direct(prefix + fragments * chunk);
        this.bufferAddress = Memory.address(buffer);
        this.view = Buffers.view(buffer);
    }

    static int fragments(int frameBytes, int chunk) {
        return (frameBytes + chunk - 1) / chunk;
    }

    /** Sends one queue message whose text is {@code length} bytes at {@code text} (the prefix, if any, is in front of it). */
    protected abstract long trySend(long text, int length) throws IOException;

    /** Receives one queue message's text to {@code text} (prefix in front), at most {@code room} bytes; returns its length. */
    protected abstract long tryReceive(long text, int room) throws IOException;

    /** As {@link #tryReceive}, but never waits: {@link #AGAIN} when nothing is there. */
    protected abstract long tryReceiveNow(long text, int room) throws IOException;

    /** Whether {@link #trySend}/{@link #tryReceive} block in the kernel (with a time limit) rather than return {@link #AGAIN}. */
    protected abstract boolean blocking();

    @Override
    public void send(ByteBuffer head, ByteBuffer body) throws IOException {
        ensureOpen();
        int h = head.remaining();
        int total = h + body.remaining();
        long headAddress = head.hasRemaining() ? addresses.of(head) + head.position() : 0;
        long bodyAddress = body.hasRemaining() ? addresses.of(body) + body.position() : 0;
        for (int off = 0; off < total; off += chunk) {
            int len = Math.min(chunk, total - off);
            long text;
            if (prefix == 0 && off + len <= h) {
                text = headAddress + off;
            } else if (prefix == 0 && off >= h) {
                text = bodyAddress + (off - h);
            } else {
                int fromHead = Math.max(0, Math.min(len, h - off));
                if (fromHead > 0) {
                    staging.put(prefix, head, head.position() + off, fromHead);
                }
                if (len > fromHead) {
                    staging.put(prefix + fromHead, body, body.position() + Math.max(0, off - h), len - fromHead);
                }
                text = stagingAddress + prefix;
            }
            int attempt = 0;
            long r;
            calls++;
            while ((r = trySend(text, len)) < 0) {
                idle(attempt++, r);
                calls++;
            }
            bytes += len;
        }
    }

    @Override
    public ByteBuffer receive() throws IOException {
        ensureOpen();
        int first = receiveFragment(0, chunk);
        if (first == 0) {
            throw new PeerGoneException("the other side closed " + what);
        }
        if (first < Frame.HEADER_BYTES) {
            throw new VerificationException("a message of " + first + " bytes on " + what
                    + " is shorter than a frame header (torn or foreign message)");
        }
        int payload = Frame.payloadLength(buffer, prefix);
        if (payload < 0 || payload > maxFrameBytes - Frame.HEADER_BYTES) {
            throw new VerificationException("a message header on " + what + " announces " + payload
                    + " payload bytes; at most " + (maxFrameBytes - Frame.HEADER_BYTES) + " are expected");
        }
        int total = Frame.HEADER_BYTES + payload;
        expectLength(first, Math.min(chunk, total), 0, total);
        for (int off = chunk; off < total; off += chunk) {
            int n = receiveFragment(off, chunk);
            expectLength(n, Math.min(chunk, total - off), off / chunk, total);
        }
        view.limit(prefix + total).position(prefix);
        return view;
    }

    private void expectLength(int got, int expected, int index, int total) throws VerificationException {
        if (got != expected) {
            throw new VerificationException("fragment " + index + " of a " + total + "-byte frame on " + what + " has "
                    + got + " bytes, expected " + expected + " (fragments lost, reordered or torn)");
        }
    }

    /** Receives the fragment for frame offset {@code off}; keeps the bytes its prefix lands on. */
    private int receiveFragment(int off, int room) throws IOException {
        int at = prefix + off;
        long saved = off > 0 && prefix > 0 ? buffer.getLong(at - prefix) : 0;
        int attempt = 0;
        long n;
        calls++;
        while ((n = tryReceive(bufferAddress + at, room)) < 0) {
            try {
                idle(attempt++, n);
                calls++;
            } catch (PeerGoneException e) {
                // its last message (the peer's REPORT) may have arrived after our last try and just
                // before it exited: take it if it is there, without waiting
                if ((n = tryReceiveNow(bufferAddress + at, room)) < 0) {
                    throw e;
                }
                break;
            }
        }
        if (off > 0 && prefix > 0) {
            buffer.putLong(at - prefix, saved);
        }
        bytes += n;
        return (int) n;
    }

    private void idle(int attempt, long reason) throws IOException {
        if (reason == TIMED_OUT) {
            waiter.check();
        } else if (reason == AGAIN && !blocking()) {
            waiter.idle(attempt);
        } else {
            waiter.retry(attempt);
        }
    }

    /** Every send and receive is one message-queue system call, which the kernel's read and write counts do not see. */
    @Override
    public long uncountedCalls() {
        return calls;
    }

    /** Each message's bytes, copied into the queue by its sender and out by its receiver. */
    @Override
    public long uncountedBytes() {
        return bytes;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException(what + " is closed");
        }
    }

    /**
     * Tells the other side, best effort and without blocking, that this side is closing: a queue
     * has no end of stream, so a zero-length message (never a valid fragment) stands in for it.
     */
    protected abstract void sendEndOfStream();

    /** Releases the mechanism's handles; called once. */
    protected abstract void release() throws IOException;

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                sendEndOfStream();
            } finally {
                release();
            }
        }
    }
}
