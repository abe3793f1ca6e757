package io.ipcbench.core.io;

import io.ipcbench.core.Closer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@link ByteIo} over JDK channels. JDK I/O on direct buffers costs about 100 ns over C per call,
 * half of a JNA direct-mapped call, so blocking pipes and FIFOs use it by default (--pipe-io).
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

    /**
     * Blocking JDK channels over a pipe's or FIFO's read end and write end, opened again through
     * {@code /proc/self/fd/N} (the JDK cannot wrap a raw descriptor). Both ends must already have
     * a partner open, or the open blocks. The original descriptors stay the caller's to close.
     */
    public static ChannelIo reopen(int readFd, int writeFd) throws IOException {
        FileChannel in = FileChannel.open(Path.of("/proc/self/fd/" + readFd), StandardOpenOption.READ);
        try {
            return new ChannelIo(in, FileChannel.open(Path.of("/proc/self/fd/" + writeFd), StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return in.read(dst);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return srcs.length == 1 ? out.write(srcs[0]) : out.write(srcs); // one buffer: write(2), not writev
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
