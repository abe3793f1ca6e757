package io.ipcbench.core.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Direct buffers in native byte order (a {@code duplicate()} forgets the order: use {@link #view}). */
public final class Buffers {
    /** Where every direct buffer starts: a cache line, as C's buffers do (malloc gives 16 bytes). */
    public static final int ALIGNMENT = 64;

    private Buffers() {
    }

    /** A direct buffer of exactly {@code capacity} bytes whose first byte is {@link #ALIGNMENT}-aligned. */
    public static ByteBuffer direct(int capacity) {
        ByteBuffer raw = ByteBuffer.allocateDirect(capacity + 2 * ALIGNMENT);
        return raw.alignedSlice(ALIGNMENT).limit(capacity).slice().order(ByteOrder.nativeOrder());
    }

    /** A second cursor over the same memory, in native order. */
    public static ByteBuffer view(ByteBuffer buffer) {
        return buffer.duplicate().order(ByteOrder.nativeOrder());
    }
}
