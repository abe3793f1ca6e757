package io.ipcbench.core.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Direct buffers in native byte order (a {@code duplicate()} forgets the order: use {@link #view}). */
public final class Buffers {
    private Buffers() {
    }

    public static ByteBuffer direct(int capacity) {
        return ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
    }

    /** A second cursor over the same memory, in native order. */
    public static ByteBuffer view(ByteBuffer buffer) {
        return buffer.duplicate().order(ByteOrder.nativeOrder());
    }
}
