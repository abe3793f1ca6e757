package io.ipcbench.mq;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.ipcbench.core.env.EnvironmentProbe;
import io.ipcbench.core.frame.Buffers;
import io.ipcbench.core.frame.Frame;
import io.ipcbench.core.nat.Arch;
import io.ipcbench.core.nat.Posix;
import io.ipcbench.core.spi.DriverEndpoint;
import io.ipcbench.core.spi.Family;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.LeftoverMark;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.PeerGoneException;
import io.ipcbench.core.spi.PeerHandle;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.WaitStrategy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code mq-sysv}: one System V message queue for both directions, the message type telling the
 * direction (1: driver to peer, 2: peer to driver), as the C reference does.
 *
 * <pre>
 *  driver                                               peer
 *  msgget(random key 0x1C......, IPC_CREAT|IPC_EXCL|0600)
 *  fork(msqid) ---------------------------------------> msgsnd(type 2) / msgrcv(type 1)
 *  msgsnd(type 1) / msgrcv(type 2)
 *  msgctl(IPC_RMID): at the end, on every failure, by a sentinel when the peer dies,
 *                    and by the peer if the driver dies
 * </pre>
 *
 * A System V queue has no name to unlink early: its id is the handle, so it lives for the run.
 * The text of one message is capped by {@code kernel.msgmax} and {@code kernel.msgmnb}; a larger
 * frame travels as maximal fragments. {@code block} uses blocking calls, bounded by a sentinel
 * thread that removes the queue when the peer is gone (which wakes a blocked call with EIDRM);
 * {@code spin} polls with {@code IPC_NOWAIT}. Sends copy each fragment once into a staging buffer
 * behind its {@code mtype} word; receives land in place.
 */
public final class MqSysvTransport implements Transport {
    /** Keys of ipcbench's queues are 0x1C...... (random low 24 bits), for {@code ipcbench clean}. */
    static final int KEY_MARK = 0x1C000000;
    static final long TO_PEER = 1;
    static final long TO_DRIVER = 2;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public String name() {
        return "mq-sysv";
    }

    @Override
    public String description() {
        return "System V message queue (msgget 0600, one queue, mtype per direction); "
                + "frames above kernel.msgmax go as fragments";
    }

    @Override
    public Family family() {
        return Family.MQ;
    }

    @Override
    public List<LeftoverMark> leftoverMarks() {
        return List.of(LeftoverMark.sysvQueue(KEY_MARK));
    }

    @Override
    public Set<WaitStrategy> waitStrategies() {
        return EnumSet.of(WaitStrategy.BLOCK, WaitStrategy.SPIN);
    }

    @Override
    public long maxPayloadBytes() {
        return FRAME_CAP; // fragmented above kernel.msgmax
    }

    @Override
    public Optional<String> unavailableReason() {
        if (Arch.unsupported().isPresent()) {
            return Arch.unsupported();
        }
        long chunk = chunkLimit();
        if (chunk < Frame.HEADER_BYTES) {
            return Optional.of("kernel.msgmax or kernel.msgmnb (" + chunk + " bytes) is below the " + Frame.HEADER_BYTES + "-byte message header "
                    + "or unreadable (raise it with sysctl -w kernel.msgmax=8192)");
        }
        return Optional.empty();
    }

