package io.ipcbench.core.rig;

import io.ipcbench.core.frame.Frame;
import io.ipcbench.core.nat.Affinity;
import io.ipcbench.core.nat.Posix;
import io.ipcbench.core.nat.Rusage;
import io.ipcbench.core.peer.Allocation;
import io.ipcbench.core.peer.PeerReport;
import io.ipcbench.core.peer.PeerStarter;
import io.ipcbench.core.result.AllocationCost;
import io.ipcbench.core.result.CpuCost;
import io.ipcbench.core.result.LatencyNs;
import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.result.Spread;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.WaitStrategy;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one measurement rig: runs a {@link Case} over any {@link Transport}, each repetition with a
 * fresh peer, and turns the repetitions into one {@link ResultRecord}. It never knows which
 * mechanism it drives.
 */
public final class Rig {
    /** What to measure. */
    public record Case(Transport transport, WaitStrategy waitStrategy, Mode mode, int payloadBytes) {
        public String label() {
            return transport.name() + "-" + waitStrategy.id() + "-" + payloadBytes + "-" + mode.id();
        }
    }

    /** Told of each repetition as it starts, for progress output. */
    public interface Listener {
        void repetition(Case c, int repetition, int of);
    }

    private static final long HISTOGRAM_MAX_NS = TimeUnit.MINUTES.toNanos(1);
    private static final int MIN_WARMUP_PASSES = 10;

    private final RigSettings settings;
    private final PeerStarter starter;
    private final Path runDir;
    private final Listener listener;
    private final int rusageWho;

    public Rig(RigSettings settings, PeerStarter starter, Path runDir, Listener listener) {
        this(settings, starter, runDir, listener, Posix.RUSAGE_SELF);
    }

    /** {@code rusageWho}: RUSAGE_THREAD when the peer is a thread of this process (tests). */
    public Rig(RigSettings settings, PeerStarter starter, Path runDir, Listener listener, int rusageWho) {
        this.settings = settings;
        this.starter = starter;
        this.runDir = runDir;
        this.listener = listener;
        this.rusageWho = rusageWho;
    }

    /** The largest frame a payload needs. */
    public static int frameBytes(int payloadBytes) {
        return Frame.HEADER_BYTES + Math.max(payloadBytes, PeerReport.BYTES);
    }

    public ResultRecord run(Case c) throws IOException {
        List<Repetition> reps = new ArrayList<>();
        for (int r = 1; r <= settings.repetitions(); r++) {
            listener.repetition(c, r, settings.repetitions());
            reps.add(runOnce(c, r));
        }
        return aggregate(c, reps);
    }

    private record Repetition(long operations, long nanos, Histogram histogram, Rusage driverCpu, PeerReport peer,
                              long driverAllocated, Map<String, Object> facts) {
    }

    private Repetition runOnce(Case c, int rep) throws IOException {
        Path log = runDir.resolve("peers").resolve(c.label() + "-rep" + rep + ".log");
        String where = c.transport().name() + " " + c.waitStrategy().id() + " " + c.payloadBytes() + " B " + c.mode().id()
                + ", repetition " + rep;
        try (Session session = Session.open(c.transport(), c.waitStrategy(), c.mode(), c.payloadBytes(),
                settings.timeoutNanos(), settings.pin().peerCpu(), settings.options(), starter, log, where)) {
            return measure(c, session);
        }
    }

    private Repetition measure(Case c, Session session) throws IOException {
        List<Integer> affinity = settings.pin().pinned() ? Affinity.allowedCpus() : List.of();
        if (settings.pin().pinned()) {
            Affinity.pinCurrentThread(settings.pin().driverCpu());
        }
        try {
            DriverLoop loop = session.loop();
            Histogram histogram = c.mode() == Mode.RTT ? new Histogram(HISTOGRAM_MAX_NS, 3) : null;
            try {
                warmUp(loop, histogram);
            } catch (IOException e) {
                throw session.explain(e);
            }
            session.sync(true);
            Rusage cpu0 = Rusage.now(rusageWho);
            long alloc0 = Allocation.currentThreadBytes();
            long t0 = System.nanoTime();
            long ops;
            try {
                ops = loop.drive(histogram, settings.messages(), t0 + settings.durationNanos());
            } catch (IOException e) {
                throw session.explain(e);
            }
            long tEnd = System.nanoTime();
            long allocated = Allocation.currentThreadBytes() - alloc0;
            Rusage cpu = Rusage.now(rusageWho).minus(cpu0);
            PeerReport report = session.finish();
            long t1 = c.mode() == Mode.STREAM ? System.nanoTime() : tEnd;
            return new Repetition(ops, t1 - t0, histogram, cpu, report, allocated, session.facts());
        } finally {
            if (settings.pin().pinned()) {
                Affinity.setCurrentThread(affinity);
            }
        }
    }

