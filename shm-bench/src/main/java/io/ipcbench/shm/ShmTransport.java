package io.ipcbench.shm;

import io.ipcbench.core.nat.Arch;
import io.ipcbench.core.spi.DriverEndpoint;
import io.ipcbench.core.spi.Family;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.PeerHandle;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.TransportOption;
import io.ipcbench.core.spi.WaitStrategy;

import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code shm-sysv} and {@code shm-posix} share: the layout, the control block, the
 * semaphores and the link. They differ only in how the segment is made and found.
 */
abstract class ShmTransport implements Transport {
    static final long MAGIC = 0x1BCB_5E6D_0001L;
    private static final int CONTROL_MAGIC = 0;
    private static final int CONTROL_SLOTS = 8;
    private static final int CONTROL_STRIDE = 12;
    /** Slots per direction, sized from the payload unless given. */
    static final TransportOption RING = TransportOption.size(ShmLayout.RING_OPTION, "--shm-ring-size", 1, Integer.MAX_VALUE,
            "4M, at least 4 and at most 1024 slots", "bytes of message slots per direction; must hold one message");

    abstract Segment createSegment(long size) throws IOException;

    abstract Segment attachSegment(String spec) throws IOException;

    @Override
    public Family family() {
        return Family.SHM;
    }

    @Override
    public List<TransportOption> options() {
        return List.of(RING);
    }

    @Override
    public Set<WaitStrategy> waitStrategies() {
        return EnumSet.of(WaitStrategy.SPIN, WaitStrategy.BACKOFF, WaitStrategy.BLOCK);
    }

    @Override
    public WaitStrategy defaultWait() {
        return WaitStrategy.SPIN;
    }

    /** Spinning burns two CPUs: a default run shows the blocking futex wait beside it, to compare like with like. */
    @Override
    public List<WaitStrategy> defaultWaits() {
        return List.of(WaitStrategy.SPIN, WaitStrategy.BLOCK);
    }

    /** Its native numbers come from per-architecture tables. */
    @Override
    public Optional<String> unavailableReason() {
        return Arch.unsupported();
    }

    @Override
    public long maxPayloadBytes() {
        return FRAME_CAP;
    }

    @Override
    public void validate(LinkOptions options) {
        layout(options);
    }

    static ShmLayout layout(LinkOptions options) {
        return ShmLayout.of(options.maxFrameBytes(), RING.sizeIn(options));
    }

    @Override
    public DriverEndpoint create(LinkOptions options) throws IOException {
        ShmLayout layout = layout(options);
        Segment segment = createSegment(layout.segmentBytes());
        try {
            segment.buffer.putLong(CONTROL_MAGIC, MAGIC);
            segment.buffer.putInt(CONTROL_SLOTS, layout.slots());
            segment.buffer.putInt(CONTROL_STRIDE, layout.stride());
        } catch (RuntimeException e) {
            segment.close();
            throw e;
        }
        return new Endpoint(segment, layout, options);
    }

    @Override
    public Link attach(String peerSpec, LinkOptions options, Guard guard) throws IOException {
        ShmLayout layout = layout(options);
        Segment segment = attachSegment(peerSpec);
        if (segment.size != layout.segmentBytes() || segment.buffer.getLong(CONTROL_MAGIC) != MAGIC
                || segment.buffer.getInt(CONTROL_SLOTS) != layout.slots() || segment.buffer.getInt(CONTROL_STRIDE) != layout.stride()) {
            segment.close();
            throw new IOException("the segment " + peerSpec + " is not an ipcbench ring of " + layout.slots() + " x "
                    + layout.stride() + " B");
        }
        return new ShmLink(segment, layout, 1, options.waitStrategy(), guard, name() + " segment (peer side)");
    }

    private final class Endpoint implements DriverEndpoint {
        private final Segment segment;
        private final ShmLayout layout;
        private final LinkOptions options;

        Endpoint(Segment segment, ShmLayout layout, LinkOptions options) {
            this.segment = segment;
            this.layout = layout;
            this.options = options;
        }

        @Override
        public String peerSpec() {
            return segment.spec();
        }

        @Override
        public Link connect(PeerHandle peer, Guard guard) {
            return new ShmLink(segment, layout, 0, options.waitStrategy(), guard, name() + " segment to peer " + peer.pid());
        }

        @Override
        public void peerAttached() throws IOException {
            segment.unlink();
        }

        @Override
        public Map<String, Object> facts() {
            Map<String, Object> m = new LinkedHashMap<>(segment.facts());
            m.put("ringSlots", layout.slots());
            m.put("slotBytes", layout.stride());
            m.put("ringBytes", layout.ringBytes());
            m.put("ring", "fixed slots per direction packed at 32 B, a release-stored stamp per slot, tail on its own 128 B, acquire/release"
                    + (layout.interleaved() ? "; interleaved (even messages in the first half, odd in the second)" : "; slots in order"));
            m.put("blockWait", "futex eventcount on the ring counters (FUTEX_WAIT/FUTEX_WAKE, shared); "
                    + "the futex call happens only when the other side sleeps");
            return m;
        }

        @Override
        public void close() throws IOException {
            segment.close();
        }
    }
}
