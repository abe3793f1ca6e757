package io.ipcbench.cli.jmh;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What a native call costs before any IPC: libc's {@code abs}, which makes no system call,
 * through JNA direct mapping (what the shm futex uses; the stream and queue calls and {@code memcpy}
 * go through jnr-ffi, about 11 ns here) and through interface mapping (a proxy, reflection, argument
 * conversion). Subtract the first from a transport's per-message time to see the binding's share;
 * the in-process transport (a {@code transport} value of RoundTrip and Stream) is the baseline for
 * the rig, framing and verification without the kernel.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Baseline {
    /** Direct mapping: a native method bound by JNA to the symbol. */
    static final class Direct {
        static {
            Native.register(Direct.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        }

        static native int abs(int x);

        private Direct() {
        }
    }

    /** Interface mapping: a proxy that converts arguments through reflection on each call. */
    public interface LibC extends Library {
        int abs(int x);
    }

    private static final LibC LIBC = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

    /** The argument: a field, so the call cannot be folded away. */
    public int x = -42;

    @Benchmark
    public int jnaDirect() {
        return Direct.abs(x);
    }

    @Benchmark
    public int jnaInterface() {
        return LIBC.abs(x);
    }
}
