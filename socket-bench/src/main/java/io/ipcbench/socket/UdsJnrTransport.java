package io.ipcbench.socket;

import io.ipcbench.core.io.ByteIo;
import io.ipcbench.core.io.ChannelIo;
import io.ipcbench.core.io.NativeFdIo;
import io.ipcbench.core.nat.Arch;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.TransportOption;
import io.ipcbench.core.spi.WaitStrategy;
import jnr.unixsocket.UnixServerSocketChannel;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketChannel;
import jnr.unixsocket.UnixSocketOptions;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code uds}: the Unix domain stream socket opened through jnr-unixsocket, the design's named
 * binding ({@code socket}, {@code bind}, {@code listen}, {@code accept}, {@code connect} via jnr-ffi).
 *
 * <p>Messages move through the socket's descriptor with {@code read}/{@code writev} through jnr-ffi
 * by default ({@code --uds-io fd}), because jnr-unixsocket 0.39's channel allocates a heap buffer
 * of the destination's size on every {@code read} and copies it over, and sends a gathering write
 * as one {@code write(2)} per buffer. {@code --uds-io channel} moves the messages through jnr's
 * channel too, to measure exactly that cost.
 */
public final class UdsJnrTransport extends UdsTransport {
    /** {@code fd} (jnr-ffi read/writev on the socket's descriptor) or {@code channel} (jnr's channel I/O). */
    static final TransportOption IO = TransportOption.choice("uds.io", "--uds-io", List.of("fd", "channel"),
            "move messages with jnr-ffi read/writev on the socket's fd, or through jnr-unixsocket's channel "
                    + "(allocates per read; to measure the binding)");

    @Override
    public String name() {
        return "uds";
    }

    /** Its open flags and fcntl numbers are the asm-generic ones, checked per architecture. */
    @Override
    public Optional<String> unavailableReason() {
        return Arch.unsupported();
    }

    @Override
    public String description() {
        return "Unix domain stream socket opened through jnr-unixsocket";
    }

    @Override
    public List<TransportOption> options() {
        return List.of(IO, WAIT);
    }

    @Override
    public void validate(LinkOptions options) {
        binding(options);
    }

    @Override
    protected Binding binding(LinkOptions options) {
        return new JnrBinding(IO.choiceIn(options).equals("channel"), blockingReads(options));
    }

    private record JnrBinding(boolean channelIo, boolean blockingReads) implements Binding {
        @Override
        public AbstractSelectableChannel openServer() throws IOException {
            return UnixServerSocketChannel.open();
        }

        @Override
        public void bind(AbstractSelectableChannel server, Path path) throws IOException {
            ((UnixServerSocketChannel) server).socket().bind(new UnixSocketAddress(path.toFile()));
        }

        @Override
        public SocketChannel accept(AbstractSelectableChannel server) throws IOException {
            return ((UnixServerSocketChannel) server).accept();
        }

        @Override
        public SocketChannel connect(Path path) throws IOException {
            return UnixSocketChannel.open(new UnixSocketAddress(path.toFile()));
        }

        @Override
        public ByteIo io(SocketChannel channel, WaitStrategy wait, String what) throws IOException {
            try {
                if (channelIo) {
                    channel.configureBlocking(wait != WaitStrategy.SPIN);
                    return new ChannelIo(channel, channel);
                }
                // NativeFdIo owns the descriptor from here on; the channel object is dropped unclosed
                // (jnr channels have no finalizer or cleaner, so nothing closes the fd behind our back).
                int fd = ((UnixSocketChannel) channel).getFD();
                return wait == WaitStrategy.SPIN ? new NativeFdIo(fd, fd, what, true)
                        : blockingReads ? new NativeFdIo(fd, fd, what, false) : NativeFdIo.pollingWaits(fd, what);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        @Override
        public SocketOption<Integer> sendBuffer() {
            return UnixSocketOptions.SO_SNDBUF;
        }

        @Override
        public SocketOption<Integer> receiveBuffer() {
            return UnixSocketOptions.SO_RCVBUF;
        }

        @Override
        public String ioDescription() {
            return channelIo ? "jnr-unixsocket channel read/write"
                    : "jnr-ffi read/writev on the jnr-unixsocket descriptor (block: "
                    + (blockingReads ? "blocking read and writev)" : "a read or write that would block waits in poll)");
        }
    }
}
