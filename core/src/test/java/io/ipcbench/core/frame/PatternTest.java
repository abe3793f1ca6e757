package io.ipcbench.core.frame;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatternTest {
    private static ByteBuffer frame(Pattern p, long seq) {
        ByteBuffer f = Buffers.direct(Frame.HEADER_BYTES + p.length());
        Frame.writeHeader(f, 0, Frame.DATA, p.length(), seq, 0);
        f.put(Frame.HEADER_BYTES, p.window(seq), p.window(seq).position(), p.length());
        return f;
    }

    @Test
    void shouldAcceptTheRightPayload() {
        Pattern p = new Pattern(4096);
        for (long seq = 0; seq < 3 * Pattern.PERIOD; seq += 97) {
            ByteBuffer f = frame(p, seq);
            long s = seq;
            assertDoesNotThrow(() -> p.verify(f, s));
        }
    }

    @Test
    void shouldCatchAFlippedBitInEveryByte() {
        Pattern p = new Pattern(200);
        for (int i = 0; i < 200; i++) {
            ByteBuffer f = frame(p, 7);
            int at = Frame.HEADER_BYTES + i;
            f.put(at, (byte) (f.get(at) ^ 1));
            VerificationException e = assertThrows(VerificationException.class, () -> p.verify(f, 7));
            assertTrue(e.getMessage().contains("byte " + i + " "), e.getMessage());
        }
    }

    @Test
    void shouldMakeConsecutiveMessagesDifferInMostBytes() {
        Pattern p = new Pattern(1024);
        ByteBuffer a = frame(p, 10);
        ByteBuffer b = frame(p, 11);
        int same = 0;
        for (int i = Frame.HEADER_BYTES; i < a.limit(); i++) {
            same += a.get(i) == b.get(i) ? 1 : 0;
        }
        assertTrue(same < 32, same + " equal bytes");
        assertNotEquals(a, b);
    }

    @Test
    void shouldRejectAWrongLength() {
        Pattern p = new Pattern(64);
        ByteBuffer f = frame(new Pattern(63), 1);
        assertThrows(VerificationException.class, () -> p.verify(f, 1));
    }

    @Test
    void shouldNameAStalePayload() {
        Pattern p = new Pattern(512);
        ByteBuffer f = frame(p, 5);
        ByteBuffer old = frame(p, 4);
        for (int i = Frame.HEADER_BYTES; i < f.limit(); i++) {
            f.put(i, old.get(i));
        }
        VerificationException e = assertThrows(VerificationException.class, () -> p.verify(f, 5));
        assertTrue(e.getMessage().contains("message 4 (stale or torn data)"), e.getMessage());
    }
}
