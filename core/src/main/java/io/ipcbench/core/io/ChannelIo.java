package io.ipcbench.core.io;

import io.ipcbench.core.Closer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;

/**
 * {@link ByteIo} over JDK channels. JDK I/O on direct buffers costs about 100 ns over C per call,
 * half of a JNA direct-mapped call, so blocking transports use it wherever the JDK can open the object.
 */
public final class ChannelIo implements ByteIo {
    private final ReadableByteChannel in;
    private final GatheringByteChannel out;
    private final boolean nonBlocking;

    public ChannelIo(ReadableByteChannel in, GatheringByteChannel out) {
        this.in = in;
        this.out = out;
        this.nonBlocking = (in instanceof SelectableChannel s && !s.isBlocking())
                || (out instanceof SelectableChannel o && !o.isBlocking());
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return in.read(dst);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return out.write(srcs);
    }

    @Override
    public boolean nonBlocking() {
        return nonBlocking;
    }

    @Override
    public void close() throws IOException {
        Closer.all(out::close, in::close);
    }
}
