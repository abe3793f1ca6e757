package io.ipcbench.core.peer;

import io.ipcbench.core.frame.Frame;
import io.ipcbench.core.frame.VerificationException;
import io.ipcbench.core.nat.Rusage;

import java.nio.ByteBuffer;

/** The peer's closing report: what it received and verified, and what that cost it. */
public record PeerReport(long messages, long payloadBytes, long sequenceSum, Rusage cpu, long allocatedBytes) {
    public static final int BYTES = 8 * 8;

    /** Writes the REPORT frame at index 0; returns its length. */
    public int write(ByteBuffer b) {
        Frame.writeHeader(b, 0, Frame.REPORT, BYTES, 0, System.nanoTime());
        int at = Frame.HEADER_BYTES;
        b.putLong(at, messages);
        b.putLong(at + 8, payloadBytes);
        b.putLong(at + 16, sequenceSum);
        b.putLong(at + 24, cpu.userNs());
        b.putLong(at + 32, cpu.systemNs());
        b.putLong(at + 40, cpu.voluntaryCtxSwitches());
        b.putLong(at + 48, cpu.involuntaryCtxSwitches());
        b.putLong(at + 56, allocatedBytes);
        return Frame.HEADER_BYTES + BYTES;
    }

    public static PeerReport read(ByteBuffer f) throws VerificationException {
        Frame.expectType(f, Frame.REPORT);
        int at = f.position();
        if (Frame.payloadLength(f, at) != BYTES) {
            throw new VerificationException("peer report has " + Frame.payloadLength(f, at) + " B, expected " + BYTES);
        }
        int p = at + Frame.HEADER_BYTES;
        return new PeerReport(f.getLong(p), f.getLong(p + 8), f.getLong(p + 16),
                new Rusage(f.getLong(p + 24), f.getLong(p + 32), f.getLong(p + 40), f.getLong(p + 48)),
                f.getLong(p + 56));
    }
}
