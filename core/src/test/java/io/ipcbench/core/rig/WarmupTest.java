package io.ipcbench.core.rig;

import io.ipcbench.core.nat.Posix;
import io.ipcbench.core.peer.ThreadPeerStarter;
import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.spi.WaitStrategy;
import io.ipcbench.core.testing.InMemoryTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warm-up goes on past its time until its operations are done, but never past its bound. */
class WarmupTest {
    private static final long WARMUP = TimeUnit.MILLISECONDS.toNanos(50);

    @TempDir
    Path runDir;

    private long startedAt;
    private long measuringAt;

    private ResultRecord run(long warmupOps) throws IOException {
        RigSettings s = new RigSettings(WARMUP, warmupOps, 0, 50, 1, TimeUnit.SECONDS.toNanos(5), PinPlan.NONE, Map.of());
        Rig.Listener listener = new Rig.Listener() {
            @Override
            public void repetition(Rig.Case c, int repetition, int of) {
                startedAt = System.nanoTime();
            }

            @Override
            public void measuring(Rig.Case c, int repetition) {
                measuringAt = System.nanoTime();
            }
        };
        ResultRecord r = new Rig(s, new ThreadPeerStarter(), runDir, listener, Posix.RUSAGE_THREAD)
                .run(new Rig.Case(new InMemoryTransport(), WaitStrategy.BLOCK, Mode.RTT, 64));
        assertEquals(50, r.messages());
        return r;
    }

    @Test
    void shouldGoOnUntilTheOperationsAreDone() throws IOException {
        long ops = run(1_500).perRepetition().get(0).warmupOperations();
        assertTrue(ops >= 1_500, "warm-up stopped after " + ops + " of 1500 operations");
    }

    @Test
    void shouldGoOnPastItsTimeButNotPastItsBound() throws IOException {
        long ops = run(Long.MAX_VALUE).perRepetition().get(0).warmupOperations();
        long took = measuringAt - startedAt; // the peer's start, the host probe, the warm-up
        assertTrue(ops > 0, "operations " + ops);
        long bound = WARMUP + RigSettings.EXTRA_WARMUP_FACTOR * WARMUP;
        assertTrue(took >= bound, "warm-up of " + took / 1_000_000 + " ms; asked for operations it cannot reach, it must last "
                + bound / 1_000_000 + " ms");
        assertTrue(took < bound + TimeUnit.SECONDS.toNanos(2), "warm-up of " + took / 1_000_000 + " ms");
    }
}
