package io.ipcbench.mq;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import io.ipcbench.core.nat.Arch;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.SaveError;

/**
 * libc calls for message queues (glibc 2.34+ has the mq_* functions in libc itself). The four
 * per-message calls go through jnr-ffi with raw addresses, so nothing is allocated per call and
 * errno comes from {@link io.ipcbench.core.nat.Posix#lastError()}: jnr-ffi's generated stubs cost about 10 ns a call where
 * JNA direct mapping's libffi dispatch costs about 65 ns, and a queue stream makes one such call per
 * message a side (docs/measurements/2026-12-06-stream-work.md). The rest uses JNA interface
 * mapping, which turns errno into {@link LastErrorException}.
 */
final class MqNative {
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_NONBLOCK = 04000;
    static final int IPC_CREAT = 01000;
    static final int IPC_EXCL = 02000;
    static final int IPC_NOWAIT = 04000;
    static final int IPC_RMID = 0;
    static final int IPC_STAT = 2;

    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int E2BIG = 7;
    static final int EAGAIN = 11;
    static final int EEXIST = 17;
    static final int EINVAL = 22;
    static final int EMFILE = 24;
    static final int ENOSPC = 28;
    static final int ENOMSG = 42;
    static final int EIDRM = 43;
    static final int EMSGSIZE = 90;
    static final int ETIMEDOUT = 110;

    /** glibc's struct mq_attr and struct msqid_ds here: sizes and the offsets used. */
    static final Layout LAYOUT = layout(Arch.current().orElse(null));
    static final int MQ_ATTR_BYTES = LAYOUT.mqAttrBytes();
    static final int MQ_MAXMSG = LAYOUT.mqMaxmsg();
    static final int MQ_MSGSIZE = LAYOUT.mqMsgsize();
    static final int MSQID_DS_BYTES = LAYOUT.msqidDsBytes();
    static final int MSG_PERM_UID = LAYOUT.msgPermUid();
    static final int MSG_PERM_MODE = LAYOUT.msgPermMode();
    static final int MSG_QBYTES = LAYOUT.msgQbytes();

    /** Where the fields of struct mq_attr and struct msqid_ds sit. */
    record Layout(int mqAttrBytes, int mqMaxmsg, int mqMsgsize, int msqidDsBytes, int msgPermUid, int msgPermMode, int msgQbytes) {
    }

    /**
     * glibc's layouts per architecture: mq_attr is four longs and {@code __pad[4]} (64 bytes:
     * mq_getattr writes all of it); msqid_ds (bits/types/struct_msqid_ds.h) is the same on both
     * LP64 architectures, {@code mode} read as a little-endian int masked with 0777. Null (no
     * table) reads nothing: the transports refuse to run first.
     */
    static Layout layout(Arch arch) {
        if (arch == null) {
            return new Layout(0, -1, -1, 0, -1, -1, -1);
        }
        return switch (arch) {
            case X86_64, AARCH64 -> new Layout(64, 8, 16, 120, 4, 20, 88);
        };
    }

    private MqNative() {
    }

    /** The per-message calls; addresses and sizes as {@code long} (LP64), errno saved for {@code Posix.lastError()}. */
    public interface Fast {
        /** {@code int mq_timedsend(mqd_t, const char*, size_t, unsigned, const struct timespec*)}. */
        @SaveError
        int mq_timedsend(int mqd, long msg, long length, int priority, long absTimeout);

        /** {@code ssize_t mq_timedreceive(mqd_t, char*, size_t, unsigned*, const struct timespec*)}. */
        @SaveError
        long mq_timedreceive(int mqd, long msg, long length, long priority, long absTimeout);

        /** {@code int msgsnd(int, const void*, size_t, int)}: {@code msgp} points at the mtype word. */
        @SaveError
        int msgsnd(int msqid, long msgp, long textLength, int flags);

        /** {@code ssize_t msgrcv(int, void*, size_t, long, int)}: returns the text's length. */
        @SaveError
        long msgrcv(int msqid, long msgp, long textRoom, long type, int flags);
    }

    private static final Fast FAST = LibraryLoader.create(Fast.class).load(Platform.C_LIBRARY_NAME);

    static int mq_timedsend(int mqd, long msg, long length, int priority, long absTimeout) {
        return FAST.mq_timedsend(mqd, msg, length, priority, absTimeout);
    }

    static long mq_timedreceive(int mqd, long msg, long length, long priority, long absTimeout) {
        return FAST.mq_timedreceive(mqd, msg, length, priority, absTimeout);
    }

    static int msgsnd(int msqid, long msgp, long textLength, int flags) {
        return FAST.msgsnd(msqid, msgp, textLength, flags);
    }

    static long msgrcv(int msqid, long msgp, long textRoom, long type, int flags) {
        return FAST.msgrcv(msqid, msgp, textRoom, type, flags);
    }

    interface Lib extends Library {
        int mq_open(String name, int flags, int mode, Pointer attr) throws LastErrorException;

        int mq_close(int mqd) throws LastErrorException;

        int mq_unlink(String name) throws LastErrorException;

        int mq_getattr(int mqd, Pointer attr) throws LastErrorException;

        int msgget(int key, int flags) throws LastErrorException;

        int msgctl(int msqid, int cmd, Pointer buf) throws LastErrorException;
    }

    static final Lib LIB = Native.load(Platform.C_LIBRARY_NAME, Lib.class);
}
