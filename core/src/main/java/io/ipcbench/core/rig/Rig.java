package io.ipcbench.core.rig;

import io.ipcbench.core.Ids;
import io.ipcbench.core.frame.Frame;
import io.ipcbench.core.load.Load;
import io.ipcbench.core.load.Schedule;
import io.ipcbench.core.peer.PeerLoop;
import io.ipcbench.core.nat.Affinity;
import io.ipcbench.core.nat.Posix;
import io.ipcbench.core.nat.Rusage;
import io.ipcbench.core.nat.ThreadWork;
import io.ipcbench.core.peer.Allocation;
import io.ipcbench.core.peer.PeerReport;
import io.ipcbench.core.peer.PeerStarter;
import io.ipcbench.core.result.AllocationCost;
import io.ipcbench.core.result.CpuCost;
import io.ipcbench.core.result.HostState;
import io.ipcbench.core.result.LatencyNs;
import io.ipcbench.core.result.LoadResult;
import io.ipcbench.core.result.RepetitionRecord;
import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.result.Slices;
import io.ipcbench.core.result.Spread;
import io.ipcbench.core.result.WorkCost;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.WaitStrategy;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The one measurement rig: runs {@link Case}s over any {@link Transport}, each repetition with a
 * fresh peer and a host probe just before it, and turns each case's repetitions into one
 * {@link ResultRecord}. By default the repetitions are interleaved: round 1 of every case in a
 * shuffled order, then round 2 in another, so a host that drifts for minutes spreads its drift
 * over every case instead of biasing one. It never knows which mechanism it drives.
 */
public final class Rig {
    /** What to measure. */
    public record Case(Transport transport, WaitStrategy waitStrategy, Mode mode, int payloadBytes, Load load) {
        public Case {
            if ((mode == Mode.LOAD) != (load != null)) {
                throw new IllegalArgumentException("a load case needs a load, and only a load case has one");
            }
        }

        public Case(Transport transport, WaitStrategy waitStrategy, Mode mode, int payloadBytes) {
            this(transport, waitStrategy, mode, payloadBytes, null);
        }

        public String label() {
            return transport.name() + "-" + waitStrategy.id() + "-" + payloadBytes + "-" + mode.id()
                    + (load == null ? "" : "-" + load.rateLabel());
        }

        /** The mode as messages name it: rtt, stream, or load 10k/s. */
        public String modeLabel() {
            return load == null ? mode.id() : load.caseMode();
        }
    }

    /** Told of each repetition as it starts, for progress output. */
    public interface Listener {
        void repetition(Case c, int repetition, int of);

        /** Called on the driver's thread just before a repetition's measured phase starts (after warm-up). */
        default void measuring(Case c, int repetition) {
        }
    }

    private static final long HISTOGRAM_MAX_NS = TimeUnit.MINUTES.toNanos(1);
    private static final int MIN_WARMUP_PASSES = 10;
    /** Each repetition's measured time (or count) runs in this many equal parts, each part's p50 or msgs/s kept ({@link Slices}). */
    static final int SLICES = 8;

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

    /** How the repetitions of several cases are ordered. */
    public enum Order {
        /** Round r of every case, the cases shuffled anew in each round (seeded). */
        INTERLEAVED,
        /** Every repetition of a case, then the next case. */
        SEQUENTIAL;

        public String id() {
            return Ids.id(this);
        }

        public static Order of(String id) {
            return Ids.of(Order.class, id, "order");
        }
    }

    /** One case, all its repetitions back to back. */
    public ResultRecord run(Case c) throws IOException {
        return runAll(List.of(c), Order.SEQUENTIAL, 0).get(0);
    }

