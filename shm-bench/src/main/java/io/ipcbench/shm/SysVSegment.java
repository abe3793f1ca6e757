package io.ipcbench.shm;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.ipcbench.core.nat.Posix;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A System V segment: {@code shmget} with a random key (marked 0x1B......, for {@code ipcbench
 * clean}), {@code IPC_CREAT|IPC_EXCL}, mode 0600; {@code shmat}; and {@code IPC_RMID} at once,
 * right after the driver attaches and before the peer starts. Linux lets a process attach a
 * segment marked for removal by its id, so the peer still can, and no kill -9 at any moment after
 * that leaves the segment behind: the kernel frees it when the last process detaches.
 */
final class SysVSegment extends Segment {
    /** The top byte of every segment key ipcbench makes (the low 24 bits are random). */
    static final int KEY_MARK = 0x1B000000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int shmid;
    private final int key;

    private SysVSegment(Pointer pointer, long size, int shmid, int key) {
        super(pointer, size);
        this.shmid = shmid;
        this.key = key;
    }

    static SysVSegment create(long size) throws IOException {
        int shmid = -1;
        int key = 0;
        for (int attempt = 0; shmid < 0; attempt++) {
            key = KEY_MARK | RANDOM.nextInt(1 << 24);
            try {
                shmid = ShmNative.LIB.shmget(key, size, ShmNative.IPC_CREAT | ShmNative.IPC_EXCL | 0600);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != ShmNative.EEXIST || attempt > 16) {
                    throw new IOException(Posix.describe("shmget(IPC_CREAT|IPC_EXCL, 0600, " + size + " B)",
                            String.format("key 0x%08x", key), e) + hint(e.getErrorCode()), e);
                }
            }
        }
        Pointer p;
        try {
            p = ShmNative.LIB.shmat(shmid, null, 0);
        } catch (LastErrorException e) {
            rmid(shmid);
            throw new IOException(Posix.describe("shmat", "segment " + shmid, e), e);
        }
        rmid(shmid);
        return new SysVSegment(p, size, shmid, key);
    }

    static SysVSegment attach(int shmid, long size) throws IOException {
        try {
            return new SysVSegment(ShmNative.LIB.shmat(shmid, null, 0), size, shmid, 0);
        } catch (LastErrorException e) {
            throw new IOException(Posix.describe("shmat", "segment " + shmid, e), e);
        }
    }

    private static String hint(int errno) {
        return errno == ShmNative.EINVAL ? " (above kernel.shmmax? see 'ipcbench env')"
                : errno == 28 ? " (kernel.shmall or kernel.shmmni reached? see 'ipcbench env')" : "";
    }

    private static void rmid(int shmid) throws IOException {
        try {
            ShmNative.LIB.shmctl(shmid, ShmNative.IPC_RMID, null);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != ShmNative.EINVAL && e.getErrorCode() != ShmNative.EIDRM) {
                throw new IOException(Posix.describe("shmctl(IPC_RMID)", "segment " + shmid, e), e);
            }
        }
    }

    @Override
    String spec() {
        return shmid + ":" + size;
    }

    @Override
    Map<String, Object> facts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shmKey", String.format("0x%08x (IPC_RMID right after creation; now private)", key));
        m.put("shmid", shmid);
        try (Memory ds = new Memory(ShmNative.SHMID_DS_BYTES)) {
            ds.clear();
            ShmNative.LIB.shmctl(shmid, ShmNative.IPC_STAT, ds);
            m.put("shmSegsz", ds.getLong(ShmNative.SHM_SEGSZ));
            m.put("shmMode", String.format("%04o", ds.getInt(ShmNative.SHM_PERM_MODE) & 0777));
            m.put("shmOwnerUid", ds.getInt(ShmNative.SHM_PERM_UID));
            m.put("shmCreatorPid", ds.getInt(ShmNative.SHM_CPID));
            m.put("shmNattch", ds.getLong(ShmNative.SHM_NATTCH));
        } catch (LastErrorException e) {
            m.put("shmStat", Posix.describe("shmctl(IPC_STAT)", "segment " + shmid, e));
        }
        return m;
    }

    @Override
    void release() throws IOException {
        try {
            ShmNative.LIB.shmdt(pointer);
        } catch (LastErrorException e) {
            throw new IOException(Posix.describe("shmdt", "segment " + shmid, e), e);
        }
    }
}
