package io.ipcbench.core.frame;

import java.nio.ByteBuffer;

/**
 * The payload of every DATA message, and its verification.
 *
 * <p>The payload of message {@code seq} is the window starting at {@code 8 * (seq % PERIOD)} of one
 * fixed pseudo-random buffer (8-byte steps keep loads aligned for the copies and the comparison) that both processes derive from the same seed. So consecutive
 * messages differ in almost every byte, and a receiver can check a payload against the expected
 * window with one {@link ByteBuffer#mismatch} pass (a vectorised memcmp in the JDK) that touches
 * every byte. That catches a corrupted byte anywhere, and a stale or torn payload (bytes left from
 * an earlier message in a reused buffer), unless the earlier message was a multiple of
 * {@link #PERIOD} messages before; the prime period keeps that from lining up with ring sizes.
 *
 * <p>The sender sends the window itself (gathering write or one copy into shared memory): no
 * per-message generation. Not thread-safe: one instance per thread.
 */
public final class Pattern {
    /** Prime, so it shares no factor with power-of-two ring sizes. */
    public static final int PERIOD = 1021;
    private static final long SEED = 0x1CB_E4C4L;
    private static final int STALE_EVIDENCE_BYTES = 16;

    private final int length;
    private final ByteBuffer bytes;
    private final ByteBuffer sendWindow;
    private final ByteBuffer expectWindow;

    public Pattern(int payloadLength) {
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative payload length " + payloadLength);
        }
        this.length = payloadLength;
        int capacity = (payloadLength + 8 * PERIOD + 7) & ~7;
        this.bytes = Buffers.direct(capacity);
        long s = SEED;
        for (int i = 0; i < capacity; i += 8) {
            s += 0x9E3779B97F4A7C15L; // splitmix64
            long z = s;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            bytes.putLong(i, z ^ (z >>> 31));
        }
        this.sendWindow = Buffers.view(bytes);
        this.expectWindow = Buffers.view(bytes);
    }

    public int length() {
        return length;
    }

    /** The payload of message {@code seq}, as a buffer to send (reused: valid until the next call). */
    public ByteBuffer window(long seq) {
        int off = offset(seq);
        sendWindow.limit(off + length).position(off);
        return sendWindow;
    }

    /**
     * Checks the payload of the DATA frame at {@code frame.position()}: its length and every byte.
     * The frame's position and limit are restored.
     */
    public void verify(ByteBuffer frame, long seq) throws VerificationException {
        int at = frame.position();
        int limit = frame.limit();
        int actualLength = Frame.payloadLength(frame, at);
        if (actualLength != length || limit - at != Frame.HEADER_BYTES + length) {
            throw new VerificationException("message " + seq + ": expected a payload of " + length
                    + " B, got " + actualLength + " B in a frame of " + (limit - at) + " B");
        }
        int off = offset(seq);
        expectWindow.limit(off + length).position(off);
        frame.position(at + Frame.HEADER_BYTES);
        int bad = frame.mismatch(expectWindow);
        frame.position(at);
        if (bad >= 0) {
            throw new VerificationException(describeMismatch(frame, at, seq, bad));
        }
    }

    private String describeMismatch(ByteBuffer frame, int at, long seq, int bad) {
        int actual = frame.get(at + Frame.HEADER_BYTES + bad) & 0xFF;
        int expected = bytes.get(offset(seq) + bad) & 0xFF;
        StringBuilder why = new StringBuilder()
                .append("message ").append(seq).append(" (payload ").append(length).append(" B): byte ")
                .append(bad).append(" is 0x").append(hex(actual)).append(", expected 0x").append(hex(expected));
        // Say whether the rest of the payload belongs to another message: stale or torn data.
        // Only a tail long enough not to match by chance counts.
        for (long back = 1; length - bad >= STALE_EVIDENCE_BYTES && back < Math.min(PERIOD, seq + 1); back++) {
            if (matchesFrom(frame, at, seq - back, bad)) {
                why.append("; the bytes from there on are those of message ").append(seq - back)
                        .append(" (stale or torn data)");
                return why.toString();
            }
        }
        return why.append(" (corrupted)").toString();
    }

    private boolean matchesFrom(ByteBuffer frame, int at, long otherSeq, int from) {
        int off = offset(otherSeq);
        for (int i = from; i < length; i++) {
            if (frame.get(at + Frame.HEADER_BYTES + i) != bytes.get(off + i)) {
                return false;
            }
        }
        return true;
    }

    private static String hex(int b) {
        return String.format("%02x", b);
    }

    private static int offset(long seq) {
        return 8 * (int) Long.remainderUnsigned(seq, PERIOD);
    }
}
