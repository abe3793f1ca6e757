package io.ipcbench.shm;

import com.sun.jna.Native;
import io.ipcbench.core.frame.Buffers;
import io.ipcbench.core.io.Waiter;
import io.ipcbench.core.nat.Memory;
import io.ipcbench.core.nat.Posix;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The {@code block} wait of the rings: an eventcount on the low 32 bits of a ring counter in the
 * shared segment, slept on with {@code FUTEX_WAIT} (shared, not private: two processes). The
 * sleeper raises its "sleeping" flag, re-reads the counter and sleeps only if it has not moved;
 * the other side stores its counter, then reads the flag (a full fence between on each side,
 * Dekker style) and wakes only if it takes the flag down itself. So one sleep costs one wake, and a
 * message costs a system call only when the other side actually sleeps, as with glibc's
 * semaphores. Every sleep is bounded: it times out every 100 ms to check the other side.
 */
final class FutexEventCount {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final long SLICE_NANOS = 100_000_000;

    private final ByteBuffer memory;
    private final long base;
    private final String what;
    private final Waiter waiter;
    private final Waiter.Check beforeSleep;
    private final ByteBuffer slice = Buffers.direct(16);
    private final long sliceAddress;
    /** Waits and wakes made: system calls the kernel's read and write counts do not see. */
    private long calls;

    /**
     * @param beforeSleep checked before every sleep (the other side may have closed)
     * @param waiter      checked at every time-out
     */
    FutexEventCount(ByteBuffer memory, long base, String what, Waiter.Check beforeSleep, Waiter waiter) {
        this.memory = memory;
        this.base = base;
        this.what = what;
        this.beforeSleep = beforeSleep;
        this.waiter = waiter;
        this.slice.putLong(0, 0).putLong(8, SLICE_NANOS); // a relative timespec for FUTEX_WAIT
        this.sliceAddress = Memory.address(slice);
    }

    /** Sleeps until the counter at {@code counter} exceeds {@code above}; returns its value (the futex word is its low half: little-endian). */
    long sleepUntil(int counter, int sleepingFlag, long above) throws IOException {
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
            beforeSleep.check();
            calls++;
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

    /** After storing the counter (with a full fence): wakes the other side if it sleeps, taking its flag down. */
    void wakeIfSleeping(int sleepingFlag, int counter) {
        if ((int) INTS.getVolatile(memory, sleepingFlag) != 0 && INTS.compareAndSet(memory, sleepingFlag, 1, 0)) {
            wake(counter);
        }
    }

    /** Wakes every sleeper on the counter, sleeping or not (at close). */
    void wake(int counter) {
        calls++;
        ShmNative.syscall(ShmNative.SYS_FUTEX, base + counter, ShmNative.FUTEX_WAKE, Integer.MAX_VALUE, 0, 0, 0);
    }

    long calls() {
        return calls;
    }
}
