package io.ipcbench.shm;

/**
 * Where everything sits in the segment. Two rings, one per direction, each a single-producer
 * single-consumer array of fixed slots:
 *
 * <pre>
 *  segment: | control 256 B (magic, layout; closed-by flag at 128) | ring 0: driver -> peer | ring 1: peer -> driver |
 *  ring:    | head (128 B) | tail (128 B) | consumer sleeping (128 B) | producer sleeping (128 B) | slots ... |
 *  slot:    | int stamp | int frame length | frame (header + payload) ... | (stride: multiple of 32)
 * </pre>
 *
 * The stamp is the number of the message in the slot + 1 (low 32 bits): stored last by the
 * producer, it says the slot is ready. {@code head} counts messages published and is kept only by
 * {@code block} producers (it is their futex word); {@code tail} counts
 * messages consumed and is written only by the consumer. Each has 128 bytes to itself, so neither
 * shares a cache line (nor the adjacent-line prefetch pair) with the other. The sleeping flags
 * are only used by the {@code block} wait strategy.
 */
record ShmLayout(int slots, int stride, long ringBytes, long segmentBytes) {
    static final int CONTROL = 256;
    /** In the control block, on its own line: 0 while open, else 1 + the side (0 driver, 1 peer) that closed first. */
    static final int CLOSED_BY = 128;
    static final int HEAD = 0;
    static final int TAIL = 128;
    /** {@code block} only: while the consumer sleeps (or is about to) on the futex word of {@code head}, the head it saw + 1; else 0. */
    static final int CONSUMER_SLEEPING = 256;
    /** {@code block} only: while the producer sleeps (or is about to) on the futex word of {@code tail}, the tail it saw + 1; else 0. */
    static final int PRODUCER_SLEEPING = 384;
    static final int DATA = 512;
    static final int SLOT_STAMP = 0;
    static final int SLOT_LENGTH = 4;
    static final int SLOT_HEADER = 8;
    /**
     * Slots are packed at 32-byte steps, not one cache line each: a 64 B payload takes 96 B of slot
     * (stamp, length, frame header, payload), so consecutive small messages share lines and a
     * stream moves 1.5 lines per message instead of 2.
     */
    static final int STRIDE_ALIGN = 32;
    /** Largest slot stride that is pre-touched (see {@link ShmLink}): at 64 KiB it cost more than it saved. */
    static final int PRETOUCH_MAX_STRIDE = 16 * 1024;
    /** Smallest slot stride whose ring is interleaved (see {@link #slotOf}). */
    static final int INTERLEAVE_MIN_STRIDE = 1024;
    static final int MAX_SLOTS = 1024;
    static final int MIN_SLOTS = 4;
    /** Default bytes of slots per ring, as the C reference: 4 MiB, at least 4 and at most 1024 slots. */
    static final long DEFAULT_RING_BYTES = 4L << 20;
    /** The option that sizes the rings. */
    static final String RING_OPTION = "shm.ring";

    /**
     * Slots for frames of up to {@code maxFrameBytes}. With no ring size given: 4 MiB of slots, at
     * least 4 and at most 1024. A given ring size must hold at least one frame.
     */
    static ShmLayout of(int maxFrameBytes, Long ringOption) {
        int stride = (SLOT_HEADER + maxFrameBytes + STRIDE_ALIGN - 1) & -STRIDE_ALIGN;
        int slots;
        if (ringOption == null) {
            slots = (int) Math.max(MIN_SLOTS, Math.min(MAX_SLOTS, Long.highestOneBit(DEFAULT_RING_BYTES / stride)));
        } else {
            long fit = ringOption / stride;
            if (fit < 1) {
                throw ShmTransport.RING.error(ringOption + " B cannot hold one message of "
                        + (maxFrameBytes) + " B (header included; each slot takes " + stride + " B); raise it");
            }
            slots = (int) Math.min(MAX_SLOTS, Long.highestOneBit(fit));
        }
        long ring = DATA + (long) slots * stride;
        long segment = CONTROL + 2 * ring;
        if (segment > Integer.MAX_VALUE) {
            throw ShmTransport.RING.error("a segment of " + segment + " B is above the 2 GiB ipcbench maps");
        }
        return new ShmLayout(slots, stride, ring, segment);
    }

    /**
     * The slot of message {@code m}. Rings of pre-touched slots of 1 KiB or more are interleaved:
     * even messages go to the first half of the ring and odd ones to the second, so consecutive
     * messages are half a ring apart. With consecutive slots, the consumer's hardware prefetcher,
     * reading message {@code m}, ran on into the slot of {@code m + 1} and took back the lines the
     * producer was pre-touching for it. Small slots stay in order: there consecutive
     * messages share cache lines, which is what makes a stream of them cheap. Periodic in
     * {@code slots} and one-to-one over any {@code slots} consecutive messages, like {@code m mod slots}.
     */
    int slotOf(long m) {
        if (!interleaved()) {
            return (int) (m & (slots - 1));
        }
        int half = slots >> 1;
        return ((m & 1) == 0 ? 0 : half) + (int) ((m >> 1) & (half - 1));
    }

    boolean interleaved() {
        return slots >= 4 && stride >= INTERLEAVE_MIN_STRIDE && stride <= PRETOUCH_MAX_STRIDE;
    }

    long ringOffset(int ring) {
        return CONTROL + ring * ringBytes;
    }

    int maxFrameBytes() {
        return stride - SLOT_HEADER;
    }
}
