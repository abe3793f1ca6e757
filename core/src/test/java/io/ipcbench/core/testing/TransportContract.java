package io.ipcbench.core.testing;

import io.ipcbench.core.frame.Frame;
import io.ipcbench.core.load.Load;
import io.ipcbench.core.peer.ForkedPeerStarter;
import io.ipcbench.core.peer.PeerArgs;
import io.ipcbench.core.peer.PeerProcess;
import io.ipcbench.core.peer.PeerStarter;
import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.rig.Mode;
import io.ipcbench.core.rig.PinPlan;
import io.ipcbench.core.rig.Rig;
import io.ipcbench.core.rig.RigSettings;
import io.ipcbench.core.rig.RunFailedException;
import io.ipcbench.core.spi.DriverEndpoint;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.WaitStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one contract every transport passes, written once and run by each {@code *-bench} module
 * over its transports (after jnr-unixsocket's {@code SocketInteropTest}). Real forked peers, real
 * kernel objects: payloads from 1 B to 1 MiB (or the transport's limit) in both modes and every
 * wait strategy, every byte and the order checked; a peer killed mid-run fails clearly and fast;
 * nothing is left behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(LeakCheck.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class TransportContract {
    /** The sizes every transport must carry, capped at its limit. */
    public static final int[] SIZES = {1, 63, 64, 4096, 65536 + 1, 1 << 20};

    @TempDir
    protected Path runDir;

    protected abstract Transport transport();

    /** Transport-specific options for every run. */
    protected Map<String, String> options() {
        return Map.of();
    }

    Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (WaitStrategy w : transport().waitStrategies()) {
            for (int size : SIZES) {
                cases.add(Arguments.of(w, (int) Math.min(size, transport().maxPayloadBytes())));
            }
        }
        return cases.stream();
    }

    private RigSettings settings(long messages) {
        return new RigSettings(0, 0, messages, 1, TimeUnit.SECONDS.toNanos(10), PinPlan.auto(), options());
    }

    private static long messagesFor(int size) {
        return size >= (1 << 20) ? 20 : size >= 65536 ? 100 : 400;
    }

    @ParameterizedTest(name = "{0} {1} B")
    @MethodSource("cases")
    void shouldEchoEveryByteInOrder(WaitStrategy wait, int size) throws IOException {
        long n = messagesFor(size);
        ResultRecord r = new Rig(settings(n), new ForkedPeerStarter(), runDir, (c, i, of) -> { })
                .run(new Rig.Case(transport(), wait, Mode.RTT, size));
        assertEquals(n, r.messages());
        assertEquals(n, r.verifiedMessages());
        assertNotNull(r.latencyNs());
        assertTrue(r.latencyNs().p50() > 0 && r.latencyNs().max() >= r.latencyNs().p50());
    }

    @ParameterizedTest(name = "{0} {1} B")
    @MethodSource("cases")
    void shouldStreamEveryByteInOrder(WaitStrategy wait, int size) throws IOException {
        long n = messagesFor(size) * 5;
        ResultRecord r = new Rig(settings(n), new ForkedPeerStarter(), runDir, (c, i, of) -> { })
                .run(new Rig.Case(transport(), wait, Mode.STREAM, size));
        assertEquals(n, r.messages());
        assertEquals(n, r.verifiedMessages());
        assertTrue(r.msgsPerSec() > 0);
        assertEquals(r.msgsPerSec() * size, r.bytesPerSec(), 0.1 * size + 1); // both rounded to 0.1
    }

    /** A case of any mode; load cases offer 2000 messages a second, which every transport sustains at small sizes. */
    private Rig.Case caseOf(WaitStrategy wait, Mode mode, int size) {
        return new Rig.Case(transport(), wait, mode, size, mode == Mode.LOAD ? new Load(2_000, Load.Arrivals.FIXED, 1) : null);
    }

    @ParameterizedTest(name = "{0} {1} B")
    @MethodSource("cases")
    void shouldCarryALoadEveryByteInOrder(WaitStrategy wait, int size) throws IOException {
        long n = messagesFor(size);
        ResultRecord r = new Rig(settings(n), new ForkedPeerStarter(), runDir, (c, i, of) -> { })
                .run(new Rig.Case(transport(), wait, Mode.LOAD, size, new Load(4_000, Load.Arrivals.POISSON, 7)));
        assertEquals(n, r.messages());
        assertEquals(n, r.verifiedMessages());
        assertNotNull(r.load());
        assertTrue(r.load().achievedRate() > 0);
        // from the intended time is never shorter than from the actual one
        assertTrue(r.load().corrected().max() >= r.load().uncorrected().max(), r.load().toString());
        assertTrue(r.load().corrected().p50() >= r.load().uncorrected().p50(), r.load().toString());
        assertEquals(r.latencyNs(), r.load().corrected());
    }

    @Test
    void shouldFailWithinTenSecondsWhenThePeerIsKilledMidRun() {
        for (WaitStrategy wait : transport().waitStrategies()) {
            for (Mode mode : Mode.values()) {
                KillingStarter killer = new KillingStarter(300);
                RigSettings s = new RigSettings(0, TimeUnit.SECONDS.toNanos(60), 0, 1, TimeUnit.SECONDS.toNanos(10),
                        PinPlan.auto(), options());
                RunFailedException e = assertThrows(RunFailedException.class, () ->
                        new Rig(s, killer, runDir, (c, i, of) -> { }).run(caseOf(wait, mode, 4096)));
                long afterKill = System.nanoTime() - killer.killedAt;
                assertTrue(killer.killedAt > 0, "the peer was never killed");
                assertTrue(afterKill < TimeUnit.SECONDS.toNanos(10),
                        wait + " " + mode + ": failure came " + afterKill / 1_000_000 + " ms after the kill");
                assertTrue(e.getMessage().contains("peer"), e.getMessage());
            }
        }
    }

    @Test
    void shouldFailWithinTheTimeoutWhenThePeerStalls() {
        for (WaitStrategy wait : transport().waitStrategies()) {
            StoppingStarter stopper = new StoppingStarter();
            long timeout = TimeUnit.SECONDS.toNanos(2);
            RigSettings s = new RigSettings(0, TimeUnit.SECONDS.toNanos(60), 0, 1, timeout, PinPlan.auto(), options());
            RunFailedException e = assertThrows(RunFailedException.class, () ->
                    new Rig(s, stopper, runDir, (c, i, of) -> { }).run(new Rig.Case(transport(), wait, Mode.RTT, 64)));
            long afterStop = System.nanoTime() - stopper.stoppedAt;
            assertTrue(stopper.stoppedAt > 0, "the peer was never stopped");
            assertTrue(afterStop < timeout + TimeUnit.SECONDS.toNanos(5), wait + ": failure came "
                    + afterStop / 1_000_000 + " ms after SIGSTOP");
            assertTrue(e.getMessage().contains("no progress"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseUseAfterClose() throws Exception {
        LinkOptions options = new LinkOptions(transport().defaultWait(), Rig.frameBytes(64), TimeUnit.SECONDS.toNanos(10), options());
        try (DriverEndpoint endpoint = transport().create(options)) {
            PeerArgs args = new PeerArgs(transport().name(), endpoint.peerSpec(), options.waitStrategy(), Mode.RTT, 64,
                    options.maxFrameBytes(), options.timeoutNanos(), -1, ProcessHandle.current().pid(), options());
            try (PeerProcess peer = new ForkedPeerStarter().start(transport(), endpoint, args, runDir.resolve("peer.log"))) {
                Link link = endpoint.connect(peer, Guard.NONE);
                Frame.expectType(link.receive(), Frame.READY);
                link.close();
                link.close(); // idempotent
                assertThrows(IOException.class, link::receive);
                assertThrows(IOException.class, () -> link.send(java.nio.ByteBuffer.allocateDirect(8), java.nio.ByteBuffer.allocateDirect(0)));
                assertTrue(peer.awaitExit(10_000).isPresent(), "the peer did not exit after the driver closed the link");
            }
        }
    }

    /** Rounds of each random fault per case: a few in the default build, 20 with {@code mvn verify -Pfault}. */
    static int faultRounds() {
        return Integer.getInteger("ipcbench.faultRounds", 2);
    }

    /**
     * kill -9 of the peer at a random moment of its life, for every wait: 0 to 0.5 s after the fork
     * falls before it attaches (a JVM takes longer to start), later ones mid-run, and with 1 MiB
     * frames most land mid-message. Each must end in a clear failure within 10 s of the kill, and
     * (the leak check after the test) leave nothing behind.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void shouldFailCleanlyWhenThePeerIsKilledAtARandomMoment() {
        long seed = Long.getLong("ipcbench.faultSeed", System.nanoTime());
        java.util.Random random = new java.util.Random(seed);
        for (WaitStrategy wait : transport().waitStrategies()) {
            for (int round = 0; round < faultRounds(); round++) {
                long delay = random.nextInt(2_500);
                Mode mode = Mode.values()[random.nextInt(Mode.values().length)];
                int size = (int) Math.min(random.nextBoolean() ? 64 : 1 << 20, transport().maxPayloadBytes());
                String what = transport().name() + " " + wait.id() + " " + mode.id() + " " + size + " B, kill after " + delay
                        + " ms (seed " + seed + ", round " + round + ")";
                KillingStarter killer = new KillingStarter(delay, true);
                RigSettings s = new RigSettings(0, TimeUnit.SECONDS.toNanos(60), 0, 1, TimeUnit.SECONDS.toNanos(10),
                        PinPlan.auto(), options());
                RunFailedException e = assertThrows(RunFailedException.class, () ->
                        new Rig(s, killer, runDir, (c, i, of) -> { }).run(caseOf(wait, mode, size)), what);
                assertTrue(killer.killedAt > 0, what + ": the peer was never killed");
                long afterKill = System.nanoTime() - killer.killedAt;
                assertTrue(afterKill < TimeUnit.SECONDS.toNanos(10), what + ": failure came " + afterKill / 1_000_000
                        + " ms after the kill");
                assertTrue(e.getMessage().contains("peer"), what + ": " + e.getMessage());
            }
        }
    }

    /**
     * The driver closes its end in the middle of a stream (one side closing early): the peer must
     * notice, say so and exit by itself within 5 s, and leave nothing behind.
     */
    @Test
    void shouldLetThePeerEndByItselfWhenTheDriverClosesMidStream() throws Exception {
        for (WaitStrategy wait : transport().waitStrategies()) {
            int size = (int) Math.min(4096, transport().maxPayloadBytes());
            LinkOptions options = new LinkOptions(wait, Rig.frameBytes(size), TimeUnit.SECONDS.toNanos(10), options());
            try (DriverEndpoint endpoint = transport().create(options)) {
                PeerArgs args = new PeerArgs(transport().name(), endpoint.peerSpec(), wait, Mode.STREAM, size,
                        options.maxFrameBytes(), options.timeoutNanos(), -1, ProcessHandle.current().pid(), options());
                Path log = runDir.resolve("early-close-" + wait.id() + ".log");
                try (PeerProcess peer = new ForkedPeerStarter().start(transport(), endpoint, args, log)) {
                    Link link = endpoint.connect(peer, Guard.NONE);
                    Frame.expectType(link.receive(), Frame.READY);
                    endpoint.peerAttached();
                    io.ipcbench.core.frame.Pattern pattern = new io.ipcbench.core.frame.Pattern(size);
                    java.nio.ByteBuffer head = io.ipcbench.core.frame.Buffers.direct(Frame.HEADER_BYTES);
                    try {
                        for (long seq = 0; seq < 50; seq++) {
                            Frame.writeHeader(head, 0, Frame.DATA, size, seq, System.nanoTime());
                            link.send(head, pattern.window(seq));
                        }
                    } catch (IOException e) {
                        peer.awaitExit(2_000);
                        throw new AssertionError(wait + ": the peer failed before the driver closed: " + peer.lastWords(), e);
                    }
                    long closedAt = System.nanoTime();
                    link.close();
                    java.util.OptionalInt code = peer.awaitExit(5_000);
                    assertTrue(code.isPresent(), wait + ": the peer was still running 5 s after the driver closed mid-stream");
                    assertTrue(System.nanoTime() - closedAt < TimeUnit.SECONDS.toNanos(5));
                    assertTrue(code.getAsInt() != 0, wait + ": a stream cut short is a failure, yet the peer exited 0");
                    assertTrue(peer.lastWords().startsWith("ipcbench-peer:"), wait + ": the peer says why: " + peer.lastWords());
                }
            }
        }
    }

    /**
     * False for a transport whose objects have no name another process could try (anonymous pipes:
     * the peer inherits its ends at fork).
     */
    protected boolean hasNamedObjects() {
        return true;
    }

    /**
     * Another user tries to attach: the peer runs as nobody (setpriv), with a world-readable copy of
     * the class path, and must be refused by the kernel (0600 objects, 0700 directories) and say so.
     */
    @Test
    void shouldRefuseAPeerRunningAsAnotherUser() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(hasNamedObjects(), "no name another user could try");
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name"))
                && java.nio.file.Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs root and setpriv to become another user");
        Path shared = java.nio.file.Files.createTempDirectory("other-user-cp-");
        try {
            String classPath = OtherUser.worldReadableClassPath(shared);
            LinkOptions options = new LinkOptions(transport().defaultWait(), Rig.frameBytes(64), TimeUnit.SECONDS.toNanos(10),
                    options());
            try (DriverEndpoint endpoint = transport().create(options)) {
                PeerArgs args = new PeerArgs(transport().name(), endpoint.peerSpec(), options.waitStrategy(), Mode.RTT, 64,
                        options.maxFrameBytes(), options.timeoutNanos(), -1, ProcessHandle.current().pid(), options());
                Path log = runDir.resolve("other-user.log");
                Process p = OtherUser.startPeer(shared, classPath, args, log);
                try {
                    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the other user's peer did not give up within 30 s");
                    String words = java.nio.file.Files.readString(log);
                    assertTrue(p.exitValue() != 0, "another user attached: " + words);
                    assertTrue(words.contains("ipcbench-peer:"), words);
                    assertTrue(OtherUser.deniedByTheKernel(words), "refused for the right reason: " + words);
                } finally {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            OtherUser.removeTree(shared);
        }
    }

    /** Starts real peers and SIGSTOPs each one once it is measuring. */
    static final class StoppingStarter implements PeerStarter {
        volatile long stoppedAt;

        @Override
        public PeerProcess start(Transport t, DriverEndpoint e, PeerArgs a, Path log) throws IOException {
            PeerProcess p = new ForkedPeerStarter().start(t, e, a, log);
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(2_000);
                    stoppedAt = System.nanoTime();
                    new ProcessBuilder("kill", "-STOP", Long.toString(p.pid())).start().waitFor();
                } catch (InterruptedException | IOException ie) {
                    // the test fails on stoppedAt == 0
                }
            });
            stopper.setDaemon(true);
            stopper.start();
            return p;
        }
    }

    /** Starts real peers and SIGKILLs each one after a delay. */
    static final class KillingStarter implements PeerStarter {
        private final long delayMs;
        volatile long killedAt;

        private final boolean fromStart;

        KillingStarter(long delayMs) {
            this(delayMs, false);
        }

        /** {@code fromStart}: count the delay from the fork, not from when the peer is measuring. */
        KillingStarter(long delayMs, boolean fromStart) {
            this.delayMs = delayMs;
            this.fromStart = fromStart;
        }

        @Override
        public PeerProcess start(Transport t, DriverEndpoint e, PeerArgs a, Path log) throws IOException {
            PeerProcess p = new ForkedPeerStarter().start(t, e, a, log);
            Thread killer = new Thread(() -> {
                try {
                    // wait until the peer is past JVM start and measuring
                    Thread.sleep((fromStart ? 0 : 1_500) + delayMs);
                } catch (InterruptedException ie) {
                    return;
                }
                ProcessHandle.of(p.pid()).ifPresent(h -> {
                    killedAt = System.nanoTime();
                    h.destroyForcibly();
                });
            });
            killer.setDaemon(true);
            killer.start();
            return p;
        }
    }
}
