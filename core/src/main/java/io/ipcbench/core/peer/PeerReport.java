package io.ipcbench.core.peer;

import io.ipcbench.core.frame.Frame;
import io.ipcbench.core.frame.VerificationException;
import io.ipcbench.core.nat.Rusage;
import io.ipcbench.core.nat.ThreadWork;

import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;

/**
 * The peer's closing report: what it received and verified, what that cost it, and the kernel work
 * of its measuring thread ({@code work}, null where the peer cannot read its counters). It travels
 * as two frames of at most {@link #BYTES} payload bytes each, REPORT then WORK, so that it never
 * makes a link's largest frame bigger than a small payload's. In load mode the one-way latency
 * histograms the peer recorded ({@code corrected}, {@code uncorrected}) follow as HIST frames.
 */
public record PeerReport(long messages, long payloadBytes, long sequenceSum, Rusage cpu, long allocatedBytes, ThreadWork work,
                         Histogram corrected, Histogram uncorrected) {
    public static final int BYTES = 8 * 8;
    private static final long NONE = -1;

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

    /**
     * Writes the WORK frame at index 0; returns its length. Eight longs: the four I/O counters, the
     * uncounted calls and bytes, both context-switch counts in one and both fault counts in one
     * (voluntary and minor in the high 32 bits); -1 in the first when there is no work to report.
     */
    public int writeWork(ByteBuffer b) {
        Frame.writeHeader(b, 0, Frame.WORK, BYTES, 0, System.nanoTime());
        int at = Frame.HEADER_BYTES;
        ThreadWork w = work;
        if (w == null) {
            for (int i = 0; i < 8; i++) {
                b.putLong(at + 8 * i, NONE);
            }
        } else {
            b.putLong(at, w.readCalls());
            b.putLong(at + 8, w.writeCalls());
            b.putLong(at + 16, w.readBytes());
            b.putLong(at + 24, w.writeBytes());
            b.putLong(at + 32, w.uncountedCalls());
            b.putLong(at + 40, w.uncountedBytes());
            b.putLong(at + 48, pack(w.voluntaryCtxSwitches(), w.involuntaryCtxSwitches()));
            b.putLong(at + 56, pack(w.minorFaults(), w.majorFaults()));
        }
        return Frame.HEADER_BYTES + BYTES;
    }

    public static PeerReport read(ByteBuffer f) throws VerificationException {
        Frame.expectType(f, Frame.REPORT);
        int p = payload(f);
        return new PeerReport(f.getLong(p), f.getLong(p + 8), f.getLong(p + 16),
                new Rusage(f.getLong(p + 24), f.getLong(p + 32), f.getLong(p + 40), f.getLong(p + 48)),
                f.getLong(p + 56), null, null, null);
    }

    /** This report with the work of the WORK frame {@code f}. */
    public PeerReport withWork(ByteBuffer f) throws VerificationException {
        Frame.expectType(f, Frame.WORK);
        int p = payload(f);
        if (f.getLong(p) == NONE) {
            return this;
        }
        long ctx = f.getLong(p + 48);
        long faults = f.getLong(p + 56);
        ThreadWork w = new ThreadWork(f.getLong(p), f.getLong(p + 8), f.getLong(p + 16), f.getLong(p + 24), f.getLong(p + 32),
                f.getLong(p + 40), ctx >>> 32, ctx & LOW, faults >>> 32, faults & LOW);
        return new PeerReport(messages, payloadBytes, sequenceSum, cpu, allocatedBytes, w, corrected, uncorrected);
    }

    /** This report with the load histograms that followed it. */
    public PeerReport withLatency(Histogram correctedNs, Histogram uncorrectedNs) {
        return new PeerReport(messages, payloadBytes, sequenceSum, cpu, allocatedBytes, work, correctedNs, uncorrectedNs);
    }

    private static final long LOW = 0xffff_ffffL;

    /** Two counts in one long, each capped at 2^32 - 1 (a measured phase sees far fewer). */
    private static long pack(long high, long low) {
        return (Math.min(high, LOW) << 32) | Math.min(low, LOW);
    }

    private static int payload(ByteBuffer f) throws VerificationException {
        int at = f.position();
        if (Frame.payloadLength(f, at) != BYTES) {
            throw new VerificationException("peer " + Frame.typeName(Frame.type(f, at)) + " has "
                    + Frame.payloadLength(f, at) + " B, expected " + BYTES);
        }
        return at + Frame.HEADER_BYTES;
    }
}
