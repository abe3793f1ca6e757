package io.ipcbench.shm;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.ipcbench.core.nat.Posix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The textbook shmget/shmat pair, done safely: a writer creates a segment for a key (mode 0600,
 * {@code IPC_CREAT|IPC_EXCL}) and leaves a NUL-terminated string in it; a reader in another process
 * attaches by the same key, prints the string and, if asked, removes the segment. An existing
 * segment is reused only if it is ours, 0600 and large enough. Bad input is an
 * {@link IllegalArgumentException} with a message for the user.
 */
public final class ShmDemo {
    private static final int SHM_RDONLY = 010000;

    private ShmDemo() {
    }

    /** The default key: per user, marked 0x1BDE.... so that {@code ipcbench clean} knows it is a demo. */
    public static int defaultKey() {
        return 0x1BDE0000 | (ShmNative.LIB.getuid() & 0xFFFF);
    }

    public record Written(int key, int shmid, long address, long segmentBytes, boolean created, String text) {
    }

    public record Read(int key, int shmid, long address, long segmentBytes, String text, boolean removed) {
    }

    public static Written write(int key, int size, String text) throws IOException {
        if (size <= 0) {
            throw new IllegalArgumentException("--size: must be positive");
        }
        byte[] bytes = (text + "\0").getBytes(StandardCharsets.UTF_8);
        if (bytes.length > size) {
            throw new IllegalArgumentException("the text is " + (bytes.length - 1) + " bytes (plus its NUL); the segment holds "
                    + size + " (--size)");
        }
        int shmid;
        boolean created = true;
        try {
            shmid = ShmNative.LIB.shmget(key, size, ShmNative.IPC_CREAT | ShmNative.IPC_EXCL | 0600);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != ShmNative.EEXIST) {
                throw new IOException(Posix.describe("shmget(IPC_CREAT|IPC_EXCL, 0600)", hex(key), e), e);
            }
            created = false;
            shmid = existing(key);
        }
        long segsz = stat(shmid, key, true);
        if (!created && segsz < bytes.length) {
            throw new IllegalArgumentException("the segment for key " + hex(key) + " holds " + segsz + " bytes, the text needs "
                    + bytes.length + "; remove it with 'ipcbench demo shm-read --key " + hex(key) + " --remove'");
        }
        Pointer p = attach(shmid, key, 0);
        try {
            p.write(0, bytes, 0, bytes.length);
        } finally {
            ShmNative.LIB.shmdt(p);
        }
        return new Written(key, shmid, Pointer.nativeValue(p), segsz, created, text);
    }

    public static Read read(int key, boolean remove) throws IOException {
        int shmid = existing(key);
        long segsz = stat(shmid, key, false);
        Pointer p = attach(shmid, key, SHM_RDONLY);
        String text;
        try {
            byte[] bytes = p.getByteArray(0, (int) Math.min(segsz, Integer.MAX_VALUE - 8));
            int end = 0;
            while (end < bytes.length && bytes[end] != 0) {
                end++;
            }
            text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        } finally {
            ShmNative.LIB.shmdt(p);
        }
        if (remove) {
            try {
                ShmNative.LIB.shmctl(shmid, ShmNative.IPC_RMID, null);
            } catch (LastErrorException e) {
                throw new IOException(Posix.describe("shmctl(IPC_RMID)", hex(key), e), e);
            }
        }
        return new Read(key, shmid, Pointer.nativeValue(p), segsz, text, remove);
    }

    private static int existing(int key) throws IOException {
        try {
            return ShmNative.LIB.shmget(key, 0, 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ShmNative.ENOENT) {
                throw new IllegalArgumentException("no shared memory segment for key " + hex(key)
                        + "; write one first with 'ipcbench demo shm-write --key " + hex(key) + " TEXT'");
            }
            if (e.getErrorCode() == 13) {
                throw new IllegalArgumentException("the segment for key " + hex(key) + " belongs to someone else (permission denied)");
            }
            throw new IOException(Posix.describe("shmget", hex(key), e), e);
        }
    }

    /** The segment's size; for a writer reusing a segment, checks it is ours and 0600. */
    private static long stat(int shmid, int key, boolean mustBeOurs) throws IOException {
        try (Memory ds = new Memory(ShmNative.SHMID_DS_BYTES)) {
            ds.clear();
            ShmNative.LIB.shmctl(shmid, ShmNative.IPC_STAT, ds);
            int mode = ds.getInt(ShmNative.SHM_PERM_MODE) & 0777;
            int uid = ds.getInt(ShmNative.SHM_PERM_UID);
            if (mustBeOurs && (uid != ShmNative.LIB.getuid() || mode != 0600)) {
                throw new IllegalArgumentException("the segment for key " + hex(key) + " is not ours with mode 0600 (uid " + uid
                        + ", mode " + Integer.toOctalString(mode) + "); choose another --key");
            }
            return ds.getLong(ShmNative.SHM_SEGSZ);
        } catch (LastErrorException e) {
            throw new IOException(Posix.describe("shmctl(IPC_STAT)", hex(key), e), e);
        }
    }

    private static Pointer attach(int shmid, int key, int flags) throws IOException {
        try {
            return ShmNative.LIB.shmat(shmid, null, flags);
        } catch (LastErrorException e) {
            throw new IOException(Posix.describe("shmat", hex(key), e), e);
        }
    }

    public static String hex(int key) {
        return String.format("0x%08x", key);
    }
}
