package io.ipcbench.core.rig;

import io.ipcbench.core.nat.Affinity;
import io.ipcbench.core.result.HostState;
import org.apache.commons.statistics.descriptive.Median;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A short, fixed probe of the host's state (about 25 ms), taken before every repetition on
 * threads pinned as the measuring threads are: a cache line passed back and forth between the two
 * CPUs, a blocking wake-up passed back and forth between two threads (park/unpark, a futex
 * underneath), and the largest gap in a tight clock loop, as JLBH's jitter probe does. Each part
 * has a time cap, so a stalled host makes the probe shorter, never longer.
 */
public final class HostProbe {
    private static final int LINE_BATCH = 256;
    private static final int LINE_BATCHES = 40;
    private static final long LINE_CAP_NANOS = TimeUnit.MILLISECONDS.toNanos(8);
    /** On a busy host the two threads may rarely run at once: wait this long for a first trip. */
    private static final long LINE_HARD_CAP_NANOS = TimeUnit.MILLISECONDS.toNanos(40);
    private static final int WAKEUPS = 300;
    private static final long WAKEUP_CAP_NANOS = TimeUnit.MILLISECONDS.toNanos(15);
    private static final long TIMER_LOOP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long STOP = -1;
    /** An echo thread's first word: it runs (even, so never taken for a request). */
    private static final long READY = -2;
    /** How long a busy host may take to schedule an echo thread before the probe gives up. */
    private static final long START_CAP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** An echo thread ends by itself after this even if the caller never says stop. */
    private static final long ECHO_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    /** The one line the two threads write in turn, away from its neighbours' lines. */
    private static final int AT = 8;

    private HostProbe() {
    }

    /** Probes the host with threads on the plan's CPUs (unpinned when the plan pins nothing). */
    public static HostState measure(PinPlan pin) {
        long t0 = System.nanoTime();
        List<Integer> affinity = pin.pinned() ? Affinity.allowedCpus() : List.of();
        if (pin.pinned()) {
            Affinity.pinCurrentThread(pin.driverCpu());
        }
        try {
            double line = cacheLine(pin);
            double wakeup = wakeup(pin);
            long gap = timerGap();
            return new HostState(round1(line), round1(wakeup), gap, round1((System.nanoTime() - t0) / 1e6));
        } finally {
            if (pin.pinned()) {
                Affinity.setCurrentThread(affinity);
            }
        }
    }

    /**
     * Median ns per round trip over batches: odd values go there, even values come back. The
     * time cap starts once the echo thread runs (a busy host may take milliseconds to schedule
     * it); it is 8 ms once a trip is done and up to 40 ms for the first one, and a batch cut short
     * still counts for the trips it finished.
     */
    private static double cacheLine(PinPlan pin) {
        long[] line = new long[2 * AT + 1];
        Thread echo = start("ipcbench-probe-line", pin, () -> {
            long deadline = System.nanoTime() + ECHO_LIMIT_NANOS;
            long seen = 0;
            SLOT.setRelease(line, AT, READY);
            while (true) {
                long v = (long) SLOT.getAcquire(line, AT);
                if (v == STOP) {
                    return;
                }
                if (v != seen && (v & 1) == 1) {
                    seen = v + 1;
                    SLOT.setRelease(line, AT, seen);
                } else if (System.nanoTime() - deadline > 0) {
                    return;
                }
                Thread.onSpinWait();
            }
        });
        double[] perTrip = new double[LINE_BATCHES];
        int batches = 0;
        long value = 1;
        try {
            if (!awaitReady(line)) {
                return 0;
            }
            long start = System.nanoTime();
            long cap = start + LINE_HARD_CAP_NANOS;
            boolean capped = false;
            while (batches < LINE_BATCHES && !capped) {
                long t = System.nanoTime();
                int trips = 0;
                for (; trips < LINE_BATCH && !capped; trips++) {
                    SLOT.setRelease(line, AT, value);
                    long spins = 0;
                    while ((long) SLOT.getAcquire(line, AT) != value + 1) {
                        Thread.onSpinWait();
                        if ((++spins & 1023) == 0 && System.nanoTime() - cap > 0) {
                            capped = true; // the echo was descheduled: keep the trips already made
                            break;
                        }
                    }
                    value += 2;
                }
                int done = capped ? trips - 1 : trips;
                if (done > 0) {
                    perTrip[batches++] = (System.nanoTime() - t) / (double) done;
                    cap = Math.min(cap, start + LINE_CAP_NANOS);
                }
                capped |= System.nanoTime() - cap > 0;
            }
        } finally {
            SLOT.setRelease(line, AT, STOP);
            join(echo);
        }
        return median(perTrip, batches);
    }

    /** Waits, bounded, for an echo thread to say it runs; false when it never did. */
    private static boolean awaitReady(long[] line) {
        long deadline = System.nanoTime() + START_CAP_NANOS;
        while ((long) SLOT.getAcquire(line, AT) != READY) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    /** Median ns per round trip of a wake-up passed to a parked thread and back. */
    private static double wakeup(PinPlan pin) {
        long[] turn = new long[2 * AT + 1];
        Thread caller = Thread.currentThread();
        Thread echo = start("ipcbench-probe-wakeup", pin, () -> {
            long deadline = System.nanoTime() + ECHO_LIMIT_NANOS;
            long seen = 0;
            SLOT.setRelease(turn, AT, READY);
            while (System.nanoTime() - deadline < 0) {
                long v = (long) SLOT.getAcquire(turn, AT);
                if (v == STOP) {
                    return;
                }
                if (v != seen && (v & 1) == 1) {
                    seen = v + 1;
                    SLOT.setRelease(turn, AT, seen);
                    LockSupport.unpark(caller);
                } else {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
            }
        });
        double[] trips = new double[WAKEUPS];
        int n = 0;
        long value = 1;
        try {
            if (!awaitReady(turn)) {
                return 0;
            }
            long cap = System.nanoTime() + WAKEUP_CAP_NANOS;
            while (n < WAKEUPS && System.nanoTime() - cap < 0) {
                long t = System.nanoTime();
                SLOT.setRelease(turn, AT, value);
                LockSupport.unpark(echo);
                boolean answered = true;
                while ((long) SLOT.getAcquire(turn, AT) != value + 1) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                    if (System.nanoTime() - cap > 0) {
                        answered = false;
                        break;
                    }
                }
                if (!answered) {
                    break;
                }
                trips[n++] = System.nanoTime() - t;
                value += 2;
            }
        } finally {
            SLOT.setRelease(turn, AT, STOP);
            LockSupport.unpark(echo);
            join(echo);
        }
        return median(trips, n);
    }

    /** The largest gap between two consecutive clock reads in a tight loop. */
    private static long timerGap() {
        long start = System.nanoTime();
        long last = start;
        long max = 0;
        while (last - start < TIMER_LOOP_NANOS) {
            long now = System.nanoTime();
            max = Math.max(max, now - last);
            last = now;
        }
        return max;
    }

    private static Thread start(String name, PinPlan pin, Runnable body) {
        Thread t = new Thread(() -> {
            if (pin.pinned()) {
                Affinity.pinCurrentThread(pin.peerCpu());
            }
            body.run();
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** 0 when nothing was measured (the probe's part ran out of time). */
    private static double median(double[] v, int n) {
        return n == 0 ? 0 : Median.withDefaults().evaluate(Arrays.copyOf(v, n));
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
