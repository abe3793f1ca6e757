package io.ipcbench.pipe;

import com.sun.jna.LastErrorException;
import io.ipcbench.core.io.ByteIo;
import io.ipcbench.core.io.ChannelIo;
import io.ipcbench.core.io.NativeFdIo;
import io.ipcbench.core.nat.Arch;
import io.ipcbench.core.nat.Posix;
import io.ipcbench.core.spi.DriverEndpoint;
import io.ipcbench.core.spi.Family;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.TransportOption;
import io.ipcbench.core.spi.WaitStrategy;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * the descriptors are set {@code O_NONBLOCK} and polled through jnr-ffi calls, since the
 * JDK cannot make a pipe non-blocking.
 */
public final class PipeTransport implements Transport {
    @Override
    public String name() {
        return "pipe";
    }

    /** Its open flags and fcntl numbers are the asm-generic ones, checked per architecture. */
    @Override
    public Optional<String> unavailableReason() {
        return Arch.unsupported();
    }

    @Override
    public String description() {
        return "anonymous pipes (the peer's stdin/stdout), read and written whole in a loop";
    }

    @Override
    public Family family() {
        return Family.PIPE;
    }

    @Override
    public List<TransportOption> options() {
        return List.of(PipeBuffer.option(), PipeIo.option());
    }

    @Override
    public Set<WaitStrategy> waitStrategies() {
        return EnumSet.of(WaitStrategy.BLOCK, WaitStrategy.SPIN);
    }

    @Override
    public long maxPayloadBytes() {
        return FRAME_CAP; // pipes have no message limit
    }

    @Override
    public Map<String, Object> limits() {
        return PipeBuffer.limits();
    }

    @Override
    public void validate(LinkOptions options) {
        PipeBuffer.validate(options);
        PipeIo.nativeCalls(options);
    }

    @Override
    public DriverEndpoint create(LinkOptions options) throws IOException {
        int[] toPeer = pipe();
        int[] fromPeer;
        try {
            fromPeer = pipe();
        } catch (IOException e) {
            Posix.closeQuietly(toPeer[0], toPeer[1]);
            throw e;
        }
        PipeEndpoint endpoint = new PipeEndpoint(toPeer, fromPeer, options);
        try {
            endpoint.buffer = PipeBuffer.apply(options, "pipe", toPeer[1], fromPeer[1]);
            return endpoint;
        } catch (IOException | RuntimeException e) {
            endpoint.close();
            throw e;
        }
    }

    @Override
    public Link attach(String peerSpec, LinkOptions options, Guard guard) throws IOException {
        boolean spin = options.waitStrategy() == WaitStrategy.SPIN;
        ByteIo io = spin || PipeIo.nativeCalls(options)
                ? new NativeFdIo(0, 1, "the pipe pair (stdin/stdout)", spin)
                : new ChannelIo(new FileInputStream(FileDescriptor.in).getChannel(),
                        new FileOutputStream(FileDescriptor.out).getChannel());
        return PipeIo.link(io, "the pipe pair", options, guard);
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
}
