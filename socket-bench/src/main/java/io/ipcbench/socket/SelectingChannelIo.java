package io.ipcbench.socket;

import io.ipcbench.core.Closer;
import io.ipcbench.core.io.ByteIo;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * {@code uds-jdk} with {@code block}: the JDK's channel made non-blocking; a read that finds nothing
 * waits in a {@link Selector} (epoll) for {@code OP_READ} and reads again, a write that finds the
 * socket full waits for {@code OP_WRITE}. Reading first costs a failed {@code read} per round trip
 * and measured the same as waiting first at 64 B; waiting first cost 64 KiB streams 17% (an
 * {@code epoll_wait} before every partial read). The JDK's own counterpart of the {@code poll}
 * waits of {@code uds} (see {@code NativeFdIo.pollingWaits}): a side asleep in a
 * blocking {@code read} on an AF_UNIX stream socket is also woken, for nothing, by the
 * {@code EPOLLOUT} the kernel sends when the other side consumes what it wrote; epoll filters
 * wake-ups by the events asked for. {@link Selector#select(Consumer)} adds no selected-key set
 * entries, so nothing is allocated per call. The waits are unbounded like a blocking read: the
 * peer's death (EOF, reset) or the watchdog's kill ends them.
 */
final class SelectingChannelIo implements ByteIo {
    private static final Consumer<SelectionKey> IGNORE = k -> { };

    private final SocketChannel channel;
    private final Selector readable;
    private final Selector writable;
    private long selects;

    /** Takes ownership of {@code channel}, also when it fails. */
    static SelectingChannelIo of(SocketChannel channel) throws IOException {
        Selector r = null;
        Selector w = null;
        try {
            channel.configureBlocking(false);
            r = Selector.open();
            w = Selector.open();
            channel.register(r, SelectionKey.OP_READ);
            channel.register(w, SelectionKey.OP_WRITE);
            return new SelectingChannelIo(channel, r, w);
        } catch (IOException | RuntimeException e) {
            Selector rr = r;
            Selector ww = w;
            try {
                Closer.all(channel::close, () -> close(rr), () -> close(ww));
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private SelectingChannelIo(SocketChannel channel, Selector readable, Selector writable) {
        this.channel = channel;
        this.readable = readable;
        this.writable = writable;
    }

    private static void close(Selector s) throws IOException {
        if (s != null) {
            s.close();
        }
    }

    /** Each wait is one {@code epoll_wait}, which the kernel's read and write counts do not see. */
    @Override
    public long uncountedCalls() {
        return selects;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        while (true) {
            int n = channel.read(dst);
            if (n != 0 || !dst.hasRemaining()) {
                return n;
            }
            selects++;
            readable.select(IGNORE);
            checkNotInterrupted(); // an interrupted thread's select returns at once: do not spin on it
        }
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        while (true) {
            long n = srcs.length == 1 ? channel.write(srcs[0]) : channel.write(srcs); // one buffer: write(2), not writev
            if (n != 0 || !hasRemaining(srcs)) {
                return n;
            }
            selects++;
            writable.select(IGNORE);
            checkNotInterrupted();
        }
    }

    private static void checkNotInterrupted() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted while waiting on a uds-jdk socket");
        }
    }

    private static boolean hasRemaining(ByteBuffer[] srcs) {
        for (ByteBuffer b : srcs) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean nonBlocking() {
        return false;
    }

    @Override
    public void close() throws IOException {
        Closer.all(readable::close, writable::close, channel::close);
    }
}
