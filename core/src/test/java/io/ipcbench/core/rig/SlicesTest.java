package io.ipcbench.core.rig;

import io.ipcbench.core.nat.Posix;
import io.ipcbench.core.peer.ThreadPeerStarter;
import io.ipcbench.core.result.RepetitionRecord;
import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.result.Slices;
import io.ipcbench.core.spi.WaitStrategy;
import io.ipcbench.core.testing.InMemoryTransport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each repetition is measured in eighths, each with its own metric; the rtt parts add up to the repetition's histogram. */
class SlicesTest {
    @TempDir
    Path runDir;

    private ResultRecord run(Mode mode, long durationNanos, long messages) throws IOException {
        RigSettings s = new RigSettings(TimeUnit.MILLISECONDS.toNanos(20), durationNanos, messages, 1, TimeUnit.SECONDS.toNanos(5),
                PinPlan.NONE, Map.of());
        return new Rig(s, new ThreadPeerStarter(), runDir, (c, r, of) -> { }, Posix.RUSAGE_THREAD)
                .run(new Rig.Case(new InMemoryTransport(), WaitStrategy.BLOCK, mode, 64));
    }

    @Test
    void shouldCutACountIntoEightEqualPartsWhoseHistogramsAddUpToTheRepetitions() throws IOException {
        ResultRecord r = run(Mode.RTT, 0, 1_003);
        Slices s = r.perRepetition().get(0).slices();
        assertEquals(Rig.SLICES, s.operations().size());
        assertEquals(1_003, s.operations().stream().mapToLong(Long::longValue).sum());
        assertTrue(s.operations().stream().allMatch(n -> n == 125 || n == 126), "parts " + s.operations());
        assertTrue(s.values().stream().allMatch(v -> v > 0), "p50s " + s.values());
        assertNotNull(s.ratio());
        assertTrue(s.ratio() >= 1, "ratio " + s.ratio());
        try (HistogramLogReader reader = new HistogramLogReader(runDir.resolve(r.histogramLog()).toFile())) {
            Histogram h = (Histogram) reader.nextIntervalHistogram();
            assertEquals(1_003, h.getTotalCount(), "the merged parts hold every round trip once");
        }
    }

    @Test
    void shouldCutADurationIntoEightPartsEachWithItsRate() throws IOException {
        ResultRecord r = run(Mode.STREAM, TimeUnit.MILLISECONDS.toNanos(400), 0);
        RepetitionRecord rep = r.perRepetition().get(0);
        Slices s = rep.slices();
        assertEquals(Rig.SLICES, s.values().size());
        assertEquals(rep.operations(), s.operations().stream().mapToLong(Long::longValue).sum());
        assertTrue(s.values().stream().allMatch(v -> v > 0), "msgs/s " + s.values());
    }

    @Test
    void shouldNotJudgeFewOperations() throws IOException {
        Slices s = run(Mode.RTT, 0, 5).perRepetition().get(0).slices();
        assertEquals(5, s.operations().size(), "no empty parts");
        assertNull(s.ratio(), "five round trips say nothing about a step");
        assertFalse(s.stepped());
    }

    @Test
    void shouldCallAPartTwiceAnothersAStep() {
        Slices flat = Slices.of(new long[] {200, 200, 200}, new double[] {1000, 1100, 1050});
        assertEquals(1.1, flat.ratio(), 1e-9);
        assertFalse(flat.stepped());
        Slices step = Slices.of(new long[] {200, 200, 200}, new double[] {650, 660, 1010});
        assertEquals(1.554, step.ratio(), 1e-9);
        assertTrue(step.stepped());
        assertNull(Slices.of(new long[] {200, 99}, new double[] {1, 2}).ratio(), "a part below the minimum");
    }
}
