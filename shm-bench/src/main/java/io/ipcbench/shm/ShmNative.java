package io.ipcbench.shm;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * libc calls for shared memory. The futex system call, on the hot path of the {@code block} wait,
 * uses JNA direct mapping with raw addresses (no allocation); everything done once per run uses interface mapping, which turns
 * errno into {@link LastErrorException}.
 */
final class ShmNative {
    static final int IPC_CREAT = 01000;
    static final int IPC_EXCL = 02000;
    static final int IPC_RMID = 0;
    static final int IPC_STAT = 2;
    static final int O_RDWR = 02;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 1;
    static final int MAP_POPULATE = 0x8000;
    static final int EEXIST = 17;
    static final int ENOENT = 2;
    static final int EINVAL = 22;
    static final int EIDRM = 43;
    static final int ETIMEDOUT = 110;
    /** sizeof(struct shmid_ds) on x86-64, and the offsets used. */
    static final int SHMID_DS_BYTES = 112;
    static final int SHM_PERM_UID = 4;
    static final int SHM_PERM_MODE = 20;
    static final int SHM_SEGSZ = 48;
    static final int SHM_CPID = 80;
    static final int SHM_NATTCH = 88;

    static {
        Native.register(ShmNative.class, Platform.C_LIBRARY_NAME);
    }

    private ShmNative() {
    }

    static final long SYS_FUTEX = 202; // x86-64
    static final int FUTEX_WAIT = 0;   // not FUTEX_PRIVATE_FLAG: the word is shared between processes
    static final int FUTEX_WAKE = 1;

    /**
     * {@code long syscall(long, ...)}, for futex. glibc's syscall() only moves registers, so binding
     * the variadic function with fixed long arguments is sound on x86-64.
     */
    static native long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    interface Lib extends Library {
        int shmget(int key, long size, int flags) throws LastErrorException;

        Pointer shmat(int shmid, Pointer address, int flags) throws LastErrorException;

        int shmdt(Pointer address) throws LastErrorException;

        int shmctl(int shmid, int cmd, Pointer buf) throws LastErrorException;

        int shm_open(String name, int oflag, int mode) throws LastErrorException;

        int shm_unlink(String name) throws LastErrorException;

        int ftruncate(int fd, long length) throws LastErrorException;

        Pointer mmap(Pointer address, long length, int prot, int flags, int fd, long offset) throws LastErrorException;

        int munmap(Pointer address, long length) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int getuid();
    }

    static final Lib LIB = Native.load(Platform.C_LIBRARY_NAME, Lib.class);
}
