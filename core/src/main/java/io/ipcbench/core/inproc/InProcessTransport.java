package io.ipcbench.core.inproc;

import io.ipcbench.core.frame.Buffers;
import io.ipcbench.core.spi.DriverEndpoint;
import io.ipcbench.core.spi.Family;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.PeerGoneException;
import io.ipcbench.core.spi.PeerHandle;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.WaitStrategy;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The baseline without IPC: two threads of one JVM hand frames over through a four-slot ring per
 * direction in direct memory, one copy per message like shared memory, no system call unless a
 * side parks. Its results are the cost of the rig, the framing and the verification alone;
 * subtracting them from a transport's leaves what the kernel mechanism costs.
 *
 * <p>Not registered with {@link java.util.ServiceLoader}: its peer must be a thread of the
 * driver's JVM ({@link io.ipcbench.core.peer.ThreadPeerStarter}), which only the JMH suite and
 * the tests set up. {@code spin} busy-polls; {@code block} spins briefly, then parks.
 */
public final class InProcessTransport implements Transport {
    public static final String NAME = "in-process";

    private static final Map<String, Ring[]> CHANNELS = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "baseline: two threads of one JVM, one copy through a ring in memory, no kernel";
    }

    @Override
    public Family family() {
        return Family.BASELINE;
    }

    @Override
    public Set<WaitStrategy> waitStrategies() {
        return EnumSet.of(WaitStrategy.BLOCK, WaitStrategy.SPIN);
    }

    @Override
    public long maxPayloadBytes() {
        return 1 << 20;
    }

    @Override
    public DriverEndpoint create(LinkOptions options) {
        String id = "inproc-" + IDS.incrementAndGet();
        Ring[] rings = {new Ring(options.maxFrameBytes()), new Ring(options.maxFrameBytes())};
        CHANNELS.put(id, rings);
        return new DriverEndpoint() {
            @Override
            public String peerSpec() {
                return id;
            }

            @Override
            public Link connect(PeerHandle peer, Guard guard) {
                return new RingLink(rings[1], rings[0], options, guard);
            }

            @Override
            public void close() {
                CHANNELS.remove(id);
            }
        };
    }

    @Override
    public Link attach(String peerSpec, LinkOptions options, Guard guard) throws IOException {
        Ring[] rings = CHANNELS.get(peerSpec);
        if (rings == null) {
            throw new IOException("no in-process channel " + peerSpec + " (its peer must be a thread of the driver's JVM)");
        }
        return new RingLink(rings[0], rings[1], options, guard);
    }

    /** One direction: {@code SLOTS} frames, a producer count and a consumer count on their own cache lines. */
    static final class Ring {
        static final int SLOTS = 4;
        private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
        private static final int PRODUCED = 8;   // index into counters: 64 bytes apart
        private static final int CONSUMED = 24;

        final ByteBuffer[] slots = new ByteBuffer[SLOTS];
        final int[] lengths = new int[SLOTS];
        final long[] counters = new long[32];
        volatile Thread parkedConsumer;
        volatile Thread parkedProducer;
        volatile boolean closed;

        Ring(int maxFrameBytes) {
            for (int i = 0; i < SLOTS; i++) {
                slots[i] = Buffers.direct(maxFrameBytes);
            }
        }

        long produced() {
            return (long) LONGS.getVolatile(counters, PRODUCED);
        }

        void publish(long n) {
            LONGS.setVolatile(counters, PRODUCED, n);
        }

        long consumed() {
            return (long) LONGS.getVolatile(counters, CONSUMED);
        }

        void release(long n) {
            LONGS.setVolatile(counters, CONSUMED, n);
        }
    }

    private static final class RingLink implements Link {
        private static final int SPINS_BEFORE_PARK = 2_000;
        private static final long PARK_NANOS = 1_000_000;

        private final Ring in;
        private final Ring out;
        private final Guard guard;
        private final boolean park;
        private final long timeoutNanos;
        private final ByteBuffer[] views = new ByteBuffer[Ring.SLOTS];
        private long sent;
        private long received;
        private boolean holding;
        private boolean closed;

        RingLink(Ring in, Ring out, LinkOptions options, Guard guard) {
            this.in = in;
            this.out = out;
            this.guard = guard;
            this.park = options.waitStrategy() != WaitStrategy.SPIN;
            this.timeoutNanos = options.timeoutNanos();
            for (int i = 0; i < Ring.SLOTS; i++) {
                views[i] = Buffers.view(in.slots[i]);
            }
        }

        @Override
        public void send(ByteBuffer head, ByteBuffer body) throws IOException {
            ensureOpen();
            long n = sent;
            if (n - out.consumed() >= Ring.SLOTS) {
                awaitSpace(n);
            }
            int slot = (int) (n & (Ring.SLOTS - 1));
            ByteBuffer dst = out.slots[slot];
            int h = head.remaining();
            int b = body.remaining();
            if (h + b > dst.capacity()) {
                throw new IOException("frame of " + (h + b) + " B exceeds the in-process slot of " + dst.capacity() + " B");
            }
            dst.put(0, head, head.position(), h);
            dst.put(h, body, body.position(), b);
            out.lengths[slot] = h + b;
            sent = n + 1;
            out.publish(n + 1);
            Thread waiter = out.parkedConsumer;
            if (waiter != null) {
                LockSupport.unpark(waiter);
            }
        }

        @Override
        public ByteBuffer receive() throws IOException {
            ensureOpen();
            if (holding) {
                holding = false;
                in.release(received);
                Thread waiter = in.parkedProducer;
                if (waiter != null) {
                    LockSupport.unpark(waiter);
                }
            }
            long n = received;
            if (in.produced() <= n) {
                awaitMessage(n);
            }
            int slot = (int) (n & (Ring.SLOTS - 1));
            ByteBuffer v = views[slot];
            v.limit(in.lengths[slot]).position(0);
            received = n + 1;
            holding = true;
            return v;
        }

        private void awaitSpace(long n) throws IOException {
            long start = 0;
            for (int i = 0; !hasSpace(n); i++) {
                if (out.closed && !hasSpace(n)) {
                    throw new PeerGoneException("the in-process peer closed its end");
                }
                start = pause(i, start, n, true);
            }
        }

        private void awaitMessage(long n) throws IOException {
            long start = 0;
            for (int i = 0; !hasMessage(n); i++) {
                if (in.closed && !hasMessage(n)) {
                    throw new PeerGoneException("the in-process peer closed its end");
                }
                start = pause(i, start, n, false);
            }
        }

        private boolean hasSpace(long n) {
            return n - out.consumed() < Ring.SLOTS;
        }

        private boolean hasMessage(long n) {
            return in.produced() > n;
        }

        /** One wait step: spin; past a while, check the guard and the timeout, and (block) park. */
        private long pause(int i, long start, long n, boolean producer) throws IOException {
            if (i < SPINS_BEFORE_PARK || (i & 1023) != 0 && !park) {
                Thread.onSpinWait();
                return start;
            }
            try {
                guard.check();
            } catch (IOException e) {
                // a peer that sent its last message and ended: what it sent still counts
                if (producer ? hasSpace(n) : hasMessage(n)) {
                    return start;
                }
                throw e;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new PeerGoneException("interrupted while waiting for the in-process peer");
            }
            long now = System.nanoTime();
            if (start != 0 && now - start > timeoutNanos) {
                throw new PeerGoneException("nothing moved for " + timeoutNanos / 1_000_000 + " ms");
            }
            if (park) {
                // announce, then look again (both volatile, and the other side publishes with a
                // volatile write before it reads the announcement), so no wake-up is lost
                if (producer) {
                    out.parkedProducer = Thread.currentThread();
                    if (!hasSpace(n)) {
                        LockSupport.parkNanos(this, PARK_NANOS);
                    }
                    out.parkedProducer = null;
                } else {
                    in.parkedConsumer = Thread.currentThread();
                    if (!hasMessage(n)) {
                        LockSupport.parkNanos(this, PARK_NANOS);
                    }
                    in.parkedConsumer = null;
                }
            }
            return start == 0 ? now : start;
        }

        private void ensureOpen() throws IOException {
            if (closed) {
                throw new IOException("in-process link is closed");
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                out.closed = true;
                in.closed = true;
            }
        }
    }
}
