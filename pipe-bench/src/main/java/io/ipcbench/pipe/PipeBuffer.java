package io.ipcbench.pipe;

import com.sun.jna.LastErrorException;
import io.ipcbench.core.env.EnvironmentProbe;
import io.ipcbench.core.frame.Frame;
import io.ipcbench.core.nat.Posix;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.TransportOption;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kernel buffer of a pipe or FIFO ({@code F_GETPIPE_SZ}/{@code F_SETPIPE_SZ}), shared by the
 * transports over a kernel pipe, and set by their option {@value #OPTION} ({@link #option()}).
 *
 * <p>Without the option the kernel's default stays, except that a payload which fits the default
 * buffer must still fit it with its 24-byte header: such a frame gets the next power of two (a
 * 64 KiB payload would otherwise spill into a 17th page and cost two extra context switches per
 * message, which a C program sending 64 KiB through a 64 KiB pipe does not pay). Larger payloads
 * keep the default, as the C reference does.
 */
public final class PipeBuffer {
    /** Option: the buffer size to set with F_SETPIPE_SZ, in bytes. */
    public static final String OPTION = "pipe.size";

    private PipeBuffer() {
    }

    /** What was set, for the results. */
    public record Applied(int bufferBytes, int kernelDefaultBytes, int requestedBytes) {
        public Map<String, Object> facts() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pipeBufferBytes", bufferBytes);
            m.put("pipeKernelDefaultBytes", kernelDefaultBytes);
            m.put("pipeSizeSet", requestedBytes > 0 ? requestedBytes : "kernel default");
            return m;
        }
    }

    public static Map<String, Object> limits() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fs.pipe-max-size", EnvironmentProbe.sysctl("fs.pipe-max-size"));
        m.put("default pipe buffer", 65536);
        return m;
    }

    /** The option, for {@link io.ipcbench.core.spi.Transport#options()} of every transport over a kernel pipe. */
    public static TransportOption option() {
        return TransportOption.size(OPTION, "--pipe-size", 4096, maxSize(), "the kernel's, 64K",
                "pipe buffer size set with F_SETPIPE_SZ, up to fs.pipe-max-size (raise it with sysctl -w fs.pipe-max-size=N)");
    }

    private static long maxSize() {
        Object max = EnvironmentProbe.sysctl("fs.pipe-max-size");
        return max instanceof Long l ? l : 1L << 20;
    }

    /** Refuses a bad pipe size before anything is created. */
    public static void validate(LinkOptions options) {
        requestedSize(options);
    }

    private static int requestedSize(LinkOptions options) {
        TransportOption o = option();
        Long size = o.sizeIn(options);
        if (size == null) {
            return -1;
        }
        return (int) Long.parseLong(o.accept(size));
    }

    /** The size to set for a run, or -1 to keep the kernel's default. */
    public static int sizeFor(LinkOptions options, int defaultBytes) {
        int requested = requestedSize(options);
        if (requested > 0) {
            return requested;
        }
        int frame = options.maxFrameBytes();
        int payload = frame - Frame.HEADER_BYTES;
        if (frame > defaultBytes && payload <= defaultBytes) {
            return Integer.highestOneBit(frame - 1) << 1;
        }
        return -1;
    }

    /** Sets the run's size on every pipe that {@code fds} belong to (one fd per pipe). */
    public static Applied apply(LinkOptions options, String what, int... fds) throws IOException {
        int defaultBytes = get(fds[0], what);
        int size = sizeFor(options, defaultBytes);
        if (size > 0) {
            for (int fd : fds) {
                try {
                    Posix.LIBC.fcntl(fd, Posix.F_SETPIPE_SZ, size);
                } catch (LastErrorException e) {
                    throw new IOException(Posix.describe("fcntl(F_SETPIPE_SZ, " + size + ")", what + " fd " + fd, e), e);
                }
            }
        }
        return new Applied(get(fds[0], what), defaultBytes, size);
    }

    private static int get(int fd, String what) throws IOException {
        try {
            return Posix.LIBC.fcntl(fd, Posix.F_GETPIPE_SZ);
        } catch (LastErrorException e) {
            throw new IOException(Posix.describe("fcntl(F_GETPIPE_SZ)", what + " fd " + fd, e), e);
        }
    }
}
