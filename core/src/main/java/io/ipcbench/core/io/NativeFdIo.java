package io.ipcbench.core.io;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.ipcbench.core.Closer;
import io.ipcbench.core.frame.Buffers;
import io.ipcbench.core.nat.AddressCache;
import io.ipcbench.core.nat.Posix;
import io.ipcbench.core.spi.PeerGoneException;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * {@link ByteIo} over raw file descriptors through jnr-ffi ({@link Posix}): the JDK cannot open a pipe or
 * FIFO end non-blocking, nor wrap a socket that another library created. Non-blocking by default
 * ({@code O_NONBLOCK}, {@code EAGAIN} becomes 0). Buffer addresses are looked up once per buffer (a
 * small identity cache), so nothing is allocated per call.
 */
public final class NativeFdIo implements ByteIo {
    private final int readFd;
    private final int writeFd;
    private final String what;
    private final boolean nonBlocking;
    /** struct iovec[4], in a direct buffer: a JNA {@code Memory.setLong} is a JNI call, a buffer's {@code putLong} a plain store. */
    private final ByteBuffer iov = Buffers.direct(16 * 4);
    private final long iovAddress = io.ipcbench.core.nat.Memory.address(iov);
    /** Non-null ({@link #pollingWaits}): a read or write that would block waits in {@code poll} for this event. */
    private final Memory pollIn;
    private final Memory pollOut;
    private final AddressCache addresses = new AddressCache();
    private boolean closed;
    private long polls;

    /** Takes ownership of both descriptors (which may be one socket) and sets them non-blocking. */
    public NativeFdIo(int readFd, int writeFd, String what) throws IOException {
        this(readFd, writeFd, what, true);
    }

    /** Takes ownership of both descriptors and sets or clears {@code O_NONBLOCK} on them. */
    public NativeFdIo(int readFd, int writeFd, String what, boolean nonBlocking) throws IOException {
        this(readFd, writeFd, what, nonBlocking, false);
    }

    /**
     * Blocking waits in {@code poll}, not in {@code read} or {@code write}: the descriptor is
     * non-blocking, a read that finds nothing ({@code EAGAIN}) sleeps in {@code poll(POLLIN)} and
     * reads again, a write that finds the socket full sleeps in {@code poll(POLLOUT)}. For AF_UNIX
     * stream sockets: readers and writers of a socket share one wait queue, and when the other side
     * consumes what this side wrote, the kernel ({@code unix_write_space}) wakes every sleeper on it
     * with {@code EPOLLOUT}, so a side blocked in {@code read} is woken for nothing and has to sleep
     * again before the real reply arrives. {@code poll} filters wake-ups by event, so a side waiting
     * for {@code POLLIN} sleeps through it (docs/measurements/design-notes.md). Reading first, not polling before every read, keeps streams from paying a
     * {@code poll} per partial read when data is already there (as {@code uds-jdk}'s Selector wait).
     * Pipes and FIFOs have separate reader and writer queues and do not need it.
     */
    public static NativeFdIo pollingWaits(int fd, String what) throws IOException {
        return new NativeFdIo(fd, fd, what, false, true);
    }

    private NativeFdIo(int readFd, int writeFd, String what, boolean nonBlocking, boolean pollingWaits) throws IOException {
        this.readFd = readFd;
        this.writeFd = writeFd;
        this.what = what;
        this.nonBlocking = nonBlocking;
        if (pollingWaits) {
            pollIn = pollFd(readFd, Posix.POLLIN);
            pollOut = pollFd(writeFd, Posix.POLLOUT);
        } else {
            pollIn = pollOut = null;
        }
        // polling waits need a non-blocking descriptor, but to the caller this is a blocking one
        setBlocking(readFd, nonBlocking || pollingWaits);
        setBlocking(writeFd, nonBlocking || pollingWaits);
    }

    private static Memory pollFd(int fd, short events) {
        Memory m = new Memory(8); // struct pollfd: int fd, short events, short revents
        m.setInt(0, fd);
        m.setShort(4, events);
        m.setShort(6, (short) 0);
        return m;
    }

