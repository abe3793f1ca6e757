package io.ipcbench.socket;

import io.ipcbench.core.Closer;
import io.ipcbench.core.env.EnvironmentProbe;
import io.ipcbench.core.io.ByteIo;
import io.ipcbench.core.io.PrivateDir;
import io.ipcbench.core.io.StreamLink;
import io.ipcbench.core.spi.DriverEndpoint;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.PeerHandle;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.WaitStrategy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

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
    private static final long POLL_NANOS = 200_000;

    /** How one binding opens a socket. */
    interface Binding {
        /** A listening socket bound to {@code path}, non-blocking. */
        Listener listen(Path path) throws IOException;

        /** Connects to {@code path} and returns the stream, blocking or not as {@code wait} needs. */
        ByteIo connect(Path path, WaitStrategy wait) throws IOException;
    }

    /** A listening socket. */
    interface Listener extends AutoCloseable {
        /** The next connection, or null when none is waiting. */
        ByteIo accept(WaitStrategy wait) throws IOException;

        /** Buffer sizes of the accepted socket, for the results. */
        Map<String, Object> facts();

        @Override
        void close() throws IOException;
    }

    /** The binding for a run (options may choose how it moves bytes). */
    protected abstract Binding binding(LinkOptions options);

    @Override
    public Set<WaitStrategy> waitStrategies() {
        return EnumSet.of(WaitStrategy.BLOCK, WaitStrategy.SPIN);
    }

    @Override
    public long maxPayloadBytes() {
        return 64L << 20; // a stream has no message limit: ipcbench's own cap on one frame's buffers
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
        PrivateDir dir = PrivateDir.create(name());
        try {
            return new Endpoint(dir, binding(options).listen(dir.resolve(SOCKET)), options);
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
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
        ByteIo io;
        try {
            io = binding(options).connect(socket, options.waitStrategy());
        } finally {
            // connected, or the driver is gone: either way nothing needs the name any more
            PrivateDir.removeTree(dir);
        }
        return new StreamLink(io, name() + " socket " + socket, options.maxFrameBytes(), options.waitStrategy(), guard);
    }

    private final class Endpoint implements DriverEndpoint {
        private final PrivateDir dir;
        private final Listener listener;
        private final LinkOptions options;
        private Map<String, Object> facts = Map.of();

        Endpoint(PrivateDir dir, Listener listener, LinkOptions options) {
            this.dir = dir;
            this.listener = listener;
            this.options = options;
        }

        @Override
        public String peerSpec() {
            return dir.path().toString();
        }

        @Override
        public Link connect(PeerHandle peer, Guard guard) throws IOException {
            ByteIo io;
            while ((io = listener.accept(options.waitStrategy())) == null) {
                guard.check();
                LockSupport.parkNanos(POLL_NANOS);
            }
            try {
                facts = listener.facts();
                close(); // connected: the listener and the socket file are no longer needed
            } catch (IOException | RuntimeException e) {
                io.close();
                throw e;
            }
            return new StreamLink(io, name() + " socket to peer " + peer.pid(), options.maxFrameBytes(),
                    options.waitStrategy(), guard);
        }

        @Override
        public Map<String, Object> facts() {
            Map<String, Object> m = new LinkedHashMap<>(facts);
            m.put("socket", "AF_UNIX SOCK_STREAM, bound in a 0700 directory, file removed once accepted");
            return m;
        }

        @Override
        public void close() throws IOException {
            Closer.all(listener::close, dir::close);
        }
    }
}
