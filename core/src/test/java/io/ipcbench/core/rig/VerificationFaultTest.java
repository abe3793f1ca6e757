package io.ipcbench.core.rig;

import io.ipcbench.core.load.Load;
import io.ipcbench.core.nat.Posix;
import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.spi.WaitStrategy;
import io.ipcbench.core.testing.InMemoryTransport;
import io.ipcbench.core.peer.ThreadPeerStarter;
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

/**
 * Every fault the verification must catch, injected by the in-memory test transport into one
 * DATA message, on either side, and the message that names it.
 */
class VerificationFaultTest {
    @TempDir
    Path runDir;

    private ResultRecord run(Mode mode, int size, Map<String, String> options) throws IOException {
        RigSettings s = new RigSettings(0, 0, 50, 1, TimeUnit.SECONDS.toNanos(5), PinPlan.NONE, options);
        return new Rig(s, new ThreadPeerStarter(), runDir, (c, i, of) -> { }, Posix.RUSAGE_THREAD)
                .run(new Rig.Case(new InMemoryTransport(), WaitStrategy.BLOCK, mode, size,
                        mode == Mode.LOAD ? new Load(5_000, Load.Arrivals.FIXED, 1) : null));
    }

    @Test
    void shouldPassCleanMessagesInEveryMode() throws IOException {
        for (Mode mode : Mode.values()) {
            ResultRecord r = run(mode, 100, Map.of());
            assertEquals(50, r.messages());
            assertEquals(50, r.verifiedMessages());
        }
    }

    @Test
    void shouldTimeOutWhenARoundTripIsLost() {
        // a lost message in a closed loop is a stall: the bound on every wait catches it
        Map<String, String> options = Map.of("fault", "drop", "fault.at", "20", "fault.side", "peer");
        long t0 = System.nanoTime();
        RunFailedException e = assertThrows(RunFailedException.class, () -> run(Mode.RTT, 64, options));
        assertTrue(e.getMessage().contains("nothing received"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(8));
    }

    @ParameterizedTest(name = "{0} by the {1}, {2} mode, {3} B")
    @CsvSource({
            "corrupt,   driver, stream, 4096, corrupted",
            "corrupt,   peer,   rtt,    4096, corrupted",
            "corrupt,   driver, rtt,    1,    corrupted",
            "drop,      driver, stream, 64,   lost",
            "duplicate, peer,   rtt,    64,   duplicated",
            "duplicate, driver, stream, 64,   duplicated",
            "reorder,   driver, stream, 64,   lost or reordered",
            "stale,     driver, stream, 4096, stale or torn",
            "stale,     peer,   rtt,    4096, stale or torn",
            "torn,      driver, stream, 4096, stale or torn",
            "torn,      driver, rtt,    63,   stale or torn",
            "corrupt,   driver, load,   4096, corrupted",
            "drop,      driver, load,   64,   lost",
            "duplicate, driver, load,   64,   duplicated",
            "reorder,   driver, load,   64,   lost or reordered",
            "stale,     driver, load,   4096, stale or torn",
    })
    void shouldDetectAndNameEveryFault(String fault, String side, String mode, int size, String words) {
        Map<String, String> options = Map.of("fault", fault, "fault.at", "20", "fault.side", side);
        RunFailedException e = assertThrows(RunFailedException.class, () -> run(Mode.of(mode), size, options));
        assertTrue(e.getMessage().contains(words), e.getMessage());
        assertTrue(e.getMessage().contains("expected"), "says expected vs actual: " + e.getMessage());
    }
}
