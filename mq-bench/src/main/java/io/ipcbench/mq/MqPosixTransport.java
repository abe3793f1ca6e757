package io.ipcbench.mq;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.ipcbench.core.env.EnvironmentProbe;
import io.ipcbench.core.io.Waiter;
import io.ipcbench.core.nat.Arch;
import io.ipcbench.core.nat.Posix;
import io.ipcbench.core.spi.DriverEndpoint;
import io.ipcbench.core.spi.Family;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.LeftoverMark;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.PeerHandle;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.WaitStrategy;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code mq-posix}: two POSIX message queues, one per direction.
 *
 * <pre>
 *  driver                                             peer
 *  mq_open(/ipcbench-PID-RAND-to-peer,   O_CREAT|O_EXCL, 0600, {maxmsg, msgsize})
 *  mq_open(/ipcbench-PID-RAND-from-peer, O_CREAT|O_EXCL, 0600, {maxmsg, msgsize})
 *  fork ---------------------------------------------> mq_open both, mq_unlink both
 *  READY arrives: mq_unlink both (again; ENOENT is fine)
 *  mq_timedsend / mq_timedreceive  <===============>  mq_timedsend / mq_timedreceive
 * </pre>
 *
 * {@code mq_msgsize} is the frame's size capped at {@code fs.mqueue.msgsize_max}; a larger frame
 * travels as maximal fragments. {@code mq_maxmsg} is {@code fs.mqueue.msg_max}, or fewer when two
 * such queues would not fit in RLIMIT_MSGQUEUE. {@code block} uses timed calls with a 50 ms
 * deadline (checking the peer between them), so a dead peer never hangs a run; {@code spin} opens
 * the queues {@code O_NONBLOCK} and polls.
 */
public final class MqPosixTransport implements Transport {
    static final String PREFIX = "/" + LeftoverMark.NAME_PREFIX;
    private static final String TO_PEER = "-to-peer";
    private static final String FROM_PEER = "-from-peer";
    /** Kernel bytes per message besides its text (struct msg_msg and a share of the priority tree), for the RLIMIT budget. */
    private static final long OVERHEAD_PER_MESSAGE = 128;
    private static final long SLICE_MS = 50;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public String name() {
        return "mq-posix";
    }

    @Override
    public String description() {
        return "POSIX message queues (mq_open 0600, one per direction, unlinked once open); "
                + "frames above fs.mqueue.msgsize_max go as fragments";
    }

    @Override
    public Family family() {
        return Family.MQ;
    }

    @Override
    public List<LeftoverMark> leftoverMarks() {
        return List.of(LeftoverMark.posixQueue(PREFIX.substring(1)));
    }

    @Override
    public Set<WaitStrategy> waitStrategies() {
        return EnumSet.of(WaitStrategy.BLOCK, WaitStrategy.SPIN);
    }

    @Override
    public long maxPayloadBytes() {
        return FRAME_CAP; // fragmented above msgsize_max
    }

    @Override
    public Optional<String> unavailableReason() {
        if (Arch.unsupported().isPresent()) {
            return Arch.unsupported();
        }
        if (msgsizeMax() <= 0 || msgMax() <= 0) {
            return Optional.of("fs.mqueue.msgsize_max or fs.mqueue.msg_max is 0 or unreadable "
                    + "(no POSIX message queues in this kernel, or they are switched off)");
        }
        return Optional.empty();
    }

