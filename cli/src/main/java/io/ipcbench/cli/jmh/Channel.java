package io.ipcbench.cli.jmh;

import io.ipcbench.core.inproc.InProcessTransport;
import io.ipcbench.core.peer.ForkedPeerStarter;
import io.ipcbench.core.peer.PeerStarter;
import io.ipcbench.core.peer.ThreadPeerStarter;
import io.ipcbench.core.rig.Mode;
import io.ipcbench.core.rig.Session;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.WaitStrategy;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One transport link to a peer for a whole JMH trial: the peer JVM starts in
 * {@code @Setup(Level.Trial)} and ends in {@code @TearDown(Level.Trial)}, where its report must
 * count every message the trial sent (each of which it verified byte by byte). Its output goes to
 * a log file, kept only if it says something. It dies with this fork: its watch on the driver's
 * pid halts it. Every wait on either side is bounded by the rig's watchdog, not by JMH's timeout,
 * which only interrupts threads (native calls ignore interrupts).
 *
 * <p>Written once over the SPI: {@code transport} is any name {@link JmhSuite#transports()} finds,
 * {@code all} (expanded by {@code ipcbench jmh}) or {@code in-process}, the baseline whose peer
 * is a thread of this JVM.
 */
@State(Scope.Thread)
public abstract class Channel {
    private static final AtomicInteger TRIALS = new AtomicInteger();

    /** Any transport name, or {@code all}, which {@code ipcbench jmh} expands to every transport that works here. */
    @Param({JmhSuite.ALL})
    public String transport;

    /** Payload bytes per message (the frame adds a 24-byte header). */
    @Param({"64", "4096", "65536"})
    public int size;

    /** The wait strategy; {@code ipcbench jmh} refuses one a transport lacks before anything runs. */
    @Param({"block"})
    public String wait;

    protected Session session;

    abstract Mode mode();

    @Setup(Level.Trial)
    public void open() throws IOException {
        Transport t = JmhSuite.transport(transport);
        WaitStrategy w = WaitStrategy.of(wait);
        JmhSuite.check(t, w, size);
        boolean inProcess = t instanceof InProcessTransport;
        PeerStarter starter = inProcess ? new ThreadPeerStarter() : new ForkedPeerStarter();
        String label = getClass().getSimpleName() + "-" + transport + "-" + wait + "-" + size;
        Path log = JmhSuite.peerLogDir().resolve(label + "-" + ProcessHandle.current().pid() + "-"
                + TRIALS.incrementAndGet() + ".log");
        session = Session.open(t, w, mode(), size, JmhSuite.timeoutNanos(), -1, Map.of(), starter, log,
                "jmh " + transport + " " + wait + " " + size + " B " + mode().id());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        try (Session s = session) {
            if (s != null) {
                s.finish();
            }
        }
    }
}
