package io.ipcbench.shm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * While a side waits for a message, it writes one word into each cache line of the free slot it
 * will send into next, taking those lines from the other core's cache while it would only spin:
 * the next send then stores into lines it already owns. Only slots of up to
 * {@link ShmLayout#PRETOUCH_MAX_STRIDE} (larger ones compete with the other side's copy); off with
 * {@code -Dipcbench.shm.pretouch=false}. It never touches the stamp word (only the sender writes
 * that), and it stops as soon as the awaited message arrives, resuming at the next wait.
 */
final class PreTouch {
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final boolean ENABLED = !"false".equals(System.getProperty("ipcbench.shm.pretouch"));
    /** It looks for the awaited message every this many cache lines. */
    static final int CHECK_LINES = 8;

    private final ByteBuffer memory;
    private final int stride;
    /** The message whose send slot is being touched, and the next line offset in it. */
    private long message = -1;
    private int line;

    PreTouch(ByteBuffer memory, int stride) {
        this.memory = memory;
        this.stride = stride;
    }

    /** Whether slots of {@code stride} bytes are pre-touched. */
    static boolean applies(int stride) {
        return ENABLED && stride <= ShmLayout.PRETOUCH_MAX_STRIDE;
    }

    /**
     * Touches the send slot {@code sendSlot} of message {@code head} (free: the caller checked),
     * until done or until {@code waitSlot} carries {@code stamp}.
     */
    void touch(long head, int sendSlot, int waitSlot, int stamp) {
        if (message != head) {
            message = head;
            line = 0;
        }
        if (line >= stride) {
            return;
        }
        int slot = sendSlot + ShmLayout.SLOT_HEADER;
        int checked = 0;
        for (int l = line; l < stride; l += 64) {
            if (++checked == CHECK_LINES) {
                checked = 0;
                if ((int) INTS.getAcquire(memory, waitSlot + ShmLayout.SLOT_STAMP) == stamp) {
                    line = l;
                    return;
                }
            }
            memory.putLong(slot + l, 0L);
        }
        line = stride;
    }

    /** Whether every line of message {@code head}'s send slot has been touched (this core owns them). */
    boolean done(long head) {
        return message == head && line >= stride;
    }
}