    @Override
    public Map<String, Object> limits() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String s : new String[] {"fs.mqueue.msgsize_max", "fs.mqueue.msg_max", "fs.mqueue.queues_max"}) {
            m.put(s, EnvironmentProbe.sysctl(s));
        }
        m.put("RLIMIT_MSGQUEUE", EnvironmentProbe.rlimitMsgqueue());
        return m;
    }

    private static long msgsizeMax() {
        return EnvironmentProbe.sysctl("fs.mqueue.msgsize_max") instanceof Long l ? l : -1;
    }

    private static long msgMax() {
        return EnvironmentProbe.sysctl("fs.mqueue.msg_max") instanceof Long l ? l : -1;
    }

    /** mq_msgsize and mq_maxmsg for a run, from the frame size and the limits. */
    static long[] attributes(int frameBytes) {
        long msgsize = Math.min(frameBytes, msgsizeMax());
        long maxmsg = msgMax();
        Object rlimit = EnvironmentProbe.rlimitMsgqueue();
        if (rlimit instanceof Long budget) {
            long fits = budget / 2 / (msgsize + OVERHEAD_PER_MESSAGE);
            if (fits < 1) {
                throw new IllegalArgumentException("RLIMIT_MSGQUEUE (" + budget + " bytes) cannot hold two queues of one "
                        + msgsize + "-byte message; raise it with 'ulimit -q'");
            }
            maxmsg = Math.min(maxmsg, fits);
        }
        return new long[] {msgsize, maxmsg};
    }

    @Override
    public void validate(LinkOptions options) {
        attributes(options.maxFrameBytes());
    }

    @Override
    public DriverEndpoint create(LinkOptions options) throws IOException {
        long[] attr = attributes(options.maxFrameBytes());
        byte[] r = new byte[8];
        RANDOM.nextBytes(r);
        String base = PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(r);
        int flags = options.waitStrategy() == WaitStrategy.SPIN ? MqNative.O_NONBLOCK : 0;
        int toPeer = create(base + TO_PEER, MqNative.O_WRONLY | flags, attr);
        int fromPeer;
        try {
            fromPeer = create(base + FROM_PEER, MqNative.O_RDONLY | flags, attr);
        } catch (IOException | RuntimeException e) {
            closeQuietly(toPeer);
            unlinkQuietly(base + TO_PEER);
            throw e;
        }
        return new Endpoint(base, toPeer, fromPeer, options);
    }

    private static int create(String name, int flags, long[] attr) throws IOException {
        try (Memory a = new Memory(MqNative.MQ_ATTR_BYTES)) {
            a.clear();
            a.setLong(MqNative.MQ_MAXMSG, attr[1]);
            a.setLong(MqNative.MQ_MSGSIZE, attr[0]);
            return MqNative.LIB.mq_open(name, flags | MqNative.O_CREAT | MqNative.O_EXCL, 0600, a);
        } catch (LastErrorException e) {
            throw new IOException(Posix.describe("mq_open(O_CREAT|O_EXCL, 0600, maxmsg=" + attr[1] + ", msgsize=" + attr[0] + ")",
                    name, e) + hint(e.getErrorCode()), e);
        }
    }

    private static String hint(int errno) {
        return switch (errno) {
            case MqNative.EMFILE -> ": RLIMIT_MSGQUEUE (" + EnvironmentProbe.rlimitMsgqueue()
                    + " bytes for all of this user's queues) is used up, not the file-descriptor limit; "
                    + "raise it with 'ulimit -q', or remove stale queues ('ipcbench env' shows the limits)";
            case MqNative.ENOSPC -> ": fs.mqueue.queues_max queues exist already (raise it with sysctl -w fs.mqueue.queues_max=N)";
            case MqNative.EINVAL -> ": above fs.mqueue.msg_max or fs.mqueue.msgsize_max ('ipcbench env')";
            default -> "";
        };
    }

    @Override
    public Link attach(String peerSpec, LinkOptions options, Guard guard) throws IOException {
        checkName(peerSpec);
        int flags = options.waitStrategy() == WaitStrategy.SPIN ? MqNative.O_NONBLOCK : 0;
        int in = open(peerSpec + TO_PEER, MqNative.O_RDONLY | flags);
        int out;
        try {
            out = open(peerSpec + FROM_PEER, MqNative.O_WRONLY | flags);
        } catch (IOException e) {
            closeQuietly(in);
            throw e;
        }
        // the peer attaches last: the names have done their job
        unlinkQuietly(peerSpec + TO_PEER);
        unlinkQuietly(peerSpec + FROM_PEER);
        return new PosixLink(in, out, "the POSIX queues " + peerSpec + "-*", options, guard);
    }

    @Override
    public void abandoned(String peerSpec) {
        checkName(peerSpec);
        unlinkQuietly(peerSpec + TO_PEER);
        unlinkQuietly(peerSpec + FROM_PEER);
    }

    private static void checkName(String base) {
        if (!base.startsWith(PREFIX) || base.indexOf('/', 1) >= 0) {
            throw new IllegalArgumentException("not an ipcbench queue name: " + base);
        }
    }

    private static int open(String name, int flags) throws IOException {
        try {
            return MqNative.LIB.mq_open(name, flags, 0, null);
        } catch (LastErrorException e) {
            throw new IOException(Posix.describe("mq_open", name, e), e);
        }
    }

    static void unlinkQuietly(String name) {
        try {
            MqNative.LIB.mq_unlink(name);
        } catch (LastErrorException e) {
            // already gone
        }
    }

    static void closeQuietly(int mqd) {
        if (mqd >= 0) {
            try {
                MqNative.LIB.mq_close(mqd);
            } catch (LastErrorException e) {
                // already closed
            }
        }
    }

    private static long[] getattr(int mqd) {
        try (Memory a = new Memory(MqNative.MQ_ATTR_BYTES)) {
            MqNative.LIB.mq_getattr(mqd, a);
            return new long[] {a.getLong(MqNative.MQ_MSGSIZE), a.getLong(MqNative.MQ_MAXMSG)};
        }
    }

    /** The link over two queue descriptors; owns them. */
    private static final class PosixLink extends FragmentLink {
        private final int in;
        private final int out;
        private final boolean blocking;
        /** How long a close waits for room in a full queue for its end-of-stream marker. */
        private static final long END_OF_STREAM_NANOS = TimeUnit.SECONDS.toNanos(1);
        private final Memory deadline = new Memory(16);
        private final long deadlineAddress = Pointer.nativeValue(deadline);
        private boolean released;

        PosixLink(int in, int out, String what, LinkOptions options, Guard guard) {
            super(what, options.maxFrameBytes(), (int) getattr(in)[0], 0, 0, options.waitStrategy(), guard);
            this.in = in;
            this.out = out;
            this.blocking = options.waitStrategy() != WaitStrategy.SPIN;
            renewDeadline();
        }

        /**
         * The absolute CLOCK_REALTIME deadline for timed calls, renewed only after a call has timed
         * out: a message that is there is taken whatever the deadline, so a stale one costs one
         * extra call per slice at most, and no clock is read per message.
         */
        private long deadline() {
            return blocking ? deadlineAddress : 0;
        }

        private void renewDeadline() {
            long deadlineMs = System.currentTimeMillis() + SLICE_MS;
            deadline.setLong(0, deadlineMs / 1000);
            deadline.setLong(8, (deadlineMs % 1000) * 1_000_000);
        }

        @Override
        protected long trySend(long text, int length) throws IOException {
            if (MqNative.mq_timedsend(out, text, length, 0, deadline()) == 0) {
                return 0;
            }
            return failure("mq_timedsend", Posix.lastError());
        }

        @Override
        protected long tryReceive(long text, int room) throws IOException {
            long n = MqNative.mq_timedreceive(in, text, room, 0, deadline());
            return n >= 0 ? n : failure("mq_timedreceive", Posix.lastError());
        }

        @Override
        protected long tryReceiveNow(long text, int room) throws IOException {
            deadline.setLong(0, 0); // a deadline long past: returns at once, a message or ETIMEDOUT
            deadline.setLong(8, 0);
            long n = MqNative.mq_timedreceive(in, text, room, 0, deadlineAddress);
            if (n >= 0) {
                return n;
            }
            int errno = Posix.lastError();
            renewDeadline();
            return errno == MqNative.ETIMEDOUT || errno == MqNative.EAGAIN || errno == MqNative.EINTR ? AGAIN
                    : failure("mq_timedreceive", errno);
        }

        private long failure(String call, int errno) throws IOException {
            switch (errno) {
                case MqNative.EAGAIN, MqNative.EINTR:
                    return AGAIN;
                case MqNative.ETIMEDOUT:
                    renewDeadline();
                    return TIMED_OUT;
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
            // A full queue (the other side still draining a stream) must not lose the marker, or the
            // other side waits out its silence limit: retry for a bounded while, as space frees up.
            long giveUpAt = System.nanoTime() + END_OF_STREAM_NANOS;
            while (true) {
                deadline.setLong(0, 0); // a deadline long past: fails at once with ETIMEDOUT if the queue is full
                deadline.setLong(8, 0);
                if (MqNative.mq_timedsend(out, deadlineAddress, 0, 0, deadlineAddress) == 0) { // zero bytes: any address
                    return;
                }
                int errno = Posix.lastError();
                if (errno != MqNative.ETIMEDOUT && errno != MqNative.EAGAIN && errno != MqNative.EINTR
                        || System.nanoTime() - giveUpAt > 0) {
                    return;
                }
                LockSupport.parkNanos(Waiter.RETRY_NANOS);
            }
        }

        @Override
        protected void release() {
            if (!released) {
                released = true;
                closeQuietly(out);
                closeQuietly(in);
                deadline.close();
            }
        }
    }

    private static final class Endpoint implements DriverEndpoint {
        private final String base;
        private final LinkOptions options;
        private int toPeer;
        private int fromPeer;
        private long[] attr = {0, 0};

        Endpoint(String base, int toPeer, int fromPeer, LinkOptions options) {
            this.base = base;
            this.toPeer = toPeer;
            this.fromPeer = fromPeer;
            this.options = options;
        }

        @Override
        public String peerSpec() {
            return base;
        }

        @Override
        public Link connect(PeerHandle peer, Guard guard) {
            attr = getattr(toPeer);
            Link link = new PosixLink(fromPeer, toPeer, "the POSIX queues to peer " + peer.pid(), options, guard);
            toPeer = -1;
            fromPeer = -1;
            return link;
        }

        @Override
        public void peerAttached() {
            unlinkQuietly(base + TO_PEER);
            unlinkQuietly(base + FROM_PEER);
        }

        @Override
        public Map<String, Object> facts() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mqMsgsize", attr[0]);
            m.put("mqMaxmsg", attr[1]);
            m.put("fragments", FragmentLink.fragments(options.maxFrameBytes(), (int) attr[0]));
            m.put("mqLimits", "fs.mqueue.msgsize_max=" + msgsizeMax() + " fs.mqueue.msg_max=" + msgMax()
                    + " RLIMIT_MSGQUEUE=" + EnvironmentProbe.rlimitMsgqueue());
            m.put("queues", "two (one per direction), 0600, unlinked once both sides had them open");
            return m;
        }

        @Override
        public void close() {
            closeQuietly(toPeer);
            closeQuietly(fromPeer);
            toPeer = fromPeer = -1;
            peerAttached();
        }
    }
}