    private void warmUp(DriverLoop loop, Histogram histogram) throws IOException {
        long deadline = System.nanoTime() + settings.warmupNanos();
        long slice = Math.max(1, settings.warmupNanos() / MIN_WARMUP_PASSES);
        for (int pass = 0; pass < MIN_WARMUP_PASSES || System.nanoTime() - deadline < 0; pass++) {
            // the stream's "pipe full" path deoptimises when streaming starts: several passes, each synced
            loop.drive(histogram, settings.warmupNanos() == 0 ? 1 : 0, System.nanoTime() + slice);
            loop.sync(false);
        }
        if (histogram != null) {
            histogram.reset();
        }
    }

    private ResultRecord aggregate(Case c, List<Repetition> reps) throws IOException {
        long ops = 0;
        Rusage driver = Rusage.ZERO;
        Rusage peer = Rusage.ZERO;
        long driverAlloc = 0;
        long peerAlloc = 0;
        List<Double> perRep = new ArrayList<>();
        Histogram merged = c.mode() == Mode.RTT ? new Histogram(HISTOGRAM_MAX_NS, 3) : null;
        for (Repetition r : reps) {
            ops += r.operations();
            driver = driver.plus(r.driverCpu());
            peer = peer.plus(r.peer().cpu());
            driverAlloc += r.driverAllocated();
            peerAlloc += r.peer().allocatedBytes();
            if (merged != null) {
                merged.add(r.histogram());
                perRep.add((double) r.histogram().getValueAtPercentile(50));
            } else {
                perRep.add(r.operations() * 1e9 / r.nanos());
            }
        }
        double n = ops;
        String per = c.mode() == Mode.RTT ? "round trip" : "message";
        CpuCost cpu = new CpuCost(per, driver.userNs() / n, driver.systemNs() / n, peer.userNs() / n, peer.systemNs() / n,
                driver.voluntaryCtxSwitches() / n, driver.involuntaryCtxSwitches() / n,
                peer.voluntaryCtxSwitches() / n, peer.involuntaryCtxSwitches() / n);
        AllocationCost alloc = new AllocationCost(driverAlloc / n, peerAlloc / n);
        Map<String, Object> facts = new LinkedHashMap<>(reps.get(0).facts());
        int fragments = facts.get("fragments") instanceof Number f ? f.intValue() : 1;
        String pinning = settings.pin().describe();
        if (merged != null) {
            String hlog = writeHistogramLog(c, reps);
            return new ResultRecord(c.transport().name(), c.waitStrategy().id(), c.mode().id(), c.payloadBytes(),
                    Frame.HEADER_BYTES + c.payloadBytes(), fragments, ops, ops, reps.size(), LatencyNs.of(merged),
                    null, null, cpu, alloc, Spread.of("p50Ns", perRep), pinning, facts, hlog);
        }
        Spread spread = Spread.of("msgsPerSec", perRep);
        return new ResultRecord(c.transport().name(), c.waitStrategy().id(), c.mode().id(), c.payloadBytes(),
                Frame.HEADER_BYTES + c.payloadBytes(), fragments, ops, ops, reps.size(), null,
                round1(spread.median()), round1(spread.median() * c.payloadBytes()), cpu, alloc, spread, pinning, facts, null);
    }

    /** One HdrHistogram log per rtt result, one interval per repetition; written under a temporary name, then renamed. */
    private String writeHistogramLog(Case c, List<Repetition> reps) throws IOException {
        Path dir = runDir.resolve("histograms");
        Files.createDirectories(dir);
        Path file = dir.resolve(c.label() + ".hlog");
        Path tmp = dir.resolve(c.label() + ".hlog.tmp");
        try (PrintStream out = new PrintStream(Files.newOutputStream(tmp), false, "UTF-8")) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputComment("ipcbench " + c.label() + ": round-trip times in ns, one interval per repetition");
            writer.outputLogFormatVersion();
            writer.outputLegend();
            double start = 0;
            for (Repetition r : reps) {
                r.histogram().setStartTimeStamp(0);
                double seconds = r.nanos() / 1e9;
                writer.outputIntervalHistogram(start, start + seconds, r.histogram(), 1.0);
                start += seconds;
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return runDir.relativize(file).toString();
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
