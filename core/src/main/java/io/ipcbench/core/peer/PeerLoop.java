package io.ipcbench.core.peer;

import io.ipcbench.core.frame.Buffers;
import io.ipcbench.core.frame.Frame;
import io.ipcbench.core.frame.Pattern;
import io.ipcbench.core.frame.Sequence;
import io.ipcbench.core.frame.VerificationException;
import io.ipcbench.core.load.HistogramFrames;
import io.ipcbench.core.nat.Rusage;
import io.ipcbench.core.nat.ThreadWork;
import io.ipcbench.core.rig.Mode;
import io.ipcbench.core.spi.Link;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The peer's side of the one protocol, for every transport and mode:
 *
 * <pre>
 *  peer -> READY
 *  DATA  -> check the sequence; in rtt mode send it straight back; verify every payload byte
 *           (after the echo, so the check is off the round trip's critical path, like the
 *           driver's; the bytes checked are this side's own copy, the ones it echoed)
 *           load mode: record the one-way latency from the intended send time (corrected) and
 *           from the actual one (uncorrected, the intended time plus the lag the frame carries)
 *  SYNC  -> SYNC_ACK (sequence 1: measurement starts, counters and CPU reset)
 *  END   -> REPORT {messages, bytes, sequence sum, CPU, allocation}, WORK {kernel counters},
 *           load mode: HIST corrected, HIST uncorrected; return
 * </pre>
 *
 * Allocates nothing per message.
 */
public final class PeerLoop {
    /** The longest one-way latency a load histogram holds; longer ones are recorded as this. */
    public static final long LOAD_HISTOGRAM_MAX_NS = TimeUnit.MINUTES.toNanos(1);

    private final Link link;
    private final Mode mode;
    private final Pattern pattern;
    private final int rusageWho;
    private final Progress progress;

    public PeerLoop(Link link, Mode mode, int payloadBytes, int rusageWho, Progress progress) {
        this.link = link;
        this.mode = mode;
        this.pattern = new Pattern(payloadBytes);
        this.rusageWho = rusageWho;
        this.progress = progress;
    }

    public void run() throws IOException {
        ByteBuffer out = Buffers.direct(Frame.HEADER_BYTES + PeerReport.BYTES);
        ByteBuffer empty = Buffers.direct(0);
        Frame.writeHeader(out, 0, Frame.READY, 0, 0, System.nanoTime());
        out.limit(Frame.HEADER_BYTES);
        link.send(out, empty);

        boolean echo = mode == Mode.RTT;
        boolean load = mode == Mode.LOAD;
        Histogram corrected = load ? new Histogram(LOAD_HISTOGRAM_MAX_NS, 3) : null;
        Histogram uncorrected = load ? new Histogram(LOAD_HISTOGRAM_MAX_NS, 3) : null;
        long expected = 0;
        long messages = 0;
        long sequenceSum = 0;
        Rusage cpuAtStart = Rusage.now(rusageWho);
        long allocAtStart = Allocation.currentThreadBytes();
        ThreadWork.Meter work = new ThreadWork.Meter();
        while (true) {
            ByteBuffer f = link.receive();
            long arrived = load ? System.nanoTime() : 0;
            int at = f.position();
            int type = Frame.type(f, at);
            long seq = Frame.sequence(f, at);
            if (type == Frame.DATA) {
                if (load) {
                    long late = arrived - Frame.sendTimeNs(f, at);
                    corrected.recordValue(clamp(late));
                    uncorrected.recordValue(clamp(late - Frame.lagNs(seq)));
                    seq &= Frame.SEQUENCE_MASK;
                }
                Sequence.expect(expected, seq);
                if (echo) {
                    link.send(f, empty);
                }
                pattern.verify(f, seq);
                expected++;
                messages++;
                sequenceSum += seq;
            } else if (type == Frame.SYNC) {
                if (seq == 1) {
                    messages = 0;
                    sequenceSum = 0;
                    cpuAtStart = Rusage.now(rusageWho);
                    allocAtStart = Allocation.currentThreadBytes();
                    work.start(link.uncountedCalls(), link.uncountedBytes());
                    if (load) {
                        corrected.reset();
                        uncorrected.reset();
                    }
                }
                out.clear();
                Frame.writeHeader(out, 0, Frame.SYNC_ACK, 0, seq, System.nanoTime());
                out.limit(Frame.HEADER_BYTES);
                link.send(out, empty);
            } else if (type == Frame.END) {
                ThreadWork done = work.stop(link.uncountedCalls(), link.uncountedBytes());
                long allocated = Allocation.currentThreadBytes() - allocAtStart;
                Rusage cpu = Rusage.now(rusageWho).minus(cpuAtStart);
                PeerReport report = new PeerReport(messages, messages * pattern.length(), sequenceSum, cpu, allocated, done, null, null);
                out.clear();
                out.limit(report.write(out));
                link.send(out, empty);
                out.clear();
                out.limit(report.writeWork(out));
                link.send(out, empty);
                if (load) {
                    HistogramFrames.send(link, out, empty, corrected);
                    HistogramFrames.send(link, out, empty, uncorrected);
                }
                return;
            } else {
                throw new VerificationException("peer got an unexpected " + Frame.typeName(type) + " message");
            }
            progress.tick();
        }
    }

    private static long clamp(long ns) {
        return Math.max(0, Math.min(ns, LOAD_HISTOGRAM_MAX_NS));
    }
}
