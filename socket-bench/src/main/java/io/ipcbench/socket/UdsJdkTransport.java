package io.ipcbench.socket;

import io.ipcbench.core.io.ByteIo;
import io.ipcbench.core.io.ChannelIo;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.WaitStrategy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code uds-jdk}: the Unix domain stream socket through the JDK's own channels
 * ({@link UnixDomainSocketAddress}, Java 16+), reads and gathering writes on direct buffers.
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
    protected Binding binding(LinkOptions options) {
        return JdkBinding.INSTANCE;
    }

    private enum JdkBinding implements Binding {
        INSTANCE;

        @Override
        public Listener listen(Path path) throws IOException {
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                server.bind(UnixDomainSocketAddress.of(path));
                server.configureBlocking(false);
            } catch (IOException | RuntimeException e) {
                server.close();
                throw new IOException("cannot listen on " + path + ": " + e.getMessage(), e);
            }
            return new Listener() {
                private SocketChannel accepted;

                @Override
                public ByteIo accept(WaitStrategy wait) throws IOException {
                    SocketChannel c = server.accept();
                    if (c == null) {
                        return null;
                    }
                    accepted = c;
                    return io(c, wait);
                }

                @Override
                public Map<String, Object> facts() {
                    Map<String, Object> m = new LinkedHashMap<>();
                    try {
                        m.put("soSndbuf", accepted.getOption(StandardSocketOptions.SO_SNDBUF));
                        m.put("soRcvbuf", accepted.getOption(StandardSocketOptions.SO_RCVBUF));
                    } catch (IOException | RuntimeException e) {
                        m.put("soSndbuf", "unknown: " + e.getMessage());
                    }
                    return m;
                }

                @Override
                public void close() throws IOException {
                    server.close();
                }
            };
        }

        @Override
        public ByteIo connect(Path path, WaitStrategy wait) throws IOException {
            SocketChannel c;
            try {
                c = SocketChannel.open(UnixDomainSocketAddress.of(path));
            } catch (IOException e) {
                throw new IOException("cannot connect to " + path + ": " + e.getMessage(), e);
            }
            return io(c, wait);
        }

        private static ByteIo io(SocketChannel c, WaitStrategy wait) throws IOException {
            try {
                c.configureBlocking(wait != WaitStrategy.SPIN);
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
            return new ChannelIo(c, c);
        }
    }
}
