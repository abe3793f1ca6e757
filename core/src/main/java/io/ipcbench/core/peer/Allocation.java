package io.ipcbench.core.peer;

import java.lang.management.ManagementFactory;

/** Bytes allocated by the calling thread, to prove the hot path allocates nothing. */
public final class Allocation {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocation() {
    }

    public static long currentThreadBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }
}
