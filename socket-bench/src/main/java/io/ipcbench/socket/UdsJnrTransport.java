package io.ipcbench.socket;

import io.ipcbench.core.io.ByteIo;
import io.ipcbench.core.io.ChannelIo;
import io.ipcbench.core.io.NativeFdIo;
import io.ipcbench.core.spi.LinkOptions;
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

/**
 * {@code uds}: the Unix domain stream socket opened through jnr-unixsocket, the design's named
 * binding ({@code socket}, {@code bind}, {@code listen}, {@code accept}, {@code connect} via jnr-ffi).
 *
 * <p>Messages move through the socket's descriptor with JNA direct-mapped {@code read}/{@code writev}
 * by default ({@code --uds-io fd}), because jnr-unixsocket 0.39's channel allocates a heap buffer
 * of the destination's size on every {@code read} and copies it over, and sends a gathering write
 * as one {@code write(2)} per buffer. {@code --uds-io channel} moves the messages through jnr's
 * channel too, to measure exactly that cost.
 */
public final class UdsJnrTransport extends UdsTransport {
    /** Option: {@code fd} (JNA direct read/writev on the socket's descriptor) or {@code channel} (jnr's channel I/O). */
    public static final String IO = "uds.io";

    @Override
    public String name() {
        return "uds";
    }

    @Override
    public String description() {
        return "Unix domain stream socket opened through jnr-unixsocket (--uds-io fd|channel)";
    }

    @Override
    public void validate(LinkOptions options) {
        binding(options);
    }

    @Override
    protected Binding binding(LinkOptions options) {
        String v = options.option(IO);
        if (v == null || v.equals("fd")) {
            return new JnrBinding(false);
        }
        if (v.equals("channel")) {
            return new JnrBinding(true);
        }
        throw new IllegalArgumentException("--uds-io: '" + v + "' is not one of fd, channel");
    }

    private record JnrBinding(boolean channelIo) implements Binding {
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
                return wait == WaitStrategy.SPIN ? new NativeFdIo(fd, fd, what, true) : NativeFdIo.pollingWaits(fd, what);
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
            return channelIo ? "jnr-unixsocket channel read/write" : "JNA direct read/writev on the jnr-unixsocket descriptor (block: a read or write that would block waits in poll)";
        }
    }
}
