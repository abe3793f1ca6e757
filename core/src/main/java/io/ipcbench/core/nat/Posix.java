package io.ipcbench.core.nat;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.SaveError;

/**
 * The libc calls ipcbench needs, in two bindings.
 *
 * <p>Per-message calls ({@code read}, {@code write}, {@code writev}, {@code poll}) go through
 * jnr-ffi, whose generated stubs cost about 10 ns a call where JNA direct mapping's libffi dispatch
 * costs about 65 ns (docs/measurements/2026-12-06-stream-work.md); they take raw addresses as
 * {@code long} so that nothing is allocated per call, and errno after a failed one comes from
 * {@link #lastError()}. Everything off the hot path goes through {@link #LIBC}, JNA's interface
 * mapping, which handles variadic functions such as {@code fcntl} correctly and turns errno into a
 * {@link LastErrorException}.
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

    private Posix() {
    }

    /** The per-message calls; addresses and sizes as {@code long} (LP64), errno saved for {@link #lastError()}. */
    public interface Fast {
        @SaveError
        long read(int fd, long address, long count);

        @SaveError
        long write(int fd, long address, long count);

        @SaveError
        long writev(int fd, long iov, int iovcnt);

        @SaveError
        int poll(long fds, long nfds, int timeoutMs);

        /** Never fails. */
        @IgnoreError
        int getppid();

        /** For {@link Memory#copy}: sets no errno, so none is saved. */
        @IgnoreError
        long memcpy(long dst, long src, long n);
    }

    private static final Fast FAST = LibraryLoader.create(Fast.class).load(Platform.C_LIBRARY_NAME);
    private static final Runtime RUNTIME = Runtime.getRuntime(FAST);

    /** {@code ssize_t read(int, void*, size_t)}; on -1 see {@link #lastError()}. */
    public static long read(int fd, long address, long count) {
        return FAST.read(fd, address, count);
    }

    /** {@code ssize_t write(int, const void*, size_t)}. */
    public static long write(int fd, long address, long count) {
        return FAST.write(fd, address, count);
    }

    /** {@code ssize_t writev(int, const struct iovec*, int)}. */
    public static long writev(int fd, long iov, int iovcnt) {
        return FAST.writev(fd, iov, iovcnt);
    }

    /** {@code int poll(struct pollfd*, nfds_t, int)}; a {@code pollfd} is 8 bytes: int fd, short events, short revents. */
    public static int poll(long fds, long nfds, int timeoutMs) {
        return FAST.poll(fds, nfds, timeoutMs);
    }

    /**
     * {@code getppid()}: one system call, where {@code ProcessHandle.current().parent()} reads and
     * parses /proc files (about 200 us a call in a watch thread that is never compiled).
     */
    public static int parentPid() {
        return FAST.getppid();
    }

    /** {@code void *memcpy(void*, const void*, size_t)} with raw addresses; bounds are the caller's. */
    static void memcpy(long dst, long src, long n) {
        FAST.memcpy(dst, src, n);
    }

    /**
     * errno of the calling thread's last jnr-ffi call made with {@code @SaveError}: the calls here and
     * the other modules' per-message calls (jnr-ffi keeps one saved errno per thread for all libraries).
     */
    public static int lastError() {
        return RUNTIME.getLastError();
    }

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
