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
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

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
        public Listener listen(Path path) throws IOException {
            UnixServerSocketChannel server = UnixServerSocketChannel.open();
            try {
                server.socket().bind(new UnixSocketAddress(path.toFile()));
                server.configureBlocking(false);
            } catch (IOException | RuntimeException e) {
                server.close();
                throw new IOException("cannot listen on " + path + ": " + e.getMessage(), e);
            }
            return new Listener() {
                private UnixSocketChannel accepted;

                @Override
                public ByteIo accept(WaitStrategy wait) throws IOException {
                    UnixSocketChannel c = server.accept();
                    if (c == null) {
                        return null;
                    }
                    accepted = c;
                    return io(c, wait, "the uds socket " + path);
                }

                @Override
                public Map<String, Object> facts() {
                    Map<String, Object> m = new LinkedHashMap<>();
                    try {
                        m.put("soSndbuf", accepted.getOption(UnixSocketOptions.SO_SNDBUF));
                        m.put("soRcvbuf", accepted.getOption(UnixSocketOptions.SO_RCVBUF));
                    } catch (IOException | RuntimeException e) {
                        m.put("soSndbuf", "unknown: " + e.getMessage());
                    }
                    m.put("udsIo", channelIo ? "jnr-unixsocket channel read/write"
                            : "JNA direct read/writev on the jnr-unixsocket descriptor");
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
            UnixSocketChannel c;
            try {
                c = UnixSocketChannel.open(new UnixSocketAddress(path.toFile()));
            } catch (IOException e) {
                throw new IOException("cannot connect to " + path + ": " + e.getMessage(), e);
            }
            return io(c, wait, "the uds socket " + path);
        }

        private ByteIo io(UnixSocketChannel c, WaitStrategy wait, String what) throws IOException {
            try {
                if (channelIo) {
                    c.configureBlocking(wait != WaitStrategy.SPIN);
                    return new ChannelIo(c, c);
                }
                // NativeFdIo owns the descriptor from here on; the channel object is dropped unclosed
                // (jnr channels have no finalizer or cleaner, so nothing closes the fd behind our back).
                return new NativeFdIo(c.getFD(), c.getFD(), what, wait == WaitStrategy.SPIN);
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
    }
}