    /** Every case, its repetitions in {@code order} ({@code seed} shuffles interleaved rounds); results in case order. */
    public List<ResultRecord> runAll(List<Case> cases, Order order, long seed) throws IOException {
        List<List<Repetition>> reps = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            reps.add(new ArrayList<>());
        }
        int runIndex = 0;
        for (int[] slot : schedule(cases.size(), settings.repetitions(), order, seed)) {
            Case c = cases.get(slot[0]);
            listener.repetition(c, slot[1], settings.repetitions());
            reps.get(slot[0]).add(runOnce(c, slot[1], runIndex++));
        }
        List<ResultRecord> out = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            out.add(aggregate(cases.get(i), reps.get(i)));
        }
        return out;
    }

    /** The run's order as (case index, repetition) pairs. */
    static List<int[]> schedule(int cases, int repetitions, Order order, long seed) {
        List<int[]> slots = new ArrayList<>();
        if (order == Order.SEQUENTIAL) {
            for (int c = 0; c < cases; c++) {
                for (int r = 1; r <= repetitions; r++) {
                    slots.add(new int[] {c, r});
                }
            }
            return slots;
        }
        Random random = new Random(seed);
        List<Integer> round = new ArrayList<>();
        for (int c = 0; c < cases; c++) {
            round.add(c);
        }
        for (int r = 1; r <= repetitions; r++) {
            Collections.shuffle(round, random);
            for (int c : round) {
                slots.add(new int[] {c, r});
            }
        }
        return slots;
    }

    private record Repetition(int repetition, int runIndex, Instant startedAt, HostState host, long warmupOperations,
                              long warmupNanos, long operations, long nanos, Histogram histogram, Rusage driverCpu, ThreadWork driverWork,
                              PeerReport peer, long driverAllocated, Map<String, Object> facts, LoadRep load, Slices slices) {
    }

    /** A load repetition's own figures: the peer's two histograms, late sends, worst lag. */
    private record LoadRep(Histogram corrected, Histogram uncorrected, long lateSends, long lateAfterNs, long worstLagNs,
                           long dueMessages) {
    }

    private Repetition runOnce(Case c, int rep, int runIndex) throws IOException {
        HostState host = HostProbe.measure(settings.pin());
        Instant startedAt = Instant.now();
        Path log = runDir.resolve("peers").resolve(c.label() + "-rep" + rep + ".log");
        String where = c.transport().name() + " " + c.waitStrategy().id() + " " + c.payloadBytes() + " B " + c.modeLabel()
                + ", repetition " + rep;
        try (Session session = Session.open(c.transport(), c.waitStrategy(), c.mode(), c.payloadBytes(),
                settings.timeoutNanos(), settings.pin().peerCpu(), settings.options(), starter, log, where)) {
            Measured m = measure(c, rep, session);
            return new Repetition(rep, runIndex, startedAt, host, m.warmupOperations(), m.warmupNanos(), m.operations(), m.nanos(),
                    m.histogram(), m.driverCpu(), m.driverWork(), m.peer(), m.driverAllocated(), m.facts(), m.load(), m.slices());
        }
    }

    private record Measured(long warmupOperations, long warmupNanos, long operations, long nanos, Histogram histogram, Rusage driverCpu,
                            ThreadWork driverWork, PeerReport peer, long driverAllocated, Map<String, Object> facts, LoadRep load,
                            Slices slices) {
    }

    private Measured measure(Case c, int rep, Session session) throws IOException {
        List<Integer> affinity = settings.pin().pinned() ? Affinity.allowedCpus() : List.of();
        if (settings.pin().pinned()) {
            Affinity.pinCurrentThread(settings.pin().driverCpu());
        }
        try {
            DriverLoop loop = session.loop();
            Histogram histogram = c.mode() == Mode.RTT ? new Histogram(HISTOGRAM_MAX_NS, 3) : null;
            Schedule schedule = c.load() == null ? null : c.load().schedule();
            long warmupOps;
            long w0 = System.nanoTime();
            try {
                warmupOps = warmUp(loop, histogram, schedule);
            } catch (IOException e) {
                throw session.explain(e);
            }
            long warmupNs = System.nanoTime() - w0;
            session.sync(true);
            Parts parts = schedule == null ? new Parts(histogram != null, settings.messages()) : null;
            listener.measuring(c, rep);
            ThreadWork.Meter work = new ThreadWork.Meter();
            work.start(loop.uncountedCalls(), loop.uncountedBytes());
            Rusage cpu0 = Rusage.now(rusageWho);
            long alloc0 = Allocation.currentThreadBytes();
            long t0 = System.nanoTime();
            long ops;
            try {
                ops = schedule != null ? loop.driveLoad(schedule, settings.messages(), t0 + settings.durationNanos())
                        : parts.drive(loop, t0, settings.durationNanos());
            } catch (IOException e) {
                throw session.explain(e);
            }
            long tEnd = System.nanoTime();
            long allocated = Allocation.currentThreadBytes() - alloc0;
            Rusage cpu = Rusage.now(rusageWho).minus(cpu0);
            ThreadWork driverWork = work.stop(loop.uncountedCalls(), loop.uncountedBytes());
            PeerReport report = session.finish();
            long t1 = c.mode() == Mode.STREAM ? System.nanoTime() : tEnd;
            LoadRep load = schedule == null ? null
                    : new LoadRep(report.corrected(), report.uncorrected(), loop.lateSends(), schedule.lateAfterNs(), loop.worstLagNs(),
                    loop.dueMessages());
            Slices slices = parts == null ? null : parts.finish(histogram);
            return new Measured(warmupOps, warmupNs, ops, t1 - t0, histogram, cpu, driverWork, report, allocated, session.facts(), load,
                    slices);
        } finally {
            if (settings.pin().pinned()) {
                Affinity.setCurrentThread(affinity);
            }
        }
    }

    /**
     * A repetition's measurement in {@link #SLICES} equal parts of its time (or of its count), each
     * rtt part recorded into its own histogram: a host that changes state mid-repetition shows as a
     * step between the parts' p50s. Everything is allocated before the measurement; the parts are
     * merged into the repetition's histogram after it, so a round trip is recorded once, as before.
     */
    private static final class Parts {
        private final long messages;
        private final Histogram[] histograms;
        private final long[] ops;
        private final long[] nanos;

        Parts(boolean rtt, long messages) {
            this.messages = messages;
            int n = messages > 0 ? (int) Math.min(SLICES, messages) : SLICES;
            ops = new long[n];
            nanos = new long[n];
            histograms = rtt ? new Histogram[n] : null;
            for (int i = 0; rtt && i < n; i++) {
                histograms[i] = new Histogram(HISTOGRAM_MAX_NS, 3);
            }
        }

        /** Runs every part; part i ends at its share of the count, or at t0 + (i + 1) / n of the duration. */
        long drive(DriverLoop loop, long t0, long durationNanos) throws IOException {
            int n = ops.length;
            long done = 0;
            long start = t0;
            for (int i = 0; i < n; i++) {
                long count = messages > 0 ? messages * (i + 1) / n - messages * i / n : 0;
                ops[i] = loop.drive(histograms == null ? null : histograms[i], count, t0 + durationNanos * (i + 1) / n);
                long end = System.nanoTime();
                nanos[i] = end - start;
                start = end;
                done += ops[i];
            }
            return done;
        }

        /** Adds the rtt parts to {@code total} and returns each part's p50 in ns (rtt) or msgs/s (stream). */
        Slices finish(Histogram total) {
            double[] values = new double[ops.length];
            for (int i = 0; i < ops.length; i++) {
                if (histograms != null) {
                    total.add(histograms[i]);
                    values[i] = histograms[i].getValueAtPercentile(50);
                } else {
                    values[i] = round1(ops[i] * 1e9 / Math.max(1, nanos[i]));
                }
            }
            return Slices.of(ops, values);
        }
    }

    /**
     * Warms up for the settings' time and, past it, until {@code warmupOps} operations are done (for
     * at most {@link RigSettings#extraWarmupNanos()} more): a slow case would otherwise be
     * measured while the JIT still compiles its per-message code. Load mode paces its operations at
     * the offered rate, so its warm-up stays a time. Returns the operations done.
     */
    private long warmUp(DriverLoop loop, Histogram histogram, Schedule schedule) throws IOException {
        long deadline = System.nanoTime() + settings.warmupNanos();
        long cap = deadline + settings.extraWarmupNanos();
        long wanted = schedule == null ? settings.warmupOps() : 0;
        long slice = Math.max(1, settings.warmupNanos() / MIN_WARMUP_PASSES);
        long ops = 0;
        for (int pass = 0; pass < MIN_WARMUP_PASSES || warmingUp(deadline, cap, ops, wanted); pass++) {
            // the stream's "buffer full" path deoptimises when streaming starts: several passes, each synced
            long count = settings.warmupNanos() == 0 ? 1 : 0;
            if (schedule != null) {
                ops += loop.driveLoad(schedule, count, System.nanoTime() + slice);
            } else {
                ops += loop.drive(histogram, count, System.nanoTime() + slice);
            }
            loop.sync(false);
        }
        if (histogram != null) {
            histogram.reset();
        }
        return ops;
    }

    private static boolean warmingUp(long deadline, long cap, long ops, long wanted) {
        long now = System.nanoTime();
        return now - deadline < 0 || (ops < wanted && now - cap < 0);
    }

    /** What every mode sums over its repetitions: operations, CPU, allocation, kernel work, each repetition's record. */
    private static final class Costs {
        private final String per;
        long ops;
        private Rusage driver = Rusage.ZERO;
        private Rusage peer = Rusage.ZERO;
        private long driverAlloc;
        private long peerAlloc;
        private ThreadWork driverWork = ThreadWork.ZERO;
        private ThreadWork peerWork = ThreadWork.ZERO;
        private boolean worked = true;
        final List<Double> perRep = new ArrayList<>();
        final List<RepetitionRecord> details = new ArrayList<>();

        Costs(String per) {
            this.per = per;
        }

        /** Adds {@code r}, whose own metric (p50 or msgs/s) is {@code value}. */
        void add(Repetition r, double value) {
            ops += r.operations();
            driver = driver.plus(r.driverCpu());
            peer = peer.plus(r.peer().cpu());
            driverAlloc += r.driverAllocated();
            peerAlloc += r.peer().allocatedBytes();
            perRep.add(value);
            if (r.driverWork() != null && r.peer().work() != null) {
                driverWork = driverWork.plus(r.driverWork());
                peerWork = peerWork.plus(r.peer().work());
            } else {
                worked = false;
            }
            details.add(new RepetitionRecord(r.repetition(), r.runIndex(), r.startedAt().toString(), r.warmupOperations(),
                    r.warmupNanos(), r.operations(), value, r.host(), WorkCost.of(per, r.driverWork(), r.peer().work(), r.operations()), r.slices()));
        }

        WorkCost work() {
            return worked ? WorkCost.of(per, driverWork, peerWork, ops) : null;
        }

        CpuCost cpu() {
            double n = ops;
            return new CpuCost(per, driver.userNs() / n, driver.systemNs() / n, peer.userNs() / n, peer.systemNs() / n,
                    driver.voluntaryCtxSwitches() / n, driver.involuntaryCtxSwitches() / n,
                    peer.voluntaryCtxSwitches() / n, peer.involuntaryCtxSwitches() / n);
        }

        AllocationCost allocation() {
            return new AllocationCost(driverAlloc / (double) ops, peerAlloc / (double) ops);
        }
    }

    private ResultRecord aggregate(Case c, List<Repetition> reps) throws IOException {
        if (c.load() != null) {
            return aggregateLoad(c, reps);
        }
        Costs costs = new Costs(c.mode() == Mode.RTT ? "round trip" : "message");
        Histogram merged = c.mode() == Mode.RTT ? new Histogram(HISTOGRAM_MAX_NS, 3) : null;
        for (Repetition r : reps) {
            if (merged != null) {
                merged.add(r.histogram());
                costs.add(r, r.histogram().getValueAtPercentile(50));
            } else {
                costs.add(r, round1(r.operations() * 1e9 / r.nanos()));
            }
        }
        long ops = costs.ops;
        if (merged != null) {
            return record(c, reps, ops, LatencyNs.of(merged), null, null, costs, Spread.of("p50Ns", costs.perRep),
                    writeHistogramLog(c, reps), null);
        }
        Spread spread = Spread.of("msgsPerSec", costs.perRep);
        return record(c, reps, ops, null, round1(spread.median()), round1(spread.median() * c.payloadBytes()), costs, spread, null,
                null);
    }

    private ResultRecord record(Case c, List<Repetition> reps, long ops, LatencyNs latency, Double msgs, Double bytes, Costs costs,
                                Spread spread, String hlog, LoadResult load) {
        Map<String, Object> facts = new LinkedHashMap<>(reps.get(0).facts());
        int fragments = facts.get("fragments") instanceof Number f ? f.intValue() : 1;
        return new ResultRecord(c.transport().name(), c.transport().family().id(), c.waitStrategy().id(), c.mode().id(),
                c.payloadBytes(), Frame.HEADER_BYTES + c.payloadBytes(), fragments, ops, ops, reps.size(), latency, msgs, bytes,
                costs.cpu(), costs.work(), costs.allocation(), spread, settings.pin().describe(), facts, hlog, costs.details, load);
    }

    /**
     * A load case: the corrected latencies become the result's latency (so compare, history and
     * ab judge them like a round trip's), the uncorrected ones and the rates go in {@code load}.
     */
    private ResultRecord aggregateLoad(Case c, List<Repetition> reps) throws IOException {
        Histogram corrected = new Histogram(PeerLoop.LOAD_HISTOGRAM_MAX_NS, 3);
        Histogram uncorrected = new Histogram(PeerLoop.LOAD_HISTOGRAM_MAX_NS, 3);
        Costs costs = new Costs("message");
        long nanos = 0;
        long late = 0;
        long worst = 0;
        long due = 0;
        List<Double> repP99 = new ArrayList<>();
        for (Repetition r : reps) {
            repP99.add((double) r.load().corrected().getValueAtPercentile(99));
            corrected.add(r.load().corrected());
            uncorrected.add(r.load().uncorrected());
            nanos += r.nanos();
            late += r.load().lateSends();
            due += r.load().dueMessages();
            worst = Math.max(worst, r.load().worstLagNs());
            costs.add(r, r.load().corrected().getValueAtPercentile(50));
        }
        long ops = costs.ops;
        Load load = c.load();
        double achieved = round1(ops * 1e9 / Math.max(1, nanos));
        String log = writeHistogramLog(c, reps, "", r -> r.load().corrected(),
                "one-way latency in ns from each message's intended send time (corrected)");
        String uncorrectedLog = writeHistogramLog(c, reps, ".uncorrected", r -> r.load().uncorrected(),
                "one-way latency in ns from each message's actual send time (uncorrected)");
        LoadResult lr = new LoadResult(load.rate(), load.arrivals().id(), load.arrivals() == Load.Arrivals.POISSON ? load.seed() : null,
                achieved, ops < LoadResult.SATURATED_BELOW * due, LatencyNs.of(corrected), LatencyNs.of(uncorrected),
                late, reps.get(0).load().lateAfterNs(), worst, uncorrectedLog, Math.round(Spread.of("p99Ns", repP99).median()));
        return record(c, reps, ops, LatencyNs.of(corrected), null, null, costs, Spread.of("p50Ns", costs.perRep), log, lr);
    }

    /** One HdrHistogram log per rtt result, one interval per repetition; written under a temporary name, then renamed. */
    private String writeHistogramLog(Case c, List<Repetition> reps) throws IOException {
        return writeHistogramLog(c, reps, "", Repetition::histogram, "round-trip times in ns");
    }

    private String writeHistogramLog(Case c, List<Repetition> reps, String suffix,
                                     java.util.function.Function<Repetition, Histogram> which, String what) throws IOException {
        Path dir = runDir.resolve("histograms");
        Files.createDirectories(dir);
        Path file = dir.resolve(c.label() + suffix + ".hlog");
        Path tmp = dir.resolve(c.label() + suffix + ".hlog.tmp");
        try (PrintStream out = new PrintStream(Files.newOutputStream(tmp), false, "UTF-8")) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputComment("ipcbench " + c.label() + ": " + what + ", one interval per repetition");
            writer.outputLogFormatVersion();
            writer.outputLegend();
            double start = 0;
            for (Repetition r : reps) {
                Histogram h = which.apply(r);
                h.setStartTimeStamp(0);
                double seconds = r.nanos() / 1e9;
                writer.outputIntervalHistogram(start, start + seconds, h, 1.0);
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
