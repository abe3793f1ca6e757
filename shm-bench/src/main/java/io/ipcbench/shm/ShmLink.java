package io.ipcbench.shm;

import io.ipcbench.core.frame.Buffers;
import io.ipcbench.core.frame.Frame;
import io.ipcbench.core.frame.VerificationException;
import io.ipcbench.core.io.Waiter;
import io.ipcbench.core.nat.AddressCache;
import io.ipcbench.core.nat.Memory;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.PeerGoneException;
import io.ipcbench.core.spi.WaitStrategy;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One side of two single-producer single-consumer rings in a shared segment (see
 * {@link ShmLayout}). Our own ring, not Agrona's {@code OneToOneRingBuffer}: fixed slots sized
 * from the payload keep every message contiguous (no wrap-around records, no padding messages),
 * which is what a latency test wants and what the C reference does, and it needs no dependency.
 *
 * <pre>
 *  send:    wait for a free slot (tail) -> length, header + payload in -> slot stamp = h + 1 [-> head, futex wake if the consumer sleeps]
 *  receive: wait for slot stamp t + 1   -> copy the frame out          -> tail = t + 1     [-> futex wake if the producer sleeps]
 * </pre>
 *
 * Ordering: the producer's release store of the slot's stamp (the message number + 1, in the
 * slot's first word) publishes the slot's bytes to the consumer's acquire load of that stamp; the
 * consumer's release store of {@code tail} tells the producer the slot may be overwritten only
 * after the copy-out finished. The consumer waits on the stamp in the slot it is about to copy, not
 * on a shared {@code head} counter: so a message moves only its own cache lines between the cores,
 * with no extra line for the counter. The producer caches {@code tail} and reads it
 * again only when the cached value says full. The payload is copied in by the sender and out by the
 * receiver, the same transfer as every other transport: the receiver returns its own buffer, never
 * the slot.
 *
 * <p>While it waits for a message, a side pre-touches the slot it sends into next ({@link PreTouch});
 * {@code block} sleeps on a futex eventcount ({@link FutexEventCount}). A side that closes says so
 * in the control block, since shared memory has no end of stream. Every wait is bounded.
 */
final class ShmLink implements Link {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    /** The consumer publishes {@code tail} every this many messages (at most an eighth of the ring), and whenever it has to wait. */
    static final int TAIL_BATCH = 16;
    /**
     * A payload of this many bytes or more goes into a slot that was not pre-touched with glibc's
     * {@code memcpy}, whose {@code rep movsb} (from 4 KiB on with AVX2) stores whole lines the other
     * core holds without reading them first; the JIT's copy stub reads each one. A stream's producer
     * never waits, so it never pre-touches: 4 KiB spin streams went 1.37-1.49x faster, round trips
     * (pre-touched slots) are unchanged. {@code -Dipcbench.shm.sendMemcpyBytes} overrides it.
     */
    static final int SEND_NATIVE_COPY_BYTES = Integer.getInteger("ipcbench.shm.sendMemcpyBytes", 4096);

    private final Segment segment;
    private final ByteBuffer memory;
    private final ShmLayout layout;
    private final Waiter waiter;
    private final String what;
    private final boolean block;
    private final int stride;
    /** Null when slots are not pre-touched. */
    private final PreTouch pretouch;
    /** {@code block}'s sleeps and wakes; close wakes through it whatever the wait. */
    private final FutexEventCount futex;

    private final int sendHead;
    private final int sendTail;
    private final int sendData;
    private final int sendConsumerSleeping;
    private final int sendProducerSleeping;
    private final int recvHead;
    private final int recvTail;
    private final int recvData;
    private final int recvConsumerSleeping;
    private final int recvProducerSleeping;

    private long head;
    private long cachedTail;
    private long tail;
    /** The {@code tail} the producer was last told; see {@link #publishTail}. */
    private long publishedTail;
    private final long publishMask;

    private final int side;
    private final ByteBuffer own;
    private final long ownAddress;
    private final long base;
    private final AddressCache addresses = new AddressCache();
    private final ByteBuffer view;
    private boolean closed;

    ShmLink(Segment segment, ShmLayout layout, int sendRing, WaitStrategy wait, Guard guard, String what) {
        this.segment = segment;
        this.memory = segment.view();
        this.layout = layout;
        this.waiter = new Waiter(wait, guard, this::checkNotClosedByOther);
        this.what = what;
        this.block = wait == WaitStrategy.BLOCK;
        this.stride = layout.stride();
        this.pretouch = PreTouch.applies(stride) ? new PreTouch(memory, stride) : null;
        this.publishMask = Math.max(1, Math.min(TAIL_BATCH, layout.slots() / 8)) - 1;
        this.side = sendRing;
        int s = (int) layout.ringOffset(sendRing);
        int r = (int) layout.ringOffset(1 - sendRing);
        this.sendHead = s + ShmLayout.HEAD;
        this.sendTail = s + ShmLayout.TAIL;
        this.sendData = s + ShmLayout.DATA;
        this.sendConsumerSleeping = s + ShmLayout.CONSUMER_SLEEPING;
        this.sendProducerSleeping = s + ShmLayout.PRODUCER_SLEEPING;
        this.recvHead = r + ShmLayout.HEAD;
        this.recvTail = r + ShmLayout.TAIL;
        this.recvData = r + ShmLayout.DATA;
        this.recvConsumerSleeping = r + ShmLayout.CONSUMER_SLEEPING;
        this.recvProducerSleeping = r + ShmLayout.PRODUCER_SLEEPING;
        // both sides start where the rings are: the driver set all counters to 0 before the peer started
        this.head = (long) LONGS.getAcquire(memory, sendHead);
        this.cachedTail = (long) LONGS.getAcquire(memory, sendTail);
        this.tail = (long) LONGS.getAcquire(memory, recvTail);
        this.publishedTail = tail;
        this.own = Buffers.direct(ShmLayout.SLOT_HEADER + layout.maxFrameBytes());
        this.ownAddress = Memory.address(own);
        this.base = segment.address;
        this.futex = new FutexEventCount(memory, base, what, this::checkNotClosedByOther, waiter);
        this.view = Buffers.view(own);
    }

    @Override
    public void send(ByteBuffer headBuf, ByteBuffer body) throws IOException {
        ensureOpen();
        int h1 = headBuf.remaining();
        int length = h1 + body.remaining();
        if (length > layout.maxFrameBytes()) {
            throw new IOException("a message of " + length + " B does not fit a ring slot of " + layout.maxFrameBytes()
                    + " B in " + what + " (slots are sized from the payload size; " + ShmTransport.RING.flag() + " sets the ring)");
        }
        long h = head;
        if (h - cachedTail >= layout.slots()) {
            if (block) {
                cachedTail = futex.sleepUntil(sendTail, sendProducerSleeping, h - layout.slots());
            } else {
                int attempt = 0;
                while (h - (cachedTail = (long) LONGS.getAcquire(memory, sendTail)) >= layout.slots()) {
                    idle(attempt++);
                }
            }
        }
        int slot = slotAt(sendData, h);
        memory.putInt(slot + ShmLayout.SLOT_LENGTH, length);
        int at = slot + ShmLayout.SLOT_HEADER;
        Memory.copy(memory, base, at, headBuf, addresses.of(headBuf), headBuf.position(), h1);
        Memory.copy(memory, base, at + h1, body, addresses.of(body), body.position(), body.remaining(),
                pretouch != null && pretouch.done(h) ? Memory.NATIVE_COPY_BYTES : SEND_NATIVE_COPY_BYTES);
        INTS.setRelease(memory, slot + ShmLayout.SLOT_STAMP, stamp(h)); // publishes the slot's bytes
        head = h + 1;
        if (block) {
            LONGS.setVolatile(memory, sendHead, h + 1); // the fence orders it before the sleeping word's read
            futex.wakeIfSleeping(sendConsumerSleeping, sendHead, h + 1);
        }
    }

    /** The byte offset of message {@code m}'s slot in the ring whose slots start at {@code data}. */
    private int slotAt(int data, long m) {
        return data + layout.slotOf(m) * stride;
    }

    /**
     * The stamp that marks message {@code h}'s slot as holding it: never the value the
     * slot holds before (zero, or the stamp of message {@code h - slots}), as slots are far fewer
     * than 2^32.
     */
    private static int stamp(long h) {
        return (int) (h + 1);
    }

    /** Whether the slot at {@code slot} carries {@code stamp}, i.e. its message may be copied out. */
    private boolean holds(int slot, int stamp) {
        return (int) INTS.getAcquire(memory, slot + ShmLayout.SLOT_STAMP) == stamp;
    }

    @Override
    public ByteBuffer receive() throws IOException {
        ensureOpen();
        long t = tail;
        int slot = slotAt(recvData, t);
        int stamp = stamp(t);
        if (!holds(slot, stamp)) {
            if (publishedTail != t) {
                publishTail();
            }
            if (pretouch != null && head - cachedTail < layout.slots()) {
                pretouch.touch(head, slotAt(sendData, head), slot, stamp);
            }
            try {
                if (block) {
                    futex.sleepUntil(recvHead, recvConsumerSleeping, t); // head is stored after the stamp
                } else {
                    int attempt = 0;
                    while (!holds(slot, stamp)) {
                        idle(attempt++);
                    }
                }
            } catch (PeerGoneException e) {
                // The other side may have published its last message (the peer's REPORT) between our
                // last look at the ring and its close or exit: deliver that before saying it is gone.
                if (!holds(slot, stamp)) {
                    throw e;
                }
            }
        }
        // The transfer: the whole slot out of the segment in one sequential copy. Reading the length
        // first would be a dependent miss on the other core's cache line before the copy could
        // start; DATA frames fill their slot anyway, and the few control frames are small.
        Memory.copy(own, ownAddress, 0, memory, base, slot, ShmLayout.SLOT_HEADER + layout.maxFrameBytes());
        int length = own.getInt(ShmLayout.SLOT_LENGTH);
        if (length < Frame.HEADER_BYTES || length > layout.maxFrameBytes()) {
            throw new VerificationException("slot " + layout.slotOf(t) + " of " + what + " holds a length of " + length
                    + " B; expected " + Frame.HEADER_BYTES + ".." + layout.maxFrameBytes() + " (corrupt ring)");
        }
        tail = t + 1;
        if ((tail & publishMask) == 0) {
            publishTail();
        }
        view.limit(ShmLayout.SLOT_HEADER + length).position(ShmLayout.SLOT_HEADER);
        return view;
    }

    /** Tells the producer how far this side has copied out: the slots before {@code tail} may be reused. */
    private void publishTail() {
        long t = tail;
        publishedTail = t;
        if (block) {
            LONGS.setVolatile(memory, recvTail, t); // the fence orders it before the sleeping word's read
            futex.wakeIfSleeping(recvProducerSleeping, recvTail, t);
        } else {
            LONGS.setRelease(memory, recvTail, t); // the slots may be reused only after their copies
        }
    }

    private void idle(int attempt) throws IOException {
        waiter.idle(attempt);
    }

    @Override
    public long uncountedCalls() {
        return futex.calls();
    }

    /** Shared memory has no end of stream: a side that closes says so in the control block. */
    private void checkNotClosedByOther() throws PeerGoneException {
        long closedBy = (long) LONGS.getAcquire(memory, ShmLayout.CLOSED_BY);
        if (closedBy != 0 && closedBy != side + 1) {
            throw new PeerGoneException("the " + (side == 0 ? "peer" : "driver") + " closed " + what);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException(what + " is closed");
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            LONGS.compareAndSet(memory, ShmLayout.CLOSED_BY, 0L, (long) side + 1);
            // wake the other side if it sleeps: it finds no message (or no space) and sees the flag
            futex.wake(sendHead);
            futex.wake(recvTail);
            segment.close();
        }
    }
}
