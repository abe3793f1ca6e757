package io.ipcbench.cli;

import io.ipcbench.core.Transports;
import io.ipcbench.core.env.EnvironmentProbe;
import io.ipcbench.core.load.Load;
import io.ipcbench.core.load.Sweep;
import io.ipcbench.core.nat.Affinity;
import io.ipcbench.core.peer.ForkedPeerStarter;
import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.result.ResultsDocument;
import io.ipcbench.core.result.ResultsFile;
import io.ipcbench.core.rig.JitWarmup;
import io.ipcbench.core.rig.Mode;
import io.ipcbench.core.rig.PinPlan;
import io.ipcbench.core.rig.Rig;
import io.ipcbench.core.rig.RigSettings;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.WaitStrategy;
import io.ipcbench.report.Report;
import io.ipcbench.report.ReportException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code ipcbench run}: measures every transport x wait x size x mode asked for and writes results.json. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure round-trip latency (rtt), one-way throughput (stream) and one-way latency at offered rates "
                + "(load) of each transport, with every message verified; print a table and write results.json.")
final class RunCommand implements Callable<Integer> {
    static final List<Long> DEFAULT_SIZES = List.of(64L, 4096L, 65536L, 1L << 20);

    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--transport"}, split = ",", paramLabel = "NAME",
            description = "Transports, comma-separated (default: every one that works here; see 'ipcbench list').")
    List<String> transports = new ArrayList<>();

    @Option(names = {"-s", "--size"}, split = ",", paramLabel = "SIZE", converter = Units.SizeConverter.class,
            description = "Payload sizes in bytes, K or M suffixes (default: 64,4K,64K,1M).")
    List<Long> sizes = new ArrayList<>();

    @Option(names = {"-m", "--mode"}, split = ",", paramLabel = "MODE",
            description = "rtt (ping-pong latency), stream (one-way throughput), load (one-way latency at --rate, open loop) "
                    + "(default: rtt,stream).")
    List<String> modes = new ArrayList<>();

    @Option(names = "--rate", split = ",", paramLabel = "R|sweep",
            description = "Load mode: offered rates in messages per second (10k, 1.5M, 250.5), or 'sweep': from 1k/s, "
                    + "doubling until a mechanism stops coping, then bisecting once.")
    List<String> rates = new ArrayList<>();

    @Option(names = "--arrivals", paramLabel = "fixed|poisson",
            description = "Load mode: fixed intervals (default) or Poisson arrivals (exponential gaps from --arrival-seed).")
    String arrivals;

    @Option(names = "--arrival-seed", paramLabel = "N",
            description = "Load mode: seed of the Poisson gaps (default: a new one each run, recorded).")
    Long arrivalSeed;

    @Option(names = "--slo", paramLabel = "[pQ=]LATENCY",
            description = "Load mode: report per transport the highest rate whose corrected latency met this target, "
                    + "e.g. 50us (p99) or p99.9=200us.")
    String slo;

    @Option(names = {"-w", "--wait"}, split = ",", paramLabel = "WAIT",
            description = "Wait strategies: block, spin, backoff (default: each transport's own defaults; shared memory: spin and block). "
                    + "One a transport lacks is skipped for it, with a note.")
    List<String> waits = new ArrayList<>();

    @Option(names = "--warmup", paramLabel = "DURATION", converter = Units.DurationConverter.class,
            description = "Warm-up before each repetition's measurement (default: 300ms; --quick: 200ms).")
    Long warmupNanos;

    @Option(names = "--warmup-ops", paramLabel = "N|auto",
            description = "Operations the warm-up goes on for past --warmup, for at most 4 x --warmup (and 5 s) more, so that the per-message code "
                    + "runs compiled before measuring (default: auto = twice the JVM's C2 threshold, 10000 with default flags; "
                    + "--quick and --warmup 0: 0).")
    String warmupOps;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", converter = Units.DurationConverter.class,
            description = "Measured time per repetition (default: 500ms; --quick: 300ms).")
    Long durationNanos;

    @Option(names = "--count", paramLabel = "N",
            description = "Measure exactly N round trips or messages per repetition instead of a duration.")
    Long count;

    @Option(names = {"-r", "--repeat"}, paramLabel = "N",
            description = "Repetitions of each case, each with a fresh peer JVM (default: 3).")
    Integer repeat;

    @Option(names = "--order", paramLabel = "interleaved|sequential",
            description = "interleaved (default): round 1 of every case in a shuffled order, then round 2, ..., so host drift "
                    + "becomes spread within each case; sequential: every repetition of a case, then the next case.")
    String order = "interleaved";

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the interleaved order's shuffle (default: a new one each run, printed and recorded).")
    Long seed;

    @Option(names = "--pin", paramLabel = "A,B|none|auto",
            description = "CPUs for the driver's and the peer's measuring threads (default: auto = the first two allowed CPUs).")
    String pin = "auto";

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Units.DurationConverter.class,
            description = "Longest silence allowed from the peer before it is killed and the run fails (default: 10s).")
    Long timeoutNanos;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Run directory for results.json, histograms and peer logs (default: ipcbench-results/<time>).")
    Path out;

    @Option(names = "--no-report", description = "Do not write report.html, the charts and results.csv into the run directory.")
    boolean noReport;

    @Option(names = "--commit", paramLabel = "SHA",
            description = "The commit measured, recorded for 'ipcbench history' (default: $IPCBENCH_COMMIT, $GITHUB_SHA, $GIT_COMMIT,"
                    + " $CI_COMMIT_SHA, else 'git rev-parse HEAD' here).")
    String commit;

    /** For {@code ab}: check every option as a run would, then stop; nothing is written. */
    @Option(names = "--plan-only", hidden = true)
    boolean planOnly;

    /** For {@code ab}: the results file's name in the run directory (several cases share one directory). */
    @Option(names = "--results-name", hidden = true, paramLabel = "NAME")
    String resultsName = ResultsFile.NAME;

    @Option(names = "--quick", description = "Smoke-test run: 200ms warm-up, 300ms per repetition, 3 repetitions.")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec == null ? new PrintWriter(System.out, true) : spec.commandLine().getOut();
        PrintWriter stderr = spec == null ? new PrintWriter(System.err, true) : spec.commandLine().getErr();
        Plan plan = plan(stderr);
        if (planOnly) {
            return 0;
        }
        if (!resultsName.matches("[A-Za-z0-9._-]+\\.json")) {
            throw new UsageError("--results-name: '" + resultsName + "' is not a plain .json file name");
        }
        Files.createDirectories(plan.out);

        Progress progress = new Progress(stderr, plan.cases.size() * plan.settings.repetitions(), plan.estimatePerRepNanos);
        Rig rig = new Rig(plan.settings, new ForkedPeerStarter(), plan.out, progress);
        String createdAt = Instant.now().toString();
        stderr.println(plan.order == Rig.Order.INTERLEAVED
                ? "order: interleaved, shuffled with seed " + plan.seed + " (--seed " + plan.seed + " repeats it)"
                : "order: sequential");
        List<ResultRecord> results = new ArrayList<>(rig.runAll(plan.cases, plan.order, plan.seed));
        List<List<ResultRecord>> sweeps = new ArrayList<>();
        for (Rig.Case base : plan.sweeps) {
            sweeps.add(LoadSweep.run(rig, base, plan.settings.repetitions(), plan.maxRate, progress, stderr));
        }
        sweeps.forEach(results::addAll);
        progress.done(results);
        Path file = plan.out.resolve(resultsName);
        ResultsFile.write(file, new ResultsDocument(ResultsDocument.SCHEMA, "ipcbench", IpcBench.VERSION, createdAt,
                EnvironmentProbe.capture(), plan.settingsRecord, results));
        Table.print(stdout, results);
        LoadSweep.printLoad(stdout, results, plan.slo);
        stdout.println();
        stdout.println("results: " + file);
        if (!noReport) {
            try {
                stdout.println("report:  " + Report.build(List.of(file), plan.out));
            } catch (ReportException e) {
                stderr.println("ipcbench run: the results are saved, but the report failed: " + e.getMessage());
                return IpcBench.EXIT_FAILED;
            }
        }
        return 0;
    }

    private record Plan(List<Rig.Case> cases, List<Rig.Case> sweeps, RigSettings settings, Path out,
                        Map<String, Object> settingsRecord, long estimatePerRepNanos, Rig.Order order, long seed,
                        Sweep.Slo slo, double maxRate) {
    }

    /** Checks every option before anything runs; errors name the option. */
    private Plan plan(PrintWriter stderr) {
        List<Transport> chosen = new ArrayList<>();
        if (transports.isEmpty()) {
            for (Transport t : Transports.all()) {
                if (t.unavailableReason().isEmpty()) {
                    chosen.add(t);
                } else {
                    stderr.println("note: skipping " + t.name() + ": " + t.unavailableReason().get());
                }
            }
            if (chosen.isEmpty()) {
                throw new UsageError("no transport works on this machine (see 'ipcbench list')");
            }
        } else {
            for (String name : new LinkedHashSet<>(transports)) {
                Transport t;
                try {
                    t = Transports.require(name.trim());
                } catch (IllegalArgumentException e) {
                    throw new UsageError("--transport: " + e.getMessage());
                }
                t.unavailableReason().ifPresent(r -> {
                    throw new UsageError("--transport: " + name + " does not work on this machine: " + r);
                });
                chosen.add(t);
            }
        }

        List<Long> sizeList = sizes.isEmpty() ? DEFAULT_SIZES : List.copyOf(new LinkedHashSet<>(sizes));
        for (long size : sizeList) {
            for (Transport t : chosen) {
                if (size > t.maxPayloadBytes()) {
                    throw new UsageError("--size: " + Units.formatSize(size) + " exceeds " + t.name() + "'s limit of "
                            + Units.formatSize(t.maxPayloadBytes()) + " bytes per message");
                }
            }
        }

        List<Mode> modeList = new ArrayList<>();
        for (String m : modes.isEmpty() ? List.of("rtt", "stream") : new LinkedHashSet<>(modes)) {
            try {
                modeList.add(Mode.of(m));
            } catch (IllegalArgumentException e) {
                throw new UsageError("--mode: " + e.getMessage());
            }
        }

        boolean loadMode = modeList.contains(Mode.LOAD);
        boolean sweep = rates.stream().anyMatch(r -> r.trim().equals("sweep"));
        List<Double> rateList = new ArrayList<>();
        double maxRate = 0;
        if (!loadMode) {
            for (String[] given : new String[][] {{"--rate", rates.isEmpty() ? null : ""}, {"--arrivals", arrivals},
                    {"--arrival-seed", arrivalSeed == null ? null : ""}, {"--slo", slo}}) {
                if (given[1] != null) {
                    throw new UsageError(given[0] + ": only for load mode; add --mode load");
                }
            }
        } else {
            if (rates.isEmpty()) {
                throw new UsageError("--mode load needs --rate R[,R...] (messages per second, e.g. 10k,50k) or --rate sweep");
            }
            if (sweep && rates.size() > 1) {
                throw new UsageError("--rate: 'sweep' chooses its own rates; give it alone");
            }
            if (sweep && count != null) {
                throw new UsageError("--count: a sweep runs each rate for --duration; a fixed count would give each rate "
                        + "a different length. Drop --count or give fixed --rate values");
            }
            maxRate = Load.schedulableRate();
            if (!sweep) {
                for (String r : new LinkedHashSet<>(rates)) {
                    double v;
                    try {
                        v = Load.parseRate(r);
                    } catch (IllegalArgumentException e) {
                        throw new UsageError("--rate: " + e.getMessage());
                    }
                    if (v > maxRate) {
                        throw new UsageError(String.format(java.util.Locale.ROOT,
                                "--rate: %s/s is above what the clock can schedule here (one System.nanoTime() read takes "
                                        + "%.0f ns, so at most %s/s)", Load.rateLabel(v), 1e9 / maxRate, Load.rateLabel(maxRate)));
                    }
                    rateList.add(v);
                }
            }
        }
        Load.Arrivals arrivalKind;
        try {
            arrivalKind = arrivals == null ? Load.Arrivals.FIXED : Load.Arrivals.of(arrivals);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--arrivals: " + e.getMessage());
        }
        if (arrivalSeed != null && arrivalKind != Load.Arrivals.POISSON) {
            throw new UsageError("--arrival-seed: fixed intervals draw nothing; use it with --arrivals poisson");
        }
        long arrivalSeedValue = arrivalSeed != null ? arrivalSeed : new java.security.SecureRandom().nextLong() >>> 16;
        Sweep.Slo sloTarget = null;
        if (slo != null) {
            try {
                sloTarget = Sweep.Slo.parse(slo);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--slo: " + e.getMessage());
            }
        }

        Set<WaitStrategy> waitSet = new LinkedHashSet<>();
        for (String w : waits) {
            try {
                waitSet.add(WaitStrategy.of(w));
            } catch (IllegalArgumentException e) {
                throw new UsageError("--wait: " + e.getMessage());
            }
        }

        // Defaults measured on a drifting 2-vCPU VM (docs/measurements/2026-12-03-noisy-host.md): with interleaved
        // repetitions, 3 x 500 ms reproduced case medians best among the shapes that fit a 5-minute default run
        // (the operations-based warm-up of slow cases makes it about 7: docs/measurements/2026-12-07-warmup.md).
        long warmup = warmupNanos != null ? warmupNanos : TimeUnit.MILLISECONDS.toNanos(quick ? 200 : 300);
        long warmupMin = parseWarmupOps(warmupOps, quick || warmup == 0);
        if (warmup == 0 && warmupMin > 0) {
            throw new UsageError("--warmup-ops: a warm-up of 0 has no time to go on past (it may go on for 4 x --warmup); "
                    + "give --warmup too");
        }
        long duration = durationNanos != null ? durationNanos : TimeUnit.MILLISECONDS.toNanos(quick ? 300 : 500);
        long timeout = timeoutNanos != null ? timeoutNanos : TimeUnit.SECONDS.toNanos(10);
        int reps = repeat != null ? repeat : 3;
        long messages = count != null ? count : 0;
        if (duration <= 0) {
            throw new UsageError("--duration: must be positive");
        }
        if (timeout < TimeUnit.MILLISECONDS.toNanos(100)) {
            throw new UsageError("--timeout: must be at least 100ms");
        }
        if (reps < 1 || reps > 1000) {
            throw new UsageError("--repeat: " + reps + " is outside 1..1000");
        }
        if (messages < 0 || (count != null && messages == 0)) {
            throw new UsageError("--count: must be a positive number of messages");
        }

        Map<String, String> options = TransportFlags.values(spec);
        PinPlan pinPlan = parsePin(pin);
        Rig.Order orderChoice;
        try {
            orderChoice = Rig.Order.of(order);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--order: " + e.getMessage());
        }
        if (seed != null && orderChoice == Rig.Order.SEQUENTIAL) {
            throw new UsageError("--seed: a sequential order has nothing to shuffle; drop --seed or use --order interleaved");
        }
        long seedValue = seed != null ? seed : new java.security.SecureRandom().nextLong() >>> 16;
        RigSettings settings;
        try {
            settings = new RigSettings(warmup, warmupMin, duration, messages, reps, timeout, pinPlan, options);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }

        List<Rig.Case> cases = new ArrayList<>();
        List<Rig.Case> sweeps = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Transport t : chosen) {
            List<WaitStrategy> tw = new ArrayList<>();
            if (waitSet.isEmpty()) {
                tw.addAll(t.defaultWaits());
            } else {
                for (WaitStrategy w : waitSet) {
                    if (t.waitStrategies().contains(w)) {
                        tw.add(w);
                    } else {
                        notes.add("note: " + t.name() + " has no '" + w.id() + "' wait strategy; skipped for it");
                    }
                }
            }
            for (WaitStrategy w : tw) {
                try {
                    for (long size : sizeList) {
                        t.validate(new LinkOptions(w, Rig.frameBytes((int) size), timeout, options));
                    }
                } catch (IllegalArgumentException e) {
                    throw new UsageError(e.getMessage());
                }
                for (long size : sizeList) {
                    for (Mode m : modeList) {
                        if (m != Mode.LOAD) {
                            cases.add(new Rig.Case(t, w, m, (int) size));
                        } else if (sweep) {
                            sweeps.add(new Rig.Case(t, w, m, (int) size, new Load(Sweep.START_RATE, arrivalKind, arrivalSeedValue)));
                        } else {
                            for (double r : rateList) {
                                cases.add(new Rig.Case(t, w, m, (int) size, new Load(r, arrivalKind, arrivalSeedValue)));
                            }
                        }
                    }
                }
            }
        }
        if (cases.isEmpty() && sweeps.isEmpty()) {
            throw new UsageError("--wait: none of the transports chosen has " + waitSet.stream().map(WaitStrategy::id).toList());
        }
        notes.forEach(stderr::println);

        Path dir = out != null ? out : Path.of("ipcbench-results",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (!planOnly) {
            checkWritable(dir);
        }

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("transports", chosen.stream().map(Transport::name).toList());
        record.put("sizes", sizeList);
        record.put("modes", modeList.stream().map(Mode::id).toList());
        if (loadMode) {
            record.put("rates", sweep ? "sweep" : rateList);
            record.put("arrivals", arrivalKind.id());
            record.put("arrivalSeed", arrivalKind == Load.Arrivals.POISSON ? arrivalSeedValue : null);
            record.put("slo", sloTarget == null ? null : slo.trim());
        }
        record.put("waits", waitSet.isEmpty() ? "each transport's default" : waitSet.stream().map(WaitStrategy::id).toList());
        record.put("warmupNs", warmup);
        record.put("warmupOps", warmupMin);
        record.put("durationNs", messages > 0 ? null : duration);
        record.put("count", messages > 0 ? messages : null);
        record.put("repetitions", reps);
        record.put("order", orderChoice.id());
        record.put("seed", orderChoice == Rig.Order.INTERLEAVED ? seedValue : null);
        record.put("timeoutNs", timeout);
        record.put("pin", pinPlan.describe());
        record.put("options", options);
        record.put("quick", quick);
        record.put("commit", Commit.detect(commit));
        record.put("peerJvmArgs", ForkedPeerStarter.DEFAULT_JVM_ARGS);
        long perRep = warmup + (messages > 0 ? TimeUnit.SECONDS.toNanos(1) : duration) + TimeUnit.MILLISECONDS.toNanos(500);
        return new Plan(cases, sweeps, settings, dir, record, perRep, orderChoice, seedValue, sloTarget, maxRate);
    }

    /** {@code auto} (or none given): the JIT's threshold, or 0 when {@code timeOnly}; else a count. */
    static long parseWarmupOps(String text, boolean timeOnly) {
        if (text == null || text.equals("auto")) {
            return timeOnly ? 0 : JitWarmup.operations();
        }
        try {
            long n = Long.parseLong(text.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageError("--warmup-ops: '" + text + "' is not a number of operations (0 or more) or auto");
    }

    private static PinPlan parsePin(String text) {
        String p = text.trim();
        if (p.equals("auto")) {
            return PinPlan.auto();
        }
        if (p.equals("none")) {
            return PinPlan.NONE;
        }
        String[] parts = p.split(",");
        if (parts.length != 2) {
            throw new UsageError("--pin: '" + text + "' is not A,B, none or auto");
        }
        int a;
        int b;
        try {
            a = Integer.parseInt(parts[0].trim());
            b = Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException e) {
            throw new UsageError("--pin: '" + text + "' is not A,B, none or auto");
        }
        List<Integer> allowed = Affinity.allowedCpus();
        if (!allowed.contains(a) || !allowed.contains(b)) {
            throw new UsageError("--pin: CPUs " + a + "," + b + " are not both allowed here (allowed: " + allowed + ")");
        }
        if (a == b) {
            throw new UsageError("--pin: driver and peer need different CPUs, got " + a + " twice");
        }
        return new PinPlan(a, b);
    }

    private static void checkWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new UsageError("--out: cannot write to " + dir + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")");
        }
    }
}
