package io.ipcbench.socket;

import io.ipcbench.core.Closer;
import io.ipcbench.core.env.EnvironmentProbe;
import io.ipcbench.core.io.ByteIo;
import io.ipcbench.core.io.PrivateDir;
import io.ipcbench.core.io.StreamLink;
import io.ipcbench.core.io.Waiter;
import io.ipcbench.core.spi.DriverEndpoint;
import io.ipcbench.core.spi.Family;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.LeftoverMark;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.PeerHandle;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.TransportOption;
import io.ipcbench.core.spi.WaitStrategy;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Unix domain stream socket, the baseline every other mechanism is compared with. Two bindings
 * of the same socket share this class and differ only in how they open and drive it
 * ({@link Binding}), so the report shows what a binding costs.
 *
 * <pre>
 *  driver                                       peer
 *  mkdir 0700; socket, bind(dir/s), listen
 *  fork --------------------------------------> connect(dir/s)
 *  accept (polled with the guard), close listener, rm -r dir
 *  stream of frames  <========================> stream of frames
 * </pre>
 *
 * The socket file lives in a private 0700 directory and is removed, with the directory, as soon as
 * the connection is accepted. Frames go over the stream with the same 24-byte header as every
 * other transport, through the shared {@link StreamLink}; {@code block} uses blocking calls,
 * {@code spin} a non-blocking socket polled in a loop.
 */
abstract class UdsTransport implements Transport {
    static final String SOCKET = "s";

    /**
     * How {@code block} waits for a message, in both bindings: {@code read} sleeps in a blocking
     * {@code read} (as the C reference does); {@code poll} makes the socket non-blocking and sleeps in
     * {@code poll(POLLIN)} ({@code uds}) or a {@code Selector} ({@code uds-jdk}) when a read finds
     * nothing. Waiting by event dodges the spurious {@code EPOLLOUT} wake-up the kernel sends a side
     * asleep in {@code read} when the other side consumes its message, at the price of two more
     * system calls per message; which is faster depends on the host (docs/transports.md).
     */
    static final TransportOption WAIT = TransportOption.choice("uds.wait", "--uds-wait", List.of("read", "poll"),
            "block: wait for a message in a blocking read, as C does, or in poll (uds-jdk: a Selector) after a read finds nothing");

    /** Whether {@code block} sleeps in a blocking {@code read}. */
    static boolean blockingReads(LinkOptions options) {
        return WAIT.choiceIn(options).equals("read");
    }

    /** What differs between two bindings of the same socket: how it is opened, and how bytes move. */
    interface Binding {
        /** A new, unbound listening channel (jnr's is not a ServerSocketChannel, but both are selectable). */
        AbstractSelectableChannel openServer() throws IOException;

        /** Binds the listening channel to the socket file {@code path}. */
        void bind(AbstractSelectableChannel server, Path path) throws IOException;

        /** The next connection on the (non-blocking) listening channel, or null. */
        SocketChannel accept(AbstractSelectableChannel server) throws IOException;

        /** A connected channel to {@code path}. */
        SocketChannel connect(Path path) throws IOException;

        /** The stream over a connected channel, blocking or not as {@code wait} needs; owns the channel. */
        ByteIo io(SocketChannel channel, WaitStrategy wait, String what) throws IOException;

        /** The binding's names for SO_SNDBUF and SO_RCVBUF. */
        SocketOption<Integer> sendBuffer();

        SocketOption<Integer> receiveBuffer();

        /** How messages move, for the results. */
        String ioDescription();
    }

    /** The binding for a run (options may choose how it moves bytes). */
    protected abstract Binding binding(LinkOptions options);

    @Override
    public Family family() {
        return Family.SOCKET;
    }

    @Override
    public List<LeftoverMark> leftoverMarks() {
        return List.of(PrivateDir.mark(name()));
    }

    @Override
    public Set<WaitStrategy> waitStrategies() {
        return EnumSet.of(WaitStrategy.BLOCK, WaitStrategy.SPIN);
    }

    @Override
    public long maxPayloadBytes() {
        return FRAME_CAP; // a stream has no message limit
    }

    @Override
    public Map<String, Object> limits() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String s : new String[] {"net.core.wmem_default", "net.core.rmem_default", "net.core.wmem_max", "net.core.rmem_max"}) {
            m.put(s, EnvironmentProbe.sysctl(s));
        }
        return m;
    }

    @Override
    public DriverEndpoint create(LinkOptions options) throws IOException {
        Binding binding = binding(options);
        PrivateDir dir = PrivateDir.create(name());
        Path path = dir.resolve(SOCKET);
        AbstractSelectableChannel server = null;
        try {
            server = binding.openServer();
            binding.bind(server, path);
            server.configureBlocking(false);
            return new Endpoint(dir, server, binding, options);
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            dir.close();
            throw new IOException("cannot listen on " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void abandoned(String peerSpec) throws IOException {
        PrivateDir.removeTree(Path.of(peerSpec));
    }

    @Override
    public Link attach(String peerSpec, LinkOptions options, Guard guard) throws IOException {
        Path dir = Path.of(peerSpec);
        Path socket = dir.resolve(SOCKET);
        Binding binding = binding(options);
        SocketChannel channel;
        try {
            channel = binding.connect(socket);
        } catch (IOException e) {
            throw new IOException("cannot connect to " + socket + ": " + e.getMessage(), e);
        } finally {
            // connected, or the driver is gone: either way nothing needs the name any more
            PrivateDir.removeTree(dir);
        }
        String what = name() + " socket " + socket;
        return new StreamLink(binding.io(channel, options.waitStrategy(), what), what, options.maxFrameBytes(),
                options.waitStrategy(), guard);
    }

    private final class Endpoint implements DriverEndpoint {
        private final PrivateDir dir;
        private final AbstractSelectableChannel server;
        private final Binding binding;
        private final LinkOptions options;
        private final Map<String, Object> facts = new LinkedHashMap<>();

        Endpoint(PrivateDir dir, AbstractSelectableChannel server, Binding binding, LinkOptions options) {
            this.dir = dir;
            this.server = server;
            this.binding = binding;
            this.options = options;
        }

        @Override
        public String peerSpec() {
            return dir.path().toString();
        }

        @Override
        public Link connect(PeerHandle peer, Guard guard) throws IOException {
            SocketChannel channel;
            while ((channel = binding.accept(server)) == null) {
                Waiter.betweenTries(guard);
            }
            String what = name() + " socket to peer " + peer.pid();
            ByteIo io = null;
            try {
                record(channel);
                io = binding.io(channel, options.waitStrategy(), what);
                close(); // connected: the listener and the socket file are no longer needed
            } catch (IOException | RuntimeException e) {
                if (io != null) {
                    io.close();
                } else {
                    channel.close();
                }
                throw e;
            }
            return new StreamLink(io, what, options.maxFrameBytes(), options.waitStrategy(), guard);
        }

        private void record(SocketChannel channel) {
            try {
                facts.put("soSndbuf", channel.getOption(binding.sendBuffer()));
                facts.put("soRcvbuf", channel.getOption(binding.receiveBuffer()));
            } catch (IOException | RuntimeException e) {
                facts.put("soSndbuf", "unknown: " + e.getMessage());
            }
            facts.put("udsIo", binding.ioDescription());
        }

        @Override
        public Map<String, Object> facts() {
            Map<String, Object> m = new LinkedHashMap<>(facts);
            m.put("socket", "AF_UNIX SOCK_STREAM, bound in a 0700 directory, file removed once accepted");
            return m;
        }

        @Override
        public void close() throws IOException {
            Closer.all(server::close, dir::close);
        }
    }
}
