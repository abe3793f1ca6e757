package io.ipcbench.shm;

import com.sun.jna.Pointer;
import io.ipcbench.core.Closer;
import io.ipcbench.core.frame.Buffers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/** A mapped shared memory segment: System V or POSIX. One owner, idempotent {@link #close()}. */
abstract class Segment implements AutoCloseable {
    final Pointer pointer;
    final long address;
    final long size;
    final ByteBuffer buffer;
    private boolean closed;

    Segment(Pointer pointer, long size) {
        this.pointer = pointer;
        this.address = Pointer.nativeValue(pointer);
        this.size = size;
        this.buffer = pointer.getByteBuffer(0, size).order(ByteOrder.nativeOrder());
    }

    /** What the peer needs to attach, after the transport's prefix. */
    abstract String spec();

    /** Removes the name, if the mechanism has one still there; idempotent. */
    void unlink() throws IOException {
    }

    abstract Map<String, Object> facts();

    /** Detaches or unmaps. */
    abstract void release() throws IOException;

    /** A second view over the same memory, in native order. */
    ByteBuffer view() {
        return Buffers.view(buffer);
    }

    @Override
    public final void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        Closer.all(this::unlink, this::release);
    }
}
