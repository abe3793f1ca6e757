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
 * sleeper writes into its "sleeping" word the counter value it saw plus one, re-reads the counter
 * and sleeps only if it has not moved; the other side stores its counter, then reads the word (a
 * full fence between on each side, Dekker style) and wakes only if the sleeper saw an older
 * counter and it takes the word down itself. So one sleep costs one wake, and a message costs a
 * system call only when the other side actually sleeps, as with glibc's semaphores. The word says
 * which value the sleeper saw because a plain 0/1 flag loses wake-ups: a waker that read the flag
 * of a sleep that ended by itself could take down the flag of the next sleep, which had already
 * seen that waker's message, and the wake it then sent went nowhere (a 100 ms stall under load).
 * Every sleep is bounded: it times out every 100 ms to check the other side.
 */
final class FutexEventCount {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
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
    long sleepUntil(int counter, int sleepingWord, long above) throws IOException {
        while (true) {
            long c = (long) LONGS.getAcquire(memory, counter);
            if (c > above) {
                return c;
            }
            LONGS.setVolatile(memory, sleepingWord, c + 1);
            long again = (long) LONGS.getVolatile(memory, counter);
            if (again != c) {
                LONGS.setOpaque(memory, sleepingWord, 0L);
                continue;
            }
            beforeSleep.check();
            calls++;
            long r = ShmNative.syscall(ShmNative.SYS_FUTEX, base + counter, ShmNative.FUTEX_WAIT, (int) c, sliceAddress, 0, 0);
            LONGS.setOpaque(memory, sleepingWord, 0L);
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

    /**
     * After storing {@code value} into the counter at {@code counter} (with a full fence): wakes the
     * other side if it sleeps on an older value, taking its word down.
     */
    void wakeIfSleeping(int sleepingWord, int counter, long value) {
        long seen = (long) LONGS.getVolatile(memory, sleepingWord);
        while (seen != 0 && seen - 1 < value) {
            if (LONGS.compareAndSet(memory, sleepingWord, seen, 0L)) {
                wake(counter);
                return;
            }
            seen = (long) LONGS.getVolatile(memory, sleepingWord);
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
