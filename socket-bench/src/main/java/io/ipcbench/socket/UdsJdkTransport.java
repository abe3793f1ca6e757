package io.ipcbench.socket;

import io.ipcbench.core.io.ByteIo;
import io.ipcbench.core.io.ChannelIo;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.TransportOption;
import io.ipcbench.core.spi.WaitStrategy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code uds-jdk}: the Unix domain stream socket through the JDK's own channels
 * ({@link UnixDomainSocketAddress}, Java 16+), reads and gathering writes on direct buffers.
 * {@code block} sleeps in a blocking read, or with {@code --uds-wait poll} in a
 * {@link java.nio.channels.Selector} ({@link SelectingChannelIo}), as {@code uds} does in {@code poll}.
 */
public final class UdsJdkTransport extends UdsTransport {
    @Override
    public String name() {
        return "uds-jdk";
    }

    @Override
    public String description() {
        return "Unix domain stream socket through the JDK's SocketChannel (UnixDomainSocketAddress)";
    }

    @Override
    public List<TransportOption> options() {
        return List.of(WAIT);
    }

    @Override
    protected Binding binding(LinkOptions options) {
        return new JdkBinding(blockingReads(options));
    }

    private record JdkBinding(boolean blockingReads) implements Binding {

        @Override
        public AbstractSelectableChannel openServer() throws IOException {
            return ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        }

        @Override
        public void bind(AbstractSelectableChannel server, Path path) throws IOException {
            ((ServerSocketChannel) server).bind(UnixDomainSocketAddress.of(path));
        }

        @Override
        public SocketChannel accept(AbstractSelectableChannel server) throws IOException {
            return ((ServerSocketChannel) server).accept();
        }

        @Override
        public SocketChannel connect(Path path) throws IOException {
            return SocketChannel.open(UnixDomainSocketAddress.of(path));
        }

        @Override
        public ByteIo io(SocketChannel channel, WaitStrategy wait, String what) throws IOException {
            if (wait != WaitStrategy.SPIN) {
                // an accepted or connected SocketChannel starts out blocking
                return blockingReads ? new ChannelIo(channel, channel) : SelectingChannelIo.of(channel);
            }
            try {
                channel.configureBlocking(false); // spin: busy-polls a non-blocking channel
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return new ChannelIo(channel, channel);
        }

        @Override
        public SocketOption<Integer> sendBuffer() {
            return StandardSocketOptions.SO_SNDBUF;
        }

        @Override
        public SocketOption<Integer> receiveBuffer() {
            return StandardSocketOptions.SO_RCVBUF;
        }

        @Override
        public String ioDescription() {
            return "JDK SocketChannel read/gathering write (block: " + (blockingReads ? "blocking channel)"
                    : "non-blocking channel, waits in a Selector for OP_READ when a read finds nothing, OP_WRITE when a write does)");
        }
    }
}
