package io.ipcbench.pipe;

import io.ipcbench.core.io.ByteIo;
import io.ipcbench.core.nat.Posix;
import io.ipcbench.core.spi.DriverEndpoint;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.PeerHandle;

import java.io.File;
import java.io.IOException;
import java.util.Map;

/** The driver's pipe ends, from creation until the link owns them. */
final class PipeEndpoint implements DriverEndpoint {
    private static final int READ = 0;
    private static final int WRITE = 1;

    private final int[] toPeer;
    private final int[] fromPeer;
    private final LinkOptions options;
    PipeBuffer.Applied buffer;

    PipeEndpoint(int[] toPeer, int[] fromPeer, LinkOptions options) {
        this.toPeer = toPeer;
        this.fromPeer = fromPeer;
        this.options = options;
    }

    @Override
    public String peerSpec() {
        return "stdio";
    }

    @Override
    public void preparePeer(ProcessBuilder peer) {
        peer.redirectInput(new File("/proc/self/fd/" + toPeer[READ]));
        peer.redirectOutput(new File("/proc/self/fd/" + fromPeer[WRITE]));
    }

    @Override
    public Link connect(PeerHandle peer, Guard guard) throws IOException {
        // The peer has its own copies now: drop ours, or end-of-stream would never come when it dies.
        // Open the driver's channels first: while we still hold every end, opening through /proc cannot block.
        String what = "the pipe pair to peer " + peer.pid();
        int in = fromPeer[READ];
        int out = toPeer[WRITE];
        fromPeer[READ] = -1; // the ByteIo owns these two from here on
        toPeer[WRITE] = -1;
        ByteIo io;
        try {
            io = ByteIo.ofPipeEnds(in, out, options.waitStrategy(), PipeIo.nativeCalls(options), what);
        } finally {
            close();
        }
        return PipeIo.link(io, what, options, guard);
    }

    @Override
    public Map<String, Object> facts() {
        Map<String, Object> m = new java.util.LinkedHashMap<>(buffer.facts());
        m.put("pipeIo", PipeIo.describe(options));
        return m;
    }

    @Override
    public void close() {
        Posix.closeQuietly(toPeer[READ], toPeer[WRITE], fromPeer[READ], fromPeer[WRITE]);
        toPeer[READ] = toPeer[WRITE] = fromPeer[READ] = fromPeer[WRITE] = -1;
    }
}
