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

    @Test
    void shouldInterleavePreTouchedPageSizedSlotsAndKeepSmallAndLargeOnesInOrder() {
        ShmLayout page = ShmLayout.of(Frame.HEADER_BYTES + 4096, null);
        assertTrue(page.interleaved());
        // consecutive messages half a ring apart, every other message in consecutive slots
        assertEquals(0, page.slotOf(0));
        assertEquals(256, page.slotOf(1));
        assertEquals(1, page.slotOf(2));
        assertEquals(257, page.slotOf(3));
        assertEquals(255, page.slotOf(510));
        assertEquals(511, page.slotOf(511));
        assertEquals(page.slotOf(7), page.slotOf(7 + 512));
        for (ShmLayout l : new ShmLayout[] {page, ShmLayout.of(Frame.HEADER_BYTES + 1024, null),
                ShmLayout.of(Frame.HEADER_BYTES + 4096, 4L * 4128), ShmLayout.of(Frame.HEADER_BYTES + 4096, 2L * 4128),
                ShmLayout.of(Frame.HEADER_BYTES + 64, null), ShmLayout.of(Frame.HEADER_BYTES + 65536, null)}) {
            // any window of `slots` consecutive messages uses every slot once: a slot is reused only
            // by the message `slots` later, which is what the stamps and the tail rely on
            for (long start : new long[] {0, 1, 5, (1L << 32) - 3}) {
                boolean[] used = new boolean[l.slots()];
                for (long m = start; m < start + l.slots(); m++) {
                    int s = l.slotOf(m);
                    assertTrue(s >= 0 && s < l.slots() && !used[s], "slot " + s + " of " + l);
                    used[s] = true;
                    assertEquals(s, l.slotOf(m + l.slots()));
                }
            }
        }
        ShmLayout small = ShmLayout.of(Frame.HEADER_BYTES + 64, null);
        assertTrue(!small.interleaved());
        assertEquals(1, small.slotOf(1));
        ShmLayout large = ShmLayout.of(Frame.HEADER_BYTES + 65536, null);
        assertTrue(!large.interleaved());
        assertEquals(1, large.slotOf(1));
        assertTrue(!ShmLayout.of(Frame.HEADER_BYTES + 4096, 2L * 4128).interleaved()); // two slots: nothing to interleave
    }
}