    /**
     * After a read or write failed with {@code EAGAIN}: sleeps in {@code poll} until {@code fds}'s
     * event (or an error or hang-up, which the retried call then reports). False on {@code EINTR}.
     */
    private boolean await(Memory fds) throws IOException {
        polls++;
        if (Posix.poll(Pointer.nativeValue(fds), 1, -1) >= 0) {
            return true;
        }
        int errno = Posix.lastError();
        if (errno == Posix.EINTR) {
            return false;
        }
        throw new IOException("poll on " + what + " failed: " + Posix.strerror(errno));
    }

    private void setBlocking(int fd, boolean nonBlocking) throws IOException {
        try {
            int flags = Posix.LIBC.fcntl(fd, Posix.F_GETFL);
            Posix.LIBC.fcntl(fd, Posix.F_SETFL, nonBlocking ? flags | Posix.O_NONBLOCK : flags & ~Posix.O_NONBLOCK);
        } catch (LastErrorException e) {
            throw new IOException(Posix.describe("fcntl(O_NONBLOCK)", what + " fd " + fd, e), e);
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        long at = address(dst) + dst.position();
        long n = Posix.read(readFd, at, dst.remaining());
        if (n < 0 && pollIn != null && Posix.lastError() == Posix.EAGAIN && await(pollIn)) {
            n = Posix.read(readFd, at, dst.remaining());
        }
        if (n > 0) {
            dst.position(dst.position() + (int) n);
            return (int) n;
        }
        if (n == 0) {
            return -1; // end of stream
        }
        int errno = Posix.lastError();
        if (errno == Posix.EAGAIN || errno == Posix.EINTR) {
            return 0;
        }
        if (errno == Posix.ECONNRESET) {
            throw new PeerGoneException("the peer reset " + what + " (ECONNRESET)");
        }
        throw new IOException("read on " + what + " failed: " + Posix.strerror(errno));
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        int count = 0;
        for (ByteBuffer b : srcs) {
            if (b.hasRemaining()) {
                iov.putLong(16 * count, address(b) + b.position());
                iov.putLong(16 * count + 8, b.remaining());
                count++;
            }
        }
        if (count == 0) {
            return 0;
        }
        long n = writeOnce(count);
        if (n < 0 && pollOut != null && Posix.lastError() == Posix.EAGAIN && await(pollOut)) {
            n = writeOnce(count);
        }
        if (n < 0) {
            int errno = Posix.lastError();
            if (errno == Posix.EAGAIN || errno == Posix.EINTR) {
                return 0;
            }
            if (errno == Posix.EPIPE || errno == Posix.ECONNRESET) {
                throw new PeerGoneException("the peer closed its end of " + what + " (" + (errno == Posix.EPIPE ? "EPIPE" : "ECONNRESET") + ")");
            }
            throw new IOException("writev on " + what + " failed: " + Posix.strerror(errno));
        }
        long left = n;
        for (ByteBuffer b : srcs) {
            int step = (int) Math.min(left, b.remaining());
            b.position(b.position() + step);
            left -= step;
        }
        return n;
    }

    /** One segment goes by plain {@code write}: the kernel's {@code writev} costs more even for one (docs/measurements/2026-12-08-small-streams.md). */
    private long writeOnce(int count) {
        return count == 1 ? Posix.write(writeFd, iov.getLong(0), iov.getLong(8)) : Posix.writev(writeFd, iovAddress, count);
    }

    private long address(ByteBuffer b) throws IOException {
        if (!b.isDirect()) {
            throw new IOException("only direct buffers can be used with " + what);
        }
        return addresses.of(b);
    }

    @Override
    public long uncountedCalls() {
        return polls;
    }

    @Override
    public boolean nonBlocking() {
        return nonBlocking;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (writeFd == readFd) {
            closeFd(readFd);
        } else {
            Closer.all(() -> closeFd(writeFd), () -> closeFd(readFd));
        }
    }

    private void closeFd(int fd) throws IOException {
        try {
            Posix.LIBC.close(fd);
        } catch (LastErrorException e) {
            throw new IOException(Posix.describe("close", what + " fd " + fd, e), e);
        }
    }
}
