package io.ipcbench.fifo;

import com.sun.jna.LastErrorException;
import io.ipcbench.core.io.ByteIo;
import io.ipcbench.core.io.PrivateDir;
import io.ipcbench.core.nat.Arch;
import io.ipcbench.core.nat.Posix;
import io.ipcbench.core.spi.DriverEndpoint;
import io.ipcbench.core.spi.Family;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.LeftoverMark;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.PeerGoneException;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.TransportOption;
import io.ipcbench.core.spi.WaitStrategy;
import io.ipcbench.pipe.PipeBuffer;
import io.ipcbench.pipe.PipeIo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Named pipes: two FIFOs, one per direction, made with {@code mkfifo(0600)} in a private 0700
 * directory, and removed with it as soon as both ends of both are open.
 *
 * <pre>
 *  driver                                        peer
 *  mkdir 0700, mkfifo to-peer, from-peer (0600)
 *  open(from-peer, O_RDONLY|O_NONBLOCK)   (1)
 *  fork ------------------------------------->   open(from-peer, O_WRONLY|O_NONBLOCK)  (2: a reader exists)
 *                                                open(to-peer, O_RDONLY)               (3: waits for a writer)
 *  open(to-peer, O_WRONLY|O_NONBLOCK) polled (4: ENXIO until (3) is waiting), rm -r dir
 * </pre>
 *
 * The order cannot deadlock: every open that could wait for the other side either has its
 * partner already open (2) or is polled with the guard (4), and the one blocking open (3) is in
 * the peer, which halts when the driver dies. When (4) succeeds, (2) is done, so neither side can
 * read a false end-of-file from a FIFO whose writer is not open yet. With {@code block} both
 * sides use JDK FileChannels opened through {@code /proc/self/fd}; with {@code spin} the
 * descriptors are {@code O_NONBLOCK} and polled through jnr-ffi calls.
 */
public final class FifoTransport implements Transport {
    private static final String DIR_KIND = "fifo";
    static final String TO_PEER = "to-peer";
    static final String FROM_PEER = "from-peer";

    @Override
    public String name() {
        return "fifo";
    }

    /** Its open flags and fcntl numbers are the asm-generic ones, checked per architecture. */
    @Override
    public Optional<String> unavailableReason() {
        return Arch.unsupported();
    }

    @Override
    public String description() {
        return "named pipes (mkfifo 0600, one per direction, removed once open), read and written whole in a loop";
    }

    @Override
    public Family family() {
        return Family.FIFO;
    }

    @Override
    public List<TransportOption> options() {
        return List.of(PipeBuffer.option(), PipeIo.option());
    }

    @Override
    public List<LeftoverMark> leftoverMarks() {
        return List.of(PrivateDir.mark(DIR_KIND));
    }

    @Override
    public Set<WaitStrategy> waitStrategies() {
        return EnumSet.of(WaitStrategy.BLOCK, WaitStrategy.SPIN);
    }

    @Override
    public long maxPayloadBytes() {
        return FRAME_CAP; // no kernel limit per message
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
        PrivateDir dir = PrivateDir.create(DIR_KIND);
        try {
            mkfifo(dir.resolve(TO_PEER));
            mkfifo(dir.resolve(FROM_PEER));
            int fromPeer = open(dir.resolve(FROM_PEER), Posix.O_RDONLY | Posix.O_NONBLOCK);
            return new FifoEndpoint(dir, fromPeer, options);
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
        int out;
        try {
            out = Posix.LIBC.open(dir.resolve(FROM_PEER).toString(), Posix.O_WRONLY | Posix.O_NONBLOCK | Posix.O_CLOEXEC);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Posix.ENXIO) {
                PrivateDir.removeTree(dir); // the driver died before it could remove its FIFOs
                throw new PeerGoneException("the driver's read end of " + dir.resolve(FROM_PEER) + " is gone (ENXIO)", e);
            }
            throw new IOException(Posix.describe("open(O_WRONLY)", dir.resolve(FROM_PEER).toString(), e), e);
        }
        int in;
        try {
            in = open(dir.resolve(TO_PEER), Posix.O_RDONLY); // blocks until the driver opens its write end
        } catch (IOException e) {
            Posix.closeQuietly(out);
            throw e;
        }
        // Both ends of both FIFOs are open now; the driver removes them too, whoever comes first.
        PrivateDir.removeTree(dir);
        return link(in, out, "the FIFO pair " + dir, options, guard);
    }

    static Link link(int in, int out, String what, LinkOptions options, Guard guard) throws IOException {
        return PipeIo.link(ByteIo.ofPipeEnds(in, out, options.waitStrategy(), PipeIo.nativeCalls(options), what), what, options, guard);
    }

    private static void mkfifo(Path path) throws IOException {
        try {
            Posix.LIBC.mkfifo(path.toString(), 0600);
        } catch (LastErrorException e) {
            throw new IOException(Posix.describe("mkfifo(0600)", path.toString(), e), e);
        }
    }

    static int open(Path path, int flags) throws IOException {
        try {
            return Posix.LIBC.open(path.toString(), flags | Posix.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException(Posix.describe("open", path.toString(), e), e);
        }
    }
}
