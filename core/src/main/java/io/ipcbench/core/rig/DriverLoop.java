package io.ipcbench.core.rig;

import io.ipcbench.core.frame.Buffers;
import io.ipcbench.core.frame.Frame;
import io.ipcbench.core.frame.Pattern;
import io.ipcbench.core.frame.Sequence;
import io.ipcbench.core.load.HistogramFrames;
import io.ipcbench.core.load.Schedule;
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
    private final boolean load;
    private final ByteBuffer head = Buffers.direct(Frame.HEADER_BYTES);
    private final ByteBuffer empty = Buffers.direct(0);
    private long nextSequence;
    private long lateSends;
    private long worstLagNs;
    private long dueMessages;
    private long clockMarginNs = Long.MAX_VALUE;

    /** How far the peer's clock may seem to lie outside the driver's sync round trip before a load run is refused. */
    static final long CLOCK_TOLERANCE_NS = 20_000;

    DriverLoop(Link link, Mode mode, int payloadBytes, Progress progress) {
        this.link = link;
        this.load = mode == Mode.LOAD;
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

    /**
     * Load messages on {@code schedule}: busy-waits for each one's intended time (a sleep is far
     * too coarse at these rates), stamps the frame with that time and with how late it is
     * actually sent, and counts the sends later than one interval.
     */
    void loadChunk(Schedule schedule, int n) throws IOException {
        long lateAfter = schedule.lateAfterNs();
        for (int i = 0; i < n; i++) {
            long intended = schedule.next();
            long now = System.nanoTime();
            while (now - intended < 0) {
                Thread.onSpinWait();
                now = System.nanoTime();
            }
            long lag = now - intended;
            if (lag > lateAfter) {
                lateSends++;
            }
            if (lag > worstLagNs) {
                worstLagNs = lag;
            }
            long seq = nextSequence++;
            ByteBuffer body = pattern.window(seq);
            Frame.writeHeader(head, 0, Frame.DATA, payloadBytes, Frame.withLag(seq, lag), intended);
            link.send(head, body);
            progress.tick();
        }
    }

    /** Sends later than one interval since the last {@link #driveLoad}. */
    long lateSends() {
        return lateSends;
    }

    /** The latest send since the last {@link #driveLoad}, in ns after its intended time. */
    long worstLagNs() {
        return worstLagNs;
    }

    /**
     * The messages the schedule had due by the end of the last {@link #driveLoad} (sent or not):
     * what the sent count is judged against, so Poisson arrivals, whose count in a fixed time
     * varies, are not called saturated by chance.
     */
    long dueMessages() {
        return dueMessages;
    }

    /** The smallest margin by which the peer's clock fell inside the driver's sync round trips (load mode). */
    long clockMarginNs() {
        return clockMarginNs;
    }

    /** Like {@link #drive} for load: the schedule starts now; counts late sends afresh. */
    long driveLoad(Schedule schedule, long count, long deadlineNanos) throws IOException {
        lateSends = 0;
        worstLagNs = 0;
        schedule.start(System.nanoTime());
        long done = 0;
        int n = 1;
        while (true) {
            int step = count > 0 ? (int) Math.min(n, count - done) : n;
            long t = System.nanoTime();
            loadChunk(schedule, step);
            done += step;
            long now = System.nanoTime();
            if (count > 0 ? done >= count : now - deadlineNanos >= 0) {
                long due = done;
                while (schedule.next() - now <= 0) {
                    due++;
                }
                dueMessages = due;
                return done;
            }
            n = (int) Math.max(1, Math.min(MAX_CHUNK, step * CHUNK_NANOS / Math.max(1, now - t)));
        }
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
        long sent = System.nanoTime();
        Frame.writeHeader(head, 0, Frame.SYNC, 0, marker, sent);
        link.send(head, empty);
        ByteBuffer ack = link.receive();
        long back = System.nanoTime();
        Frame.expectType(ack, Frame.SYNC_ACK);
        Sequence.expect(marker, Frame.sequence(ack, ack.position()));
        if (load) {
            checkClock(sent, Frame.sendTimeNs(ack, ack.position()), back);
        }
        progress.tick();
    }

    /**
     * One-way latency takes the driver's send time and the peer's receive time from one clock: the
     * peer's stamp on its SYNC_ACK must fall between the driver's send of the SYNC and its receipt
     * of the ack. A peer in another time namespace or on another host fails this.
     */
    private void checkClock(long sent, long peer, long back) throws IOException {
        long margin = Math.min(peer - sent, back - peer);
        clockMarginNs = Math.min(clockMarginNs, margin);
        if (margin < -CLOCK_TOLERANCE_NS) {
            throw new IOException(String.format(java.util.Locale.ROOT,
                    "the peer's clock disagrees with the driver's: its stamp lies %.1f us outside the driver's %.1f us "
                            + "sync round trip; one-way latency needs both processes on one CLOCK_MONOTONIC (same host, same time namespace)",
                    -margin / 1e3, (back - sent) / 1e3));
        }
    }

    PeerReport end() throws IOException {
        Frame.writeHeader(head, 0, Frame.END, 0, 0, System.nanoTime());
        link.send(head, empty);
        PeerReport report = PeerReport.read(link.receive());
        report = report.withWork(link.receive());
        if (load) {
            report = report.withLatency(HistogramFrames.receive(link), HistogramFrames.receive(link));
        }
        progress.tick();
        return report;
    }
}
