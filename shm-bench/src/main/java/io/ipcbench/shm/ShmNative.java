package io.ipcbench.shm;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import io.ipcbench.core.nat.Arch;

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
    /** glibc's struct shmid_ds here: its size and the offsets read. */
    static final ShmidDs SHMID_DS = shmidDs(Arch.current().orElse(null));
    static final int SHMID_DS_BYTES = SHMID_DS.bytes();
    static final int SHM_PERM_UID = SHMID_DS.permUid();
    static final int SHM_PERM_MODE = SHMID_DS.permMode();
    static final int SHM_SEGSZ = SHMID_DS.segsz();
    static final int SHM_CPID = SHMID_DS.cpid();
    static final int SHM_NATTCH = SHMID_DS.nattch();

    /** Where the fields of struct shmid_ds sit. */
    record ShmidDs(int bytes, int permUid, int permMode, int segsz, int cpid, int nattch) {
    }

    /**
     * glibc's layout per architecture (bits/types/struct_shmid_ds.h, bits/ipc-perm.h). The two
     * LP64 layouts agree: {@code mode} is a short and a pad on x86-64 and an int on aarch64, both
     * read as a little-endian int masked with 0777. Null (no table) reads nothing: the transports
     * refuse to run first.
     */
    static ShmidDs shmidDs(Arch arch) {
        if (arch == null) {
            return new ShmidDs(0, -1, -1, -1, -1, -1);
        }
        return switch (arch) {
            case X86_64, AARCH64 -> new ShmidDs(112, 4, 20, 48, 80, 88);
        };
    }

    /** The futex system call's number (asm/unistd_64.h; asm-generic/unistd.h on aarch64), -1 without a table. */
    static long futexNumber(Arch arch) {
        if (arch == null) {
            return -1;
        }
        return switch (arch) {
            case X86_64 -> 202;
            case AARCH64 -> 98;
        };
    }

    static {
        Native.register(ShmNative.class, Platform.C_LIBRARY_NAME);
    }

    private ShmNative() {
    }

    static final long SYS_FUTEX = futexNumber(Arch.current().orElse(null));
    static final int FUTEX_WAIT = 0;   // not FUTEX_PRIVATE_FLAG: the word is shared between processes
    static final int FUTEX_WAKE = 1;

    /**
     * {@code long syscall(long, ...)}, for futex. glibc's syscall() only moves registers, so binding
     * the variadic function with fixed long arguments is sound on x86-64 and on aarch64 Linux
     * (where variadic arguments travel in the same registers as fixed ones).
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
