package io.ipcbench.shm;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import io.ipcbench.core.nat.Posix;
import io.ipcbench.core.spi.LeftoverMark;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A POSIX segment: {@code shm_open(O_CREAT|O_EXCL|O_RDWR, 0600)} under an unguessable name
 * ({@code /ipcbench-<pid>-<random>}), {@code ftruncate}, {@code mmap(MAP_SHARED|MAP_POPULATE)}.
 * The name is unlinked as soon as both sides are attached: by the peer right after it maps it,
 * and by the driver when the peer says it is ready (and in every close).
 */
final class PosixSegment extends Segment {
    static final String PREFIX = "/" + LeftoverMark.NAME_PREFIX;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private boolean unlinked;

    private PosixSegment(Pointer pointer, long size, String name) {
        super(pointer, size);
        this.name = name;
    }

    static PosixSegment create(long size) throws IOException {
        byte[] r = new byte[8];
        RANDOM.nextBytes(r);
        String name = PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(r);
        int fd;
        try {
            fd = ShmNative.LIB.shm_open(name, ShmNative.O_RDWR | ShmNative.O_CREAT | ShmNative.O_EXCL, 0600);
        } catch (LastErrorException e) {
            throw new IOException(Posix.describe("shm_open(O_CREAT|O_EXCL, 0600)", name, e), e);
        }
        try {
            ShmNative.LIB.ftruncate(fd, size);
            return new PosixSegment(map(fd, size, name), size, name);
        } catch (LastErrorException e) {
            unlinkQuietly(name);
            throw new IOException(Posix.describe("ftruncate/mmap (" + size + " B)", name, e)
                    + " (is /dev/shm large enough? see 'ipcbench env')", e);
        } catch (RuntimeException e) {
            unlinkQuietly(name);
            throw e;
        } finally {
            ShmNative.LIB.close(fd);
        }
    }

    static PosixSegment attach(String name, long size) throws IOException {
        int fd;
        try {
            fd = ShmNative.LIB.shm_open(name, ShmNative.O_RDWR, 0);
        } catch (LastErrorException e) {
            throw new IOException(Posix.describe("shm_open", name, e), e);
        }
        try {
            PosixSegment s = new PosixSegment(map(fd, size, name), size, name);
            s.unlink(); // the peer attaches last: the name has done its job
            return s;
        } catch (LastErrorException e) {
            throw new IOException(Posix.describe("mmap", name, e), e);
        } finally {
            ShmNative.LIB.close(fd);
        }
    }

    private static Pointer map(int fd, long size, String name) {
        return ShmNative.LIB.mmap(null, size, ShmNative.PROT_READ | ShmNative.PROT_WRITE,
                ShmNative.MAP_SHARED | ShmNative.MAP_POPULATE, fd, 0);
    }

    static void unlinkQuietly(String name) {
        try {
            ShmNative.LIB.shm_unlink(name);
        } catch (LastErrorException e) {
            // already gone
        }
    }

    @Override
    String spec() {
        return name + ":" + size;
    }

    @Override
    void unlink() throws IOException {
        if (unlinked) {
            return;
        }
        unlinked = true;
        try {
            ShmNative.LIB.shm_unlink(name);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != ShmNative.ENOENT) {
                throw new IOException(Posix.describe("shm_unlink", name, e), e);
            }
        }
    }

    @Override
    Map<String, Object> facts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shmName", name + " (unlinked once both sides attached)");
        m.put("shmBytes", size);
        m.put("shmMode", "0600");
        return m;
    }

    @Override
    void release() throws IOException {
        try {
            ShmNative.LIB.munmap(pointer, size);
        } catch (LastErrorException e) {
            throw new IOException(Posix.describe("munmap", name, e), e);
        }
    }
}
