package io.ipcbench.core.inproc;

import io.ipcbench.core.nat.Posix;
import io.ipcbench.core.peer.ThreadPeerStarter;
import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.rig.Mode;
import io.ipcbench.core.rig.PinPlan;
import io.ipcbench.core.rig.Rig;
import io.ipcbench.core.rig.RigSettings;
import io.ipcbench.core.rig.RunFailedException;
import io.ipcbench.core.spi.WaitStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-process baseline carries every size, in both modes and both waits, every byte verified by the rig. */
class InProcessTransportTest {
    @TempDir
    Path runDir;

    private ResultRecord run(WaitStrategy wait, Mode mode, int size, long messages) throws IOException {
        RigSettings s = new RigSettings(0, 0, messages, 1, TimeUnit.SECONDS.toNanos(5), PinPlan.NONE, Map.of());
        return new Rig(s, new ThreadPeerStarter(), runDir, (c, i, of) -> { }, Posix.RUSAGE_THREAD)
                .run(new Rig.Case(new InProcessTransport(), wait, mode, size));
    }

    @ParameterizedTest(name = "{0} {1} {2} B")
    @CsvSource({
            "block, rtt, 1", "block, rtt, 64", "block, stream, 4096", "block, stream, 1048576", "block, rtt, 1048576",
            "spin, rtt, 1", "spin, stream, 64", "spin, stream, 65536", "spin, rtt, 1048576"})
    void shouldCarryEveryByte(String wait, String mode, int size) throws IOException {
        long n = size >= 1 << 20 ? 40 : 2_000;
        ResultRecord r = run(WaitStrategy.of(wait), Mode.of(mode), size, n);
        assertEquals(n, r.messages());
        assertEquals(n, r.verifiedMessages());
    }

    @Test
    void shouldRefuseAPeerOutsideTheProcess() {
        IOException e = assertThrows(IOException.class, () -> new InProcessTransport().attach("inproc-999",
                new io.ipcbench.core.spi.LinkOptions(WaitStrategy.BLOCK, 100, 1_000_000, Map.of()),
                io.ipcbench.core.spi.Guard.NONE));
        assertTrue(e.getMessage().contains("thread of the driver's JVM"), e.getMessage());
    }

    @Test
    void shouldNotHangWhenThePeerThreadNeverAnswers() {
        // a peer that cannot attach ends its thread; the driver must fail with its words, not wait forever
        RunFailedException e = assertThrows(RunFailedException.class, () -> {
            RigSettings s = new RigSettings(0, 0, 10, 1, TimeUnit.SECONDS.toNanos(2), PinPlan.NONE, Map.of());
            new Rig(s, (t, endpoint, args, log) -> new ThreadPeerStarter().start(t, endpoint,
                    new io.ipcbench.core.peer.PeerArgs(args.transport(), "inproc-unknown", args.waitStrategy(), args.mode(),
                            args.payloadBytes(), args.maxFrameBytes(), args.timeoutNanos(), -1, args.driverPid(),
                            args.options()), log),
                    runDir, (c, i, of) -> { }, Posix.RUSAGE_THREAD)
                    .run(new Rig.Case(new InProcessTransport(), WaitStrategy.BLOCK, Mode.RTT, 64));
        });
        assertTrue(e.getMessage().contains("no in-process channel"), e.getMessage());
    }
}
