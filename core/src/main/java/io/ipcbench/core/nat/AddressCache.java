package io.ipcbench.core.nat;

import java.nio.ByteBuffer;

/**
 * Addresses of the few direct buffers a link sees (its own, the caller's header and payload),
 * looked up once each by identity, so that per-message native calls allocate nothing.
 * Not thread-safe: one per link.
 */
public final class AddressCache {
    private final ByteBuffer[] buffers = new ByteBuffer[8];
    private final long[] addresses = new long[8];
    private int next;

    /** The base address of {@code b}, which must be direct. */
    public long of(ByteBuffer b) {
        for (int i = 0; i < buffers.length; i++) {
            if (buffers[i] == b) {
                return addresses[i];
            }
        }
        if (!b.isDirect()) {
            throw new IllegalArgumentException("a heap buffer cannot be passed to native code");
        }
        long address = Memory.address(b);
        int slot = next++ & (buffers.length - 1);
        buffers[slot] = b;
        addresses[slot] = address;
        return address;
    }
}
