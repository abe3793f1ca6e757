package io.ipcbench.core.rig;

import io.ipcbench.core.Closer;
import io.ipcbench.core.frame.Frame;
import io.ipcbench.core.frame.VerificationException;
import io.ipcbench.core.peer.PeerArgs;
import io.ipcbench.core.peer.PeerProcess;
import io.ipcbench.core.peer.PeerReport;
import io.ipcbench.core.peer.PeerStarter;
import io.ipcbench.core.peer.Progress;
import io.ipcbench.core.peer.Watcher;
import io.ipcbench.core.spi.DriverEndpoint;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.WaitStrategy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One driver, one peer, one link: the transport's endpoint is created, the peer started and
 * attached, and the watchdog bounds every wait from then on. {@link Rig} runs each repetition in
 * one session; the JMH benchmarks hold one per trial and call {@link #roundTrip()} or
 * {@link #send()} once per operation. Every failure is turned into a {@link RunFailedException}
 * that says where, what the peer said last and where its log is.
 */
public final class Session implements AutoCloseable {
    private static final long STARTUP_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final String where;
    private final Path log;
    private final long timeoutNanos;
    private final int payloadBytes;
    private final Progress progress = new Progress();
    private DriverEndpoint endpoint;
    private PeerProcess peer;
    private Watcher watchdog;
    private Link link;
    private DriverLoop loop;
    private Map<String, Object> facts = Map.of();
    private long firstSequence;
    private boolean linkClosed;

    private Session(String where, Path log, long timeoutNanos, int payloadBytes) {
        this.where = where;
        this.log = log;
        this.timeoutNanos = timeoutNanos;
        this.payloadBytes = payloadBytes;
    }

    /**
     * Creates the endpoint, starts the peer (its output goes to {@code log}) and waits for its READY.
     *
     * @param where        how failures name this session, e.g. "<transport> block 64 B rtt, repetition 1"
     * @param timeoutNanos the longest silence allowed from the peer once it is attached
     * @param peerCpu      the CPU the peer pins its measuring thread to, -1 for none
     */
    public static Session open(Transport transport, WaitStrategy wait, Mode mode, int payloadBytes, long timeoutNanos,
                               int peerCpu, Map<String, String> options, PeerStarter starter, Path log, String where)
            throws IOException {
        Session s = new Session(where, log, timeoutNanos, payloadBytes);
        try {
            s.start(transport, wait, mode, options, peerCpu, starter);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void start(Transport transport, WaitStrategy wait, Mode mode, Map<String, String> options, int peerCpu,
                       PeerStarter starter)
            throws IOException {
        int frameBytes = Rig.frameBytes(payloadBytes);
        endpoint = transport.create(new LinkOptions(wait, frameBytes, timeoutNanos, options));
        PeerArgs args = new PeerArgs(transport.name(), endpoint.peerSpec(), wait, mode, payloadBytes, frameBytes,
                timeoutNanos, peerCpu, ProcessHandle.current().pid(), options);
        peer = starter.start(transport, endpoint, args, log);
        PeerProcess started = peer;
        // a dead peer ends blocking calls with EOF by itself; a silent one is killed, which does the same
        watchdog = new Watcher("ipcbench-watchdog", 50, progress, Math.max(STARTUP_NANOS, timeoutNanos),
                "the peer (pid " + peer.pid() + ")", started::isAlive, started::isAlive, why -> why,
                why -> {
                    started.kill();
                    return why + ": the peer was killed";
                });
        watchdog.start();
        try {
            link = endpoint.connect(peer, watchdog);
            Frame.expectType(link.receive(), Frame.READY);
            endpoint.peerAttached();
            facts = endpoint.facts();
        } catch (IOException e) {
            throw explain(e);
        }
        watchdog.limit(timeoutNanos);
        loop = new DriverLoop(link, mode, payloadBytes, progress);
    }

    /** What the transport says about the link (sizes, modes, fragments), read once both sides were attached. */
    public Map<String, Object> facts() {
        return facts;
    }

    DriverLoop loop() {
        return loop;
    }

    /** One verified round trip (rtt sessions); returns its time in ns. */
    public long roundTrip() throws IOException {
        try {
            return loop.roundTrip();
        } catch (IOException e) {
            throw explain(e);
        }
    }

    /** One message sent (stream sessions); the peer verifies it. */
    public void send() throws IOException {
        try {
            loop.send();
        } catch (IOException e) {
            throw explain(e);
        }
    }

    /**
     * Waits until the peer has received and verified everything sent so far. With
     * {@code startMeasurement} the peer's counters start again from here, and so does what
     * {@link #finish()} checks.
     */
    public void sync(boolean startMeasurement) throws IOException {
        try {
            loop.sync(startMeasurement);
            if (startMeasurement) {
                firstSequence = loop.nextSequence();
            }
        } catch (IOException e) {
            throw explain(e);
        }
    }

    /** Operations since the last measurement sync (or the start). */
    private long operations() {
        return loop.nextSequence() - firstSequence;
    }

    /**
     * Ends the peer: its report must count exactly the messages sent since the last measurement
     * sync, with the right sequence numbers, and it must then exit with 0.
     */
    public PeerReport finish() throws IOException {
        try {
            long ops = operations();
            PeerReport report = loop.end();
            long expectedSum = ops * firstSequence + ops * (ops - 1) / 2;
            if (report.messages() != ops || report.sequenceSum() != expectedSum || report.payloadBytes() != ops * payloadBytes) {
                throw new VerificationException("the peer reports " + report.messages() + " messages, "
                        + report.payloadBytes() + " B, sequence sum " + report.sequenceSum() + "; the driver sent "
                        + ops + " messages, " + ops * payloadBytes + " B, sequence sum " + expectedSum);
            }
            linkClosed = true;
            link.close();
            OptionalInt code = peer.awaitExit(TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
            if (code.isEmpty() || code.getAsInt() != 0) {
                String words = peer.lastWords();
                throw new IOException("the peer " + (code.isEmpty() ? "did not exit after its report"
                        : "exited with code " + code.getAsInt()) + (words.isEmpty() ? "" : ": " + words));
            }
            if (Files.exists(log) && Files.size(log) == 0) {
                Files.delete(log);
            }
            return report;
        } catch (IOException e) {
            throw explain(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailedException(where + ": interrupted", e);
        }
    }

    /** The exception to throw for {@code e}: where it happened, the peer's last words, its log. */
    RunFailedException explain(IOException e) {
        if (e instanceof RunFailedException r) {
            return r;
        }
        String exit;
        try {
            // A peer that failed closes its link first and prints why just after: give it a moment to
            // say it (and exit) before it is killed, or its last words are lost.
            OptionalInt code = watchdog == null || watchdog.silent() ? OptionalInt.empty() : peer.awaitExit(2_000);
            if (code.isEmpty() && peer != null) {
                peer.kill();
                code = peer.awaitExit(5_000);
            }
            exit = code.isPresent() ? "exited with code " + code.getAsInt() : "did not exit";
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            exit = "state unknown";
        }
        StringBuilder msg = new StringBuilder(where).append(": ");
        if (e instanceof VerificationException) {
            msg.append("verification failed: ");
        }
        msg.append(e.getMessage());
        if (watchdog != null && watchdog.silent()) {
            msg.append(" (the peer made no progress for ").append(watchdog.limitSeconds()).append(" s and was killed)");
        }
        String words = peer == null ? "" : peer.lastWords();
        if (!words.isEmpty() && !msg.toString().contains(words)) {
            msg.append("; peer pid ").append(peer.pid()).append(' ').append(exit).append(": ").append(words);
        }
        msg.append(" [peer log: ").append(log).append(']');
        return new RunFailedException(msg.toString(), e);
    }

    /** Stops the watchdog, closes the link, kills the peer if it still runs, removes the endpoint's objects. */
    @Override
    public void close() throws IOException {
        Closer.all(
                () -> {
                    if (watchdog != null) {
                        watchdog.halt();
                    }
                },
                () -> {
                    if (link != null && !linkClosed) {
                        linkClosed = true;
                        link.close();
                    }
                },
                () -> {
                    if (peer != null) {
                        peer.close();
                    }
                },
                () -> {
                    if (endpoint != null) {
                        endpoint.close();
                    }
                });
    }
}
