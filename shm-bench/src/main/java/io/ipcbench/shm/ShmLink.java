package io.ipcbench.shm;

import com.sun.jna.Native;
import io.ipcbench.core.frame.Buffers;
import io.ipcbench.core.frame.Frame;
import io.ipcbench.core.frame.VerificationException;
import io.ipcbench.core.io.Waiter;
import io.ipcbench.core.nat.AddressCache;
import io.ipcbench.core.nat.Memory;
import io.ipcbench.core.nat.Posix;
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
 * <p>Pre-touching: a side that has to wait for a message first writes one word into each cache
 * line of the slot it will send into next (a free slot; the words are overwritten before the slot
 * is published). That takes those lines from the other core's cache while this side would only
 * spin, so the next send stores into lines it already owns. Only for slots of up to
 * {@link ShmLayout#PRETOUCH_MAX_STRIDE} (at 64 KiB the pre-touch competes with the other side's copy and
 * costs more than it saves; docs/measurements/design-notes.md has the numbers); off with {@code -Dipcbench.shm.pretouch=false}. Rings of such slots
 * from 1 KiB up are interleaved so that the consumer's prefetcher does not undo it
 * ({@link ShmLayout#slotOf}).
 *
 * <p>{@code block} sleeps in the kernel on a futex: an eventcount on the low 32 bits of the counter
 * it waits for ({@code head}, which only {@code block} producers keep, or {@code tail}). The waiter
 * raises its "sleeping" flag, re-reads the counter and calls
 * {@code FUTEX_WAIT} with the value it saw; the other side stores its counter, then reads the flag
 * (each side with a full fence between, Dekker style), and calls {@code FUTEX_WAKE} only if it
 * takes the flag down itself, so one sleep costs one wake. So, like glibc's semaphores in the C reference's {@code shm_sem}, a message costs a
 * system call only when the other side actually sleeps, and the fast path is plain Java. Every wait
 * is bounded: futex waits time out every 100 ms and polling loops check the guard every 1024 polls.
 */
final class ShmLink implements Link {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final long SLICE_NANOS = 100_000_000;
    /** The consumer publishes {@code tail} every this many messages (at most an eighth of the ring), and whenever it has to wait. */
    static final int TAIL_BATCH = 16;
    /** The pre-touch looks for the awaited message every this many cache lines. */
    static final int PRETOUCH_CHECK_LINES = 8;
    private static final boolean PRETOUCH = !"false".equals(System.getProperty("ipcbench.shm.pretouch"));

    private final Segment segment;
    private final ByteBuffer memory;
    private final ShmLayout layout;
    private final Waiter waiter;
    private final String what;
    private final boolean block;
    private final int stride;
    private final boolean pretouch;

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
    /** futex waits and wakes made: system calls the kernel's read and write counts do not see. */
    private long futexCalls;
    private long cachedTail;
    private long tail;
    /** The {@code tail} the producer was last told; see {@link #publishTail}. */
    private long publishedTail;
    private final long publishMask;
    /** Pre-touch cursor: the message whose send slot is being touched, and the next line offset in it. */
    private long touchMessage = -1;
    private int touchLine;

    private final int side;
    private final ByteBuffer own;
    private final long ownAddress;
    private final long base;
    private final AddressCache addresses = new AddressCache();
    private final ByteBuffer view;
    private final ByteBuffer slice = Buffers.direct(16);
    private final long sliceAddress;
    private boolean closed;

    ShmLink(Segment segment, ShmLayout layout, int sendRing, WaitStrategy wait, Guard guard, String what) {
        this.segment = segment;
        this.memory = segment.view();
        this.layout = layout;
        this.waiter = new Waiter(wait, guard, this::checkNotClosedByOther);
        this.what = what;
        this.block = wait == WaitStrategy.BLOCK;
        this.stride = layout.stride();
        this.pretouch = PRETOUCH && stride <= ShmLayout.PRETOUCH_MAX_STRIDE;
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
        this.slice.putLong(0, 0).putLong(8, SLICE_NANOS); // a relative timespec for FUTEX_WAIT
        this.sliceAddress = Memory.address(slice);
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
                cachedTail = sleepUntil(sendTail, sendProducerSleeping, h - layout.slots());
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
        Memory.copy(memory, base, at + h1, body, addresses.of(body), body.position(), body.remaining());
        INTS.setRelease(memory, slot + ShmLayout.SLOT_STAMP, stamp(h)); // publishes the slot's bytes
        head = h + 1;
        if (block) {
            LONGS.setVolatile(memory, sendHead, h + 1); // the fence orders it before the flag read
            wakeIfSleeping(sendConsumerSleeping, sendHead);
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
            if (pretouch) {
                pretouchNextSendSlot(slot, stamp);
            }
            try {
                if (block) {
                    sleepUntil(recvHead, recvConsumerSleeping, t); // head is stored after the stamp
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

    /**
     * Writes a word into every cache line of the slot this side sends into next, once per use of
     * the slot and only while it is free (the other side has copied its previous message out). The
     * word after the stamp, so the stamp is only ever written by {@link #send}. Every
     * {@link #PRETOUCH_CHECK_LINES} lines it looks whether the awaited message (stamp {@code stamp}
     * in {@code waitSlot}) has come and, if so, stops and resumes there at the next wait: a message
     * is never kept waiting for the rest of a 4 KiB pre-touch.
     */
    private void pretouchNextSendSlot(int waitSlot, int stamp) {
        long h = head;
        if (touchMessage != h) {
            touchMessage = h;
            touchLine = 0;
        }
        if (touchLine >= stride || h - cachedTail >= layout.slots()) {
            return;
        }
        int slot = slotAt(sendData, h) + ShmLayout.SLOT_HEADER;
        int checked = 0;
        for (int line = touchLine; line < stride; line += 64) {
            if (++checked == PRETOUCH_CHECK_LINES) {
                checked = 0;
                if (holds(waitSlot, stamp)) {
                    touchLine = line;
                    return;
                }
            }
            memory.putLong(slot + line, 0L);
        }
        touchLine = stride;
    }

    /** Tells the producer how far this side has copied out: the slots before {@code tail} may be reused. */
    private void publishTail() {
        long t = tail;
        publishedTail = t;
        if (block) {
            LONGS.setVolatile(memory, recvTail, t); // the fence orders it before the flag read
            wakeIfSleeping(recvProducerSleeping, recvTail);
        } else {
            LONGS.setRelease(memory, recvTail, t); // the slots may be reused only after their copies
        }
    }

    private void idle(int attempt) throws IOException {
        waiter.idle(attempt);
    }

    /**
     * Sleeps until the counter at {@code counter} exceeds {@code above}; returns its value.
     * The futex word is the counter's low 32 bits (x86 is little-endian).
     */
    private long sleepUntil(int counter, int sleepingFlag, long above) throws IOException {
        while (true) {
            long c = (long) LONGS.getAcquire(memory, counter);
            if (c > above) {
                return c;
            }
            INTS.setVolatile(memory, sleepingFlag, 1);
            c = (long) LONGS.getVolatile(memory, counter);
            if (c > above) {
                INTS.setOpaque(memory, sleepingFlag, 0);
                return c;
            }
            checkNotClosedByOther();
            futexCalls++;
            long r = ShmNative.syscall(ShmNative.SYS_FUTEX, base + counter, ShmNative.FUTEX_WAIT, (int) c, sliceAddress, 0, 0);
            INTS.setOpaque(memory, sleepingFlag, 0);
            if (r < 0) {
                int errno = Native.getLastError();
                if (errno == ShmNative.ETIMEDOUT) {
                    waiter.check();
                } else if (errno != Posix.EAGAIN && errno != Posix.EINTR) {
                    throw new IOException("futex wait on " + what + " failed: " + Posix.strerror(errno));
                }
            }
        }
    }

    /** One wake per sleep: the waker takes the flag down, so later messages pay nothing until it sleeps again. */
    private void wakeIfSleeping(int sleepingFlag, int counter) {
        if ((int) INTS.getVolatile(memory, sleepingFlag) != 0 && INTS.compareAndSet(memory, sleepingFlag, 1, 0)) {
            futexWake(counter);
        }
    }

    private void futexWake(int counter) {
        futexCalls++;
        ShmNative.syscall(ShmNative.SYS_FUTEX, base + counter, ShmNative.FUTEX_WAKE, Integer.MAX_VALUE, 0, 0, 0);
    }

    @Override
    public long uncountedCalls() {
        return futexCalls;
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
            futexWake(sendHead);
            futexWake(recvTail);
            segment.close();
        }
    }
}
