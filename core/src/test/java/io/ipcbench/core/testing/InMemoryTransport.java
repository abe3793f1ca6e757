package io.ipcbench.core.testing;

import io.ipcbench.core.frame.Buffers;
import io.ipcbench.core.frame.Frame;
import io.ipcbench.core.spi.DriverEndpoint;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.PeerGoneException;
import io.ipcbench.core.spi.PeerHandle;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.WaitStrategy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Frames handed between two threads of one JVM, to test the rig, framing and verification without
 * IPC. Options inject faults into the DATA messages one side sends:
 * {@code fault=corrupt|drop|duplicate|reorder|stale|torn}, {@code fault.at=N} (the N-th DATA
 * message, 0-based), {@code fault.side=driver|peer}.
 */
public final class InMemoryTransport implements Transport {
    private static final Map<String, BlockingQueue<ByteBuffer>[]> CHANNELS = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();

    @Override
    public String name() {
        return "in-memory";
    }

    @Override
    public String description() {
        return "frames passed between two threads (tests only)";
    }

    @Override
    public io.ipcbench.core.spi.Family family() {
        return io.ipcbench.core.spi.Family.BASELINE;
    }

    @Override
    public Set<WaitStrategy> waitStrategies() {
        return EnumSet.of(WaitStrategy.BLOCK);
    }

    @Override
    public long maxPayloadBytes() {
        return 1 << 20;
    }

    @Override
    public DriverEndpoint create(LinkOptions options) {
        String id = "mem-" + IDS.incrementAndGet();
        @SuppressWarnings({"unchecked", "rawtypes"})
        BlockingQueue<ByteBuffer>[] queues = new BlockingQueue[] {new ArrayBlockingQueue<>(64), new ArrayBlockingQueue<>(64)};
        CHANNELS.put(id, queues);
        return new DriverEndpoint() {
            @Override
            public String peerSpec() {
                return id;
            }

            @Override
            public Link connect(PeerHandle peer, Guard guard) {
                return new MemLink(queues[1], queues[0], options, "driver", guard);
            }

            @Override
            public void close() {
                CHANNELS.remove(id);
            }
        };
    }

    @Override
    public Link attach(String peerSpec, LinkOptions options, Guard guard) throws IOException {
        BlockingQueue<ByteBuffer>[] queues = CHANNELS.get(peerSpec);
        if (queues == null) {
            throw new IOException("no in-memory channel " + peerSpec);
        }
        return new MemLink(queues[0], queues[1], options, "peer", guard);
    }

    private static final class MemLink implements Link {
        private final BlockingQueue<ByteBuffer> in;
        private final BlockingQueue<ByteBuffer> out;
        private final Guard guard;
        private final String fault;
        private final long faultAt;
        private final boolean faulty;
        private final long timeoutNanos;
        private long dataSent;
        private ByteBuffer previous;
        private ByteBuffer held;
        private boolean closed;

        MemLink(BlockingQueue<ByteBuffer> in, BlockingQueue<ByteBuffer> out, LinkOptions options, String side, Guard guard) {
            this.in = in;
            this.out = out;
            this.guard = guard;
            this.fault = options.option("fault");
            this.faultAt = Long.parseLong(options.options().getOrDefault("fault.at", "-1"));
            this.faulty = fault != null && side.equals(options.options().getOrDefault("fault.side", "driver"));
            this.timeoutNanos = options.timeoutNanos();
        }

        @Override
        public void send(ByteBuffer head, ByteBuffer body) throws IOException {
            if (closed) {
                throw new IOException("in-memory link is closed");
            }
            ByteBuffer frame = Buffers.direct(head.remaining() + body.remaining());
            frame.put(head.duplicate()).put(body.duplicate()).flip();
            if (faulty && Frame.type(frame, 0) == Frame.DATA) {
                long n = dataSent++;
                ByteBuffer prev = previous;
                previous = Buffers.view(frame);
                if (n == faultAt) {
                    switch (fault) {
                        case "corrupt" -> frame.put(frame.limit() - 1, (byte) (frame.get(frame.limit() - 1) ^ 0x40));
                        case "drop" -> {
                            return;
                        }
                        case "duplicate" -> {
                            put(frame);
                            put(Buffers.view(frame));
                            return;
                        }
                        case "reorder" -> {
                            held = frame;
                            return;
                        }
                        case "stale" -> copyPayload(prev, frame, Frame.HEADER_BYTES);
                        case "torn" -> copyPayload(prev, frame, Frame.HEADER_BYTES + (frame.limit() - Frame.HEADER_BYTES) / 2);
                        default -> throw new IllegalArgumentException("unknown fault " + fault);
                    }
                }
            }
            put(frame);
            if (held != null && frame != held) {
                ByteBuffer h = held;
                held = null;
                put(h);
            }
        }

        private static void copyPayload(ByteBuffer from, ByteBuffer to, int start) {
            for (int i = start; i < to.limit(); i++) {
                to.put(i, from.get(i));
            }
        }

        private void put(ByteBuffer frame) throws IOException {
            try {
                if (!out.offer(frame, timeoutNanos, TimeUnit.NANOSECONDS)) {
                    throw new PeerGoneException("in-memory peer stopped taking messages");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PeerGoneException("interrupted");
            }
        }

        @Override
        public ByteBuffer receive() throws IOException {
            if (closed) {
                throw new IOException("in-memory link is closed");
            }
            long deadline = System.nanoTime() + timeoutNanos;
            try {
                while (true) {
                    ByteBuffer f = in.poll(20, TimeUnit.MILLISECONDS);
                    if (f != null) {
                        return f;
                    }
                    guard.check();
                    if (System.nanoTime() - deadline > 0) {
                        throw new PeerGoneException("nothing received for " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PeerGoneException("interrupted");
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
