package io.ipcbench.fifo;

import com.sun.jna.LastErrorException;
import io.ipcbench.core.io.PrivateDir;
import io.ipcbench.core.io.Waiter;
import io.ipcbench.core.nat.Posix;
import io.ipcbench.core.spi.DriverEndpoint;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.PeerHandle;
import io.ipcbench.pipe.PipeBuffer;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The driver's FIFOs and their directory, from creation until the link owns the descriptors. */
final class FifoEndpoint implements DriverEndpoint {
    private final PrivateDir dir;
    private final LinkOptions options;
    private int fromPeer;
    private PipeBuffer.Applied buffer;

    FifoEndpoint(PrivateDir dir, int fromPeer, LinkOptions options) {
        this.dir = dir;
        this.fromPeer = fromPeer;
        this.options = options;
    }

    @Override
    public String peerSpec() {
        return dir.path().toString();
    }

    @Override
    public Link connect(PeerHandle peer, Guard guard) throws IOException {
        String toPeerPath = dir.resolve(FifoTransport.TO_PEER).toString();
        int toPeer;
        while (true) {
            try {
                toPeer = Posix.LIBC.open(toPeerPath, Posix.O_WRONLY | Posix.O_NONBLOCK | Posix.O_CLOEXEC);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Posix.ENXIO) {
                    throw new IOException(Posix.describe("open(O_WRONLY)", toPeerPath, e), e);
                }
                Waiter.betweenTries(guard); // ENXIO: the peer has not opened its read end yet
            }
        }
        int in = fromPeer;
        fromPeer = -1;
        try {
            dir.close(); // both ends of both FIFOs are open: nothing needs the names any more
            buffer = PipeBuffer.apply(options, "fifo", toPeer, in);
        } catch (IOException | RuntimeException e) {
            Posix.closeQuietly(in, toPeer);
            throw e;
        }
        return FifoTransport.link(in, toPeer, "the FIFO pair to peer " + peer.pid(), options, guard);
    }

    @Override
    public Map<String, Object> facts() {
        Map<String, Object> m = new LinkedHashMap<>(buffer == null ? Map.of() : buffer.facts());
        m.put("pipeIo", io.ipcbench.pipe.PipeIo.describe(options));
        m.put("fifos", "two, mkfifo 0600 in a 0700 directory, removed once both sides had both open");
        return m;
    }

    @Override
    public void close() throws IOException {
        Posix.closeQuietly(fromPeer);
        fromPeer = -1;
        dir.close();
    }
}
