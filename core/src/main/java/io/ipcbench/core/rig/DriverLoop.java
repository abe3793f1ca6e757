package io.ipcbench.core.rig;

import io.ipcbench.core.frame.Buffers;
import io.ipcbench.core.frame.Frame;
import io.ipcbench.core.frame.Pattern;
import io.ipcbench.core.frame.Sequence;
import io.ipcbench.core.peer.PeerReport;
import io.ipcbench.core.peer.Progress;
import io.ipcbench.core.spi.Link;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The driver's side of the protocol (see {@link io.ipcbench.core.peer.PeerLoop}). Warm-up and
 * measurement run the very same chunk methods, in short chunks, so the measured loop starts
 * compiled rather than interpreted or on-stack-replaced. Nothing here allocates per message:
 * the header is one direct buffer and the payload is sent straight from the {@link Pattern}.
 */
final class DriverLoop {
    /** Aim for chunks of about this long, so deadlines are checked often but cheaply. */
    private static final long CHUNK_NANOS = 5_000_000;
    private static final int MAX_CHUNK = 100_000;

    private final Link link;
    private final Pattern pattern;
    private final Progress progress;
    private final int payloadBytes;
    private final ByteBuffer head = Buffers.direct(Frame.HEADER_BYTES);
    private final ByteBuffer empty = Buffers.direct(0);
    private long nextSequence;

    DriverLoop(Link link, int payloadBytes, Progress progress) {
        this.link = link;
        this.payloadBytes = payloadBytes;
        this.pattern = new Pattern(payloadBytes);
        this.progress = progress;
    }

    /** The link's system calls that the kernel's read and write counts do not see. */
    long uncountedCalls() {
        return link.uncountedCalls();
    }

    long uncountedBytes() {
        return link.uncountedBytes();
    }

    long nextSequence() {
        return nextSequence;
    }

    /** One round trip: send, receive the echo, then verify the echo (outside the timed part); returns its time in ns. */
    long roundTrip() throws IOException {
        long seq = nextSequence++;
        ByteBuffer body = pattern.window(seq);
        long t0 = System.nanoTime();
        Frame.writeHeader(head, 0, Frame.DATA, payloadBytes, seq, t0);
        link.send(head, body);
        ByteBuffer echo = link.receive();
        long t1 = System.nanoTime();
        int at = echo.position();
        if (Frame.type(echo, at) != Frame.DATA) {
            Frame.expectType(echo, Frame.DATA);
        }
        Sequence.expect(seq, Frame.sequence(echo, at));
        pattern.verify(echo, seq);
        progress.tick();
        return t1 - t0;
    }

    /**
     * One one-way message. Its header carries no send time: nothing reads the time of a stream
     * message, and reading the clock was a large share of a small message's cost.
     */
    void send() throws IOException {
        long seq = nextSequence++;
        ByteBuffer body = pattern.window(seq);
        Frame.writeHeader(head, 0, Frame.DATA, payloadBytes, seq, Frame.NO_TIME);
        link.send(head, body);
        progress.tick();
    }

    /** Round trips, each recorded. */
    void rttChunk(Histogram histogram, int n) throws IOException {
        long highest = histogram.getHighestTrackableValue();
        for (int i = 0; i < n; i++) {
            histogram.recordValue(Math.min(roundTrip(), highest));
        }
    }

    /** One-way messages, back to back. */
    void streamChunk(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            send();
        }
    }

    /**
     * Runs chunks until {@code count} operations are done (if > 0) or the deadline passes;
     * {@code histogram} null means stream mode. Returns the operations done.
     */
    long drive(Histogram histogram, long count, long deadlineNanos) throws IOException {
        long done = 0;
        int n = 1;
        while (true) {
            int step = count > 0 ? (int) Math.min(n, count - done) : n;
            long t = System.nanoTime();
            if (histogram != null) {
                rttChunk(histogram, step);
            } else {
                streamChunk(step);
            }
            done += step;
            long now = System.nanoTime();
            if (count > 0 ? done >= count : now - deadlineNanos >= 0) {
                return done;
            }
            n = (int) Math.max(1, Math.min(MAX_CHUNK, step * CHUNK_NANOS / Math.max(1, now - t)));
        }
    }

    /** A sync point: every earlier message has been received and verified by the peer when it returns. */
    void sync(boolean startMeasurement) throws IOException {
        long marker = startMeasurement ? 1 : 0;
        Frame.writeHeader(head, 0, Frame.SYNC, 0, marker, System.nanoTime());
        link.send(head, empty);
        ByteBuffer ack = link.receive();
        Frame.expectType(ack, Frame.SYNC_ACK);
        Sequence.expect(marker, Frame.sequence(ack, ack.position()));
        progress.tick();
    }

    PeerReport end() throws IOException {
        Frame.writeHeader(head, 0, Frame.END, 0, 0, System.nanoTime());
        link.send(head, empty);
        PeerReport report = PeerReport.read(link.receive());
        report = report.withWork(link.receive());
        progress.tick();
        return report;
    }
}
