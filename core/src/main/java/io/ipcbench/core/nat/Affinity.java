package io.ipcbench.core.nat;

import com.sun.jna.LastErrorException;

import java.util.ArrayList;
import java.util.List;

/**
 * CPU affinity of the calling thread ({@code sched_setaffinity(0, ...)} acts on the calling
 * thread only). ipcbench pins the measuring thread of the driver and of the peer; the JVMs'
 * compiler and GC threads stay free to run anywhere.
 */
public final class Affinity {
    private static final int MASK_LONGS = 16; // 1024 CPUs

    private Affinity() {
    }

    /** The CPUs the calling thread may run on, ascending. */
    public static List<Integer> allowedCpus() {
        long[] mask = new long[MASK_LONGS];
        Posix.LIBC.sched_getaffinity(0, MASK_LONGS * 8L, mask);
        List<Integer> cpus = new ArrayList<>();
        for (int cpu = 0; cpu < MASK_LONGS * 64; cpu++) {
            if ((mask[cpu >>> 6] & (1L << (cpu & 63))) != 0) {
                cpus.add(cpu);
            }
        }
        return cpus;
    }

    /** Pins the calling thread to one CPU. */
    public static void pinCurrentThread(int cpu) {
        setCurrentThread(List.of(cpu));
    }

    /** Sets the calling thread's affinity to exactly these CPUs. */
    public static void setCurrentThread(List<Integer> cpus) {
        long[] mask = new long[MASK_LONGS];
        for (int cpu : cpus) {
            if (cpu < 0 || cpu >= MASK_LONGS * 64) {
                throw new IllegalArgumentException("CPU " + cpu + " is out of range");
            }
            mask[cpu >>> 6] |= 1L << (cpu & 63);
        }
        try {
            Posix.LIBC.sched_setaffinity(0, MASK_LONGS * 8L, mask);
        } catch (LastErrorException e) {
            throw new IllegalStateException(Posix.describe("sched_setaffinity", "CPUs " + cpus, e), e);
        }
    }
}
