package io.ipcbench.core.frame;

import java.nio.ByteBuffer;

/**
 * The message format every transport carries, in native byte order:
 *
 * <pre>
 *  0      4        8          16            24
 *  | type | length | sequence | sendTimeNs  | payload (length bytes) ...
 * </pre>
 *
 * {@code sendTimeNs} is {@link System#nanoTime()} (CLOCK_MONOTONIC, shared by all processes) when
 * the frame was sent, or {@link #NO_TIME} in stream messages (a clock read per message would cost
 * more than a small shared-memory message itself).
 * All accessors take the index where the frame starts, so no buffer position moves.
 */
public final class Frame {
    public static final int HEADER_BYTES = 24;
    /** {@code sendTimeNs} of a frame that carries no time. */
    public static final long NO_TIME = 0;

    public static final int DATA = 1;
    /** Driver to peer: a sync point; sequence 1 means "measurement starts now". */
    public static final int SYNC = 2;
    public static final int SYNC_ACK = 3;
    /** Driver to peer: measurement over, reply with {@link #REPORT} and exit. */
    public static final int END = 4;
    public static final int REPORT = 5;
    /** Peer to driver: attached and ready. */
    public static final int READY = 6;
    /** The peer's kernel work counters, right after its REPORT. */
    public static final int WORK = 7;
    /** Peer to driver, after WORK in load mode: a piece of a compressed one-way latency histogram. */
    public static final int HIST = 8;

    /**
     * Load-mode DATA frames carry their intended send time in {@code sendTimeNs} and how late the
     * driver actually sent them in the top 24 bits of {@code sequence}, in 16 ns units, saturating
     * at about 268 ms; the sequence itself keeps the low 40 bits (10^12 messages).
     */
    public static final int LAG_SHIFT = 40;
    public static final long SEQUENCE_MASK = (1L << LAG_SHIFT) - 1;
    private static final int LAG_UNIT_SHIFT = 4;
    private static final long LAG_UNITS_MAX = (1L << (64 - LAG_SHIFT)) - 1;
    /** The largest send lag a load frame can carry exactly. */
    public static final long LAG_MAX_NS = LAG_UNITS_MAX << LAG_UNIT_SHIFT;

    private static final int TYPE = 0;
    private static final int LENGTH = 4;
    private static final int SEQUENCE = 8;
    private static final int TIME = 16;

    private Frame() {
    }

    public static void writeHeader(ByteBuffer b, int at, int type, int payloadLength, long sequence, long sendTimeNs) {
        b.putInt(at + TYPE, type);
        b.putInt(at + LENGTH, payloadLength);
        b.putLong(at + SEQUENCE, sequence);
        b.putLong(at + TIME, sendTimeNs);
    }

    public static int type(ByteBuffer b, int at) {
        return b.getInt(at + TYPE);
    }

    public static int payloadLength(ByteBuffer b, int at) {
        return b.getInt(at + LENGTH);
    }

    public static long sequence(ByteBuffer b, int at) {
        return b.getLong(at + SEQUENCE);
    }

    public static long sendTimeNs(ByteBuffer b, int at) {
        return b.getLong(at + TIME);
    }

    /** A load frame's sequence field: {@code sequence} with {@code lagNs} (>= 0) packed above it. */
    public static long withLag(long sequence, long lagNs) {
        return sequence | (Math.min(lagNs >>> LAG_UNIT_SHIFT, LAG_UNITS_MAX) << LAG_SHIFT);
    }

    /** The send lag in a load frame's sequence field, to 16 ns. */
    public static long lagNs(long sequenceField) {
        return (sequenceField >>> LAG_SHIFT) << LAG_UNIT_SHIFT;
    }

    public static String typeName(int type) {
        return switch (type) {
            case DATA -> "DATA";
            case SYNC -> "SYNC";
            case SYNC_ACK -> "SYNC_ACK";
            case END -> "END";
            case REPORT -> "REPORT";
            case READY -> "READY";
            case WORK -> "WORK";
            case HIST -> "HIST";
            default -> "unknown type " + type;
        };
    }

    /** Throws unless the frame at {@code b.position()} has the expected type. */
    public static void expectType(ByteBuffer b, int expected) throws VerificationException {
        int actual = type(b, b.position());
        if (actual != expected) {
            throw new VerificationException("expected a " + typeName(expected) + " message, got " + typeName(actual)
                    + " (sequence " + sequence(b, b.position()) + ")");
        }
    }
}