    @Override
    public Map<String, Object> limits() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String s : new String[] {"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni"}) {
            m.put(s, EnvironmentProbe.sysctl(s));
        }
        return m;
    }

    /** The largest text of one message: kernel.msgmax, and no more than a whole queue (kernel.msgmnb). */
    private static long chunkLimit() {
        long max = EnvironmentProbe.sysctl("kernel.msgmax") instanceof Long l ? l : -1;
        long mnb = EnvironmentProbe.sysctl("kernel.msgmnb") instanceof Long l ? l : -1;
        return Math.min(max, mnb);
    }

    static int chunk(int frameBytes) {
        return (int) Math.min(frameBytes, chunkLimit());
    }

    @Override
    public DriverEndpoint create(LinkOptions options) throws IOException {
        for (int attempt = 0; ; attempt++) {
            int key = KEY_MARK | RANDOM.nextInt(1 << 24);
            try {
                return new Endpoint(MqNative.LIB.msgget(key, MqNative.IPC_CREAT | MqNative.IPC_EXCL | 0600), key, options);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != MqNative.EEXIST || attempt > 16) {
                    throw new IOException(Posix.describe("msgget(IPC_CREAT|IPC_EXCL, 0600)", String.format("key 0x%08x", key), e)
                            + (e.getErrorCode() == MqNative.ENOSPC ? " (kernel.msgmni queues exist already; sysctl -w kernel.msgmni=N)" : ""),
                            e);
                }
            }
        }
    }

    @Override
    public Link attach(String peerSpec, LinkOptions options, Guard guard) throws IOException {
        int msqid = parse(peerSpec);
        return new SysvLink(msqid, TO_DRIVER, TO_PEER, "the System V queue " + msqid, options, guard, false);
    }

    @Override
    public void abandoned(String peerSpec) throws IOException {
        int msqid = parse(peerSpec);
        Map<String, Object> st = stat(msqid);
        if (st != null && st.get("key") instanceof Integer key && (key & 0xFF000000) == KEY_MARK) {
            remove(msqid); // only a queue of ours
        }
    }

    private static int parse(String peerSpec) {
        try {
            return Integer.parseInt(peerSpec);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a System V queue id: " + peerSpec);
        }
    }

    /** IPC_RMID; a queue already gone is fine. */
    static void remove(int msqid) throws IOException {
        try {
            MqNative.LIB.msgctl(msqid, MqNative.IPC_RMID, null);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != MqNative.EINVAL && e.getErrorCode() != MqNative.EIDRM) {
                throw new IOException(Posix.describe("msgctl(IPC_RMID)", "queue " + msqid, e), e);
            }
        }
    }

    /** The queue's IPC_STAT facts, or null if it is gone. */
    private static Map<String, Object> stat(int msqid) {
        try (Memory ds = new Memory(MqNative.MSQID_DS_BYTES)) {
            ds.clear();
            MqNative.LIB.msgctl(msqid, MqNative.IPC_STAT, ds);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", ds.getInt(0));
            m.put("mode", String.format("%04o", ds.getInt(MqNative.MSG_PERM_MODE) & 0777));
            m.put("uid", ds.getInt(MqNative.MSG_PERM_UID));
            m.put("qbytes", ds.getLong(MqNative.MSG_QBYTES));
            return m;
        } catch (LastErrorException e) {
            return null;
        }
    }

    /** Both sides' link over the one queue. */
    private static final class SysvLink extends FragmentLink {
        private final int msqid;
        private final long sendType;
        private final long receiveType;
        private final ByteBuffer eof = Buffers.direct(Long.BYTES);
        private final long eofAddress = io.ipcbench.core.nat.Memory.address(eof);
        private final int flags;
        private final boolean blocking;
        private volatile String removedBecause;
        private volatile boolean closing;

        SysvLink(int msqid, long sendType, long receiveType, String what, LinkOptions options, Guard guard, boolean driver) {
            super(what, options.maxFrameBytes(), chunk(options.maxFrameBytes()), Long.BYTES, sendType, options.waitStrategy(), guard);
            this.msqid = msqid;
            this.sendType = sendType;
            this.receiveType = receiveType;
            this.blocking = options.waitStrategy() != WaitStrategy.SPIN;
            this.flags = blocking ? 0 : MqNative.IPC_NOWAIT;
            if (blocking && driver) {
                // A blocked msgrcv ignores the peer's death; removing the queue wakes it with EIDRM.
                guard.whenGone(this::removeForGone);
            }
        }

        /** In the watcher's thread, once the peer is gone or silent. */
        private void removeForGone(String why) {
            if (closing) {
                return;
            }
            removedBecause = why;
            try {
                // a message the peer sent just before it died is still in the queue: give the
                // measuring thread a moment to take it before the removal wakes it with EIDRM
                TimeUnit.MILLISECONDS.sleep(500);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
            if (closing) {
                return;
            }
            try {
                remove(msqid);
            } catch (IOException ignored) {
                // the blocked call then waits for the endpoint's own removal
            }
        }

        @Override
        protected long trySend(long text, int length) throws IOException {
            if (MqNative.msgsnd(msqid, text - Long.BYTES, length, flags) == 0) {
                return 0;
            }
            return failure("msgsnd", Posix.lastError());
        }

        @Override
        protected long tryReceive(long text, int room) throws IOException {
            long n = MqNative.msgrcv(msqid, text - Long.BYTES, room, receiveType, flags);
            return n >= 0 ? n : failure("msgrcv", Posix.lastError());
        }

        @Override
        protected long tryReceiveNow(long text, int room) throws IOException {
            long n = MqNative.msgrcv(msqid, text - Long.BYTES, room, receiveType, MqNative.IPC_NOWAIT);
            return n >= 0 ? n : failure("msgrcv", Posix.lastError());
        }

        private long failure(String call, int errno) throws IOException {
            switch (errno) {
                case MqNative.EAGAIN, MqNative.ENOMSG, MqNative.EINTR:
                    return AGAIN;
                case MqNative.EIDRM, MqNative.EINVAL:
                    String why = removedBecause;
                    throw new PeerGoneException("the System V queue " + msqid + " was removed"
                            + (why != null ? " because " + why : ": the peer is gone"));
                default:
                    throw new IOException(call + " on " + what + " failed: " + Posix.strerror(errno));
            }
        }

        @Override
        protected boolean blocking() {
            return blocking;
        }

        @Override
        protected void sendEndOfStream() {
            eof.putLong(0, sendType);
            MqNative.msgsnd(msqid, eofAddress, 0, MqNative.IPC_NOWAIT); // best effort: a full or removed queue is fine
        }

        @Override
        protected void release() {
            closing = true;
        }
    }

    private static final class Endpoint implements DriverEndpoint {
        private final int msqid;
        private final int key;
        private final LinkOptions options;
        private boolean removed;

        Endpoint(int msqid, int key, LinkOptions options) {
            this.msqid = msqid;
            this.key = key;
            this.options = options;
        }

        @Override
        public String peerSpec() {
            return Integer.toString(msqid);
        }

        @Override
        public Link connect(PeerHandle peer, Guard guard) {
            return new SysvLink(msqid, TO_PEER, TO_DRIVER, "the System V queue " + msqid + " to peer " + peer.pid(), options, guard, true);
        }

        @Override
        public Map<String, Object> facts() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("msgKey", String.format("0x%08x", key));
            m.put("msqid", msqid);
            Map<String, Object> st = stat(msqid);
            if (st != null) {
                m.put("msgMode", st.get("mode"));
                m.put("msgOwnerUid", st.get("uid"));
                m.put("msgQbytes", st.get("qbytes"));
            }
            int chunk = chunk(options.maxFrameBytes());
            m.put("msgChunkBytes", chunk);
            m.put("fragments", FragmentLink.fragments(options.maxFrameBytes(), chunk));
            m.put("msgLimits", "kernel.msgmax=" + EnvironmentProbe.sysctl("kernel.msgmax") + " kernel.msgmnb="
                    + EnvironmentProbe.sysctl("kernel.msgmnb"));
            m.put("queue", "one, mtype 1 driver->peer, 2 peer->driver; IPC_RMID at the end");
            return m;
        }

        @Override
        public void close() throws IOException {
            if (!removed) {
                removed = true;
                remove(msqid);
            }
        }
    }
}
