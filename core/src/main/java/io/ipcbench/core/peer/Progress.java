package io.ipcbench.core.peer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter that the measuring thread bumps and a watchdog thread reads. Opaque access: a plain
 * store on x86 that the JIT may not drop or hoist, so the hot loop pays nothing for it.
 */
public final class Progress {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Progress.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long value;

    /** Only the measuring thread calls this. */
    public void tick() {
        VALUE.setOpaque(this, value + 1);
    }

    /** Any thread. */
    public long read() {
        return (long) VALUE.getOpaque(this);
    }
}
