package io.ipcbench.core.nat;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The libc calls ipcbench needs, in two bindings.
 *
 * <p>Per-message calls ({@code read}, {@code write}, {@code writev}) use JNA direct mapping
 * ({@code Native.register}), which costs about as much as JNI; they take raw addresses as
 * {@code long} so that nothing is allocated per call. errno after a failed direct call comes from
 * {@link Native#getLastError()}. Everything off the hot path goes through {@link #LIBC}, the
 * interface mapping, which handles variadic functions such as {@code fcntl} correctly and turns
 * errno into a {@link LastErrorException}.
 */
public final class Posix {
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int ENOENT = 2;
    public static final int ENXIO = 6;
    public static final int EPIPE = 32;
    public static final int ECONNRESET = 104;

    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;
    public static final short POLLIN = 1;
    public static final short POLLOUT = 4;

    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_SETPIPE_SZ = 1031;
    public static final int F_GETPIPE_SZ = 1032;

    public static final int RUSAGE_SELF = 0;
    public static final int RUSAGE_THREAD = 1;

    static {
        Native.register(Posix.class, Platform.C_LIBRARY_NAME);
    }

    private Posix() {
    }

    /** {@code ssize_t read(int, void*, size_t)}; on -1 see {@link Native#getLastError()}. */
    public static native long read(int fd, long address, long count);

    /** {@code ssize_t write(int, const void*, size_t)}. */
    public static native long write(int fd, long address, long count);

    /** {@code ssize_t writev(int, const struct iovec*, int)}. */
    public static native long writev(int fd, long iov, int iovcnt);

    /** {@code int poll(struct pollfd*, nfds_t, int)}; a {@code pollfd} is 8 bytes: int fd, short events, short revents. */
    public static native int poll(long fds, long nfds, int timeoutMs);

    /** The interface-mapped calls, for everything that is not per message. */
    public interface LibC extends Library {
        int pipe2(int[] fds, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int open(String path, int flags) throws LastErrorException;

        int mkfifo(String path, int mode) throws LastErrorException;

        int fcntl(int fd, int cmd, Object... args) throws LastErrorException;

        int sched_setaffinity(int pid, long cpusetsize, long[] mask) throws LastErrorException;

        int sched_getaffinity(int pid, long cpusetsize, long[] mask) throws LastErrorException;

        int getrusage(int who, long[] usage) throws LastErrorException;

        String strerror(int errnum);
    }

    public static final LibC LIBC = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

    /** Closes each descriptor that is not -1, ignoring errors: for cleanup paths only. */
    public static void closeQuietly(int... fds) {
        for (int fd : fds) {
            if (fd >= 0) {
                try {
                    LIBC.close(fd);
                } catch (LastErrorException e) {
                    // already closed: nothing to release
                }
            }
        }
    }

    /** {@code strerror(errno)} for messages. */
    public static String strerror(int errno) {
        return LIBC.strerror(errno) + " (errno " + errno + ")";
    }

    /** A message that names the call, the object and the error, e.g. {@code "fcntl(F_SETPIPE_SZ) on pipe: ..."}. */
    public static String describe(String call, String object, LastErrorException e) {
        return call + " on " + object + " failed: " + strerror(e.getErrorCode());
    }
}
