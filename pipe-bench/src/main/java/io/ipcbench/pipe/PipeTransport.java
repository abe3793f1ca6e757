package io.ipcbench.pipe;

import com.sun.jna.LastErrorException;
import io.ipcbench.core.env.EnvironmentProbe;
import io.ipcbench.core.io.ByteIo;
import io.ipcbench.core.io.ChannelIo;
import io.ipcbench.core.io.NativeFdIo;
import io.ipcbench.core.io.StreamLink;
import io.ipcbench.core.nat.Posix;
import io.ipcbench.core.spi.DriverEndpoint;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.WaitStrategy;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Anonymous pipes, one per direction, between the driver and the forked peer, which gets them as
 * its stdin and stdout.
 *
 * <pre>
 *  driver                                         peer
 *  pipe2() x2 (O_CLOEXEC), F_SETPIPE_SZ
 *  toPeer[1]   --write-->  pipe A  --read-->  fd 0 (stdin)
 *  fromPeer[0] <--read---  pipe B  <--write-- fd 1 (stdout)
 * </pre>
 *
 * The peer's ends are handed over by redirecting its stdio to {@code /proc/self/fd/N} of the
 * driver (opened in the driver while it starts the process), which avoids
 * {@link Process#getInputStream()} and its extra copy. With {@code block} both sides use JDK
 * FileChannels (the driver opens its own ends through {@code /proc/self/fd}); with {@code spin}
 * the descriptors are set {@code O_NONBLOCK} and polled through JNA direct mapping, since the
 * JDK cannot make a pipe non-blocking.
 */
public final class PipeTransport implements Transport {
    /** Option: the pipe buffer size to set with F_SETPIPE_SZ, in bytes. */
    public static final String PIPE_SIZE = "pipe.size";
    /** Pipes have no message limit; this is ipcbench's own cap on one frame's buffers. */
    public static final long MAX_PAYLOAD = 64L << 20;

    @Override
    public String name() {
        return "pipe";
    }

    @Override
    public String description() {
        return "anonymous pipes (the peer's stdin/stdout), read and written whole in a loop";
    }

    @Override
    public Set<WaitStrategy> waitStrategies() {
        return EnumSet.of(WaitStrategy.BLOCK, WaitStrategy.SPIN);
    }

    @Override
    public long maxPayloadBytes() {
        return MAX_PAYLOAD;
    }

    @Override
    public Map<String, Object> limits() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fs.pipe-max-size", EnvironmentProbe.sysctl("fs.pipe-max-size"));
        m.put("default pipe buffer", 65536);
        return m;
    }

    @Override
    public void validate(LinkOptions options) {
        requestedSize(options);
    }

    private static int requestedSize(LinkOptions options) {
        String v = options.option(PIPE_SIZE);
        if (v == null) {
            return -1;
        }
        long size;
        try {
            size = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--pipe-size: '" + v + "' is not a number of bytes");
        }
        Object max = EnvironmentProbe.sysctl("fs.pipe-max-size");
        long limit = max instanceof Long l ? l : 1L << 20;
        if (size < 4096 || size > limit) {
            throw new IllegalArgumentException("--pipe-size: " + size + " is outside 4096.." + limit
                    + " (fs.pipe-max-size; raise it with sysctl -w fs.pipe-max-size=N)");
        }
        return (int) size;
    }

    /**
     * The pipe buffer for a run: {@code --pipe-size} if given; else the kernel's default, except
     * that a payload which fits the default pipe must still fit it with its 24-byte header, so
     * such a frame gets the next power of two (a 64 KiB payload would otherwise spill into a 17th
     * page and cost two extra context switches per message, which a C program sending 64 KiB
     * through a 64 KiB pipe does not pay). Larger payloads keep the default, like the C reference.
     */
    static int pipeSizeFor(LinkOptions options, int defaultBytes) {
        int requested = requestedSize(options);
        if (requested > 0) {
            return requested;
        }
        int frame = options.maxFrameBytes();
        int payload = frame - io.ipcbench.core.frame.Frame.HEADER_BYTES;
        if (frame > defaultBytes && payload <= defaultBytes) {
            return Integer.highestOneBit(frame - 1) << 1;
        }
        return -1;
    }

    @Override
    public DriverEndpoint create(LinkOptions options) throws IOException {
        int[] toPeer = pipe();
        int[] fromPeer;
        try {
            fromPeer = pipe();
        } catch (IOException e) {
            closeQuietly(toPeer[0], toPeer[1]);
            throw e;
        }
        PipeEndpoint endpoint = new PipeEndpoint(toPeer, fromPeer, options);
        try {
            int defaultBytes = Posix.LIBC.fcntl(toPeer[1], Posix.F_GETPIPE_SZ);
            int size = pipeSizeFor(options, defaultBytes);
            if (size > 0) {
                setPipeSize(toPeer[1], size);
                setPipeSize(fromPeer[1], size);
            }
            endpoint.bufferBytes = Posix.LIBC.fcntl(toPeer[1], Posix.F_GETPIPE_SZ);
            endpoint.requestedBytes = size;
            endpoint.defaultBytes = defaultBytes;
            return endpoint;
        } catch (IOException | RuntimeException e) {
            endpoint.close();
            throw e;
        }
    }

    @Override
    public Link attach(String peerSpec, LinkOptions options, Guard guard) throws IOException {
        ByteIo io = options.waitStrategy() == WaitStrategy.SPIN
                ? new NativeFdIo(0, 1, "the pipe pair (stdin/stdout)")
                : new ChannelIo(new FileInputStream(FileDescriptor.in).getChannel(),
                        new FileOutputStream(FileDescriptor.out).getChannel());
        return new StreamLink(io, "the pipe pair", options.maxFrameBytes(), options.waitStrategy(), guard);
    }

    private static int[] pipe() throws IOException {
        int[] fds = new int[2];
        try {
            Posix.LIBC.pipe2(fds, Posix.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException(Posix.describe("pipe2", "a new pipe", e), e);
        }
        return fds;
    }

    private static void setPipeSize(int fd, int size) throws IOException {
        try {
            Posix.LIBC.fcntl(fd, Posix.F_SETPIPE_SZ, size);
        } catch (LastErrorException e) {
            throw new IOException(Posix.describe("fcntl(F_SETPIPE_SZ, " + size + ")", "pipe fd " + fd, e), e);
        }
    }

    static void closeQuietly(int... fds) {
        for (int fd : fds) {
            if (fd >= 0) {
                try {
                    Posix.LIBC.close(fd);
                } catch (LastErrorException e) {
                    // already closed: nothing to release
                }
            }
        }
    }
}
