package io.ipcbench.core.nat;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;

/**
 * Bulk copies between direct buffers. Below {@link #NATIVE_COPY_BYTES} the JDK's own
 * {@code ByteBuffer.put} (an intrinsic) wins; above it glibc's {@code memcpy}, called through a
 * jnr-ffi stub (about 10 ns a call; bound with {@link Posix}'s per-message calls), copies cache lines that
 * sit in the other core's cache about twice as fast as the JIT's copy stub (measured on 64 KiB ring
 * slots: 4 us vs 1.9 us), which is what a shared-memory transfer is.
 */
public final class Memory {
    public static final int NATIVE_COPY_BYTES = Integer.getInteger("ipcbench.memcpyBytes", 8192);

    private Memory() {
    }

    /** The address of a direct buffer's first byte (index 0, not its position). */
    public static long address(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    /**
     * Copies {@code n} bytes from {@code src[srcIndex]} to {@code dst[dstIndex]}; both direct,
     * with their base addresses given (looked up once by the caller, so nothing is allocated here).
     */
    public static void copy(ByteBuffer dst, long dstAddress, int dstIndex, ByteBuffer src, long srcAddress, int srcIndex, int n) {
        copy(dst, dstAddress, dstIndex, src, srcAddress, srcIndex, n, NATIVE_COPY_BYTES);
    }

    /** The same, with glibc's {@code memcpy} from {@code nativeFrom} bytes on. */
    public static void copy(ByteBuffer dst, long dstAddress, int dstIndex, ByteBuffer src, long srcAddress, int srcIndex, int n,
                            int nativeFrom) {
        if (n >= nativeFrom) {
            java.util.Objects.checkFromIndexSize(dstIndex, n, dst.capacity());
            java.util.Objects.checkFromIndexSize(srcIndex, n, src.capacity());
            Posix.memcpy(dstAddress + dstIndex, srcAddress + srcIndex, n);
        } else {
            dst.put(dstIndex, src, srcIndex, n);
        }
    }
}
