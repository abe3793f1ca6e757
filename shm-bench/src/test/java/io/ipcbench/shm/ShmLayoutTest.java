package io.ipcbench.shm;

import io.ipcbench.core.frame.Frame;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Slot sizes and counts: pure arithmetic, the rings themselves are tested by the transport contract. */
class ShmLayoutTest {
    @Test
    void shouldPackSmallFramesAtThirtyTwoByteSteps() {
        // 64 B payload: 8 B stamp and length + 24 B header + 64 B = 96 B, a line and a half
        ShmLayout small = ShmLayout.of(Frame.HEADER_BYTES + 64, null);
        assertEquals(96, small.stride());
        assertEquals(1024, small.slots());
        // 4 KiB payload: 4128 B, not rounded up to a whole line (4160)
        ShmLayout page = ShmLayout.of(Frame.HEADER_BYTES + 4096, null);
        assertEquals(4128, page.stride());
        assertEquals(512, page.slots());
        assertTrue(page.maxFrameBytes() >= Frame.HEADER_BYTES + 4096);
    }

    @Test
    void shouldKeepAtLeastFourSlotsForLargeFrames() {
        ShmLayout big = ShmLayout.of(Frame.HEADER_BYTES + (1 << 20), null);
        assertEquals(4, big.slots());
        assertEquals(ShmLayout.CONTROL + 2 * big.ringBytes(), big.segmentBytes());
    }

    @Test
    void shouldSizeTheRingFromTheOptionAndRefuseOneThatCannotHoldAMessage() {
        assertEquals(2, ShmLayout.of(Frame.HEADER_BYTES + 4096, 3L * 4128).slots());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ShmLayout.of(Frame.HEADER_BYTES + 4096, 1024L));
        assertTrue(e.getMessage().startsWith("--shm-ring-size: 1024 B cannot hold one message"), e.getMessage());
    }
}
