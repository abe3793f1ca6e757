package io.ipcbench.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ipcbench.core.io.PrivateDir;
import io.ipcbench.core.result.HostState;
import io.ipcbench.core.rig.HostProbe;
import io.ipcbench.core.rig.PinPlan;
import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.load.Load;
import io.ipcbench.core.result.ResultsDocument;
import io.ipcbench.core.result.ResultsFile;
import io.ipcbench.report.Ab;
import io.ipcbench.report.Compare.Metric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code ipcbench ab}: a same-job A/B gate. Each side (a jar, a JDK, JVM flags, run options)
 * runs in its own long-lived worker JVM ({@code ab-worker}) whose peers come from the same jar
 * and JDK. Every case runs one repetition per side per pair, back to back in ABBA order (pair 1
 * A then B, pair 2 B then A, ...), each with a fresh peer and its host probe; the cases are
 * shuffled per pair. The statistics are on the paired ratios B/A ({@link Ab}).
 */
@Command(name = "ab", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the same cases for a baseline side A and a candidate side B in one job, interleaved in ABBA pairs, "
                + "and gate on the paired ratios B/A: a regression is a confidence interval wholly beyond the threshold.",
                "Exit 0: no regression; 3: a regression; 2: bad input; 1: a side failed.",
                "Example: ipcbench ab --a-jar main/ipcbench.jar -t pipe,shm-sysv -s 64,4K"})
final class AbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--transport"}, split = ",", paramLabel = "NAME",
            description = "Transports (default: every one both sides have that works here).")
    List<String> transports = new ArrayList<>();

    @Option(names = {"-s", "--size"}, split = ",", paramLabel = "SIZE", converter = Units.SizeConverter.class,
            description = "Payload sizes (default: 64,4K).")
    List<Long> sizes = new ArrayList<>();

    @Option(names = {"-m", "--mode"}, split = ",", paramLabel = "MODE",
            description = "rtt, stream and/or load (default: rtt,stream).")
    List<String> modes = new ArrayList<>();

    @Option(names = "--rate", split = ",", paramLabel = "R",
            description = "Load mode: the offered rates (messages/s, e.g. 10k,50k); each rate is a case of its own. "
                    + "A sweep chooses its rates as it goes, so ab takes fixed ones.")
    List<String> rates = new ArrayList<>();

    @Option(names = "--arrivals", paramLabel = "fixed|poisson",
            description = "Load mode: fixed intervals (default) or Poisson arrivals; both sides get the same seed.")
    String arrivals = "fixed";

    @Option(names = {"-w", "--wait"}, split = ",", paramLabel = "WAIT",
            description = "Wait strategies (default: each transport's defaults).")
    List<String> waits = new ArrayList<>();

    @Option(names = "--pairs", paramLabel = "N", description = "ABBA pairs per case (default: ${DEFAULT-VALUE}).", defaultValue = "10")
    int pairs;

    @Option(names = "--warmup", paramLabel = "DURATION", converter = Units.DurationConverter.class,
            description = "Warm-up before each repetition (default: 200ms).")
    Long warmupNanos;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", converter = Units.DurationConverter.class,
            description = "Measured time per repetition (default: 300ms).")
    Long durationNanos;

    @Option(names = "--a-jar", paramLabel = "JAR", description = "Side A's ipcbench jar (default: this one).")
    Path aJar;

    @Option(names = "--b-jar", paramLabel = "JAR", description = "Side B's ipcbench jar (default: this one).")
    Path bJar;

    @Option(names = "--a-java", paramLabel = "JAVA|JAVA_HOME", description = "Side A's java binary or JDK directory (default: this JVM's).")
    Path aJava;

    @Option(names = "--b-java", paramLabel = "JAVA|JAVA_HOME", description = "Side B's java binary or JDK directory (default: this JVM's).")
    Path bJava;

    @Option(names = "--a-jvm-args", paramLabel = "ARGS", description = "JVM flags for side A's driver and peers, space-separated.")
    String aJvmArgs = "";

    @Option(names = "--b-jvm-args", paramLabel = "ARGS", description = "JVM flags for side B's driver and peers, space-separated.")
    String bJvmArgs = "";

    @Option(names = "--a-opt", paramLabel = "OPTION", description = "A 'run' option for side A only, e.g. --a-opt=--pipe-size=4096 (repeatable).")
    List<String> aOpts = new ArrayList<>();

    @Option(names = "--b-opt", paramLabel = "OPTION", description = "A 'run' option for side B only, e.g. --b-opt=--pipe-size=4096 (repeatable).")
    List<String> bOpts = new ArrayList<>();

    @Option(names = "--threshold", paramLabel = "PCT", defaultValue = "10%",
            description = "How much worse the interval must lie beyond for p50, p99 and p99.9 with blocking waits (default: ${DEFAULT-VALUE}).")
    String threshold;

    @Option(names = "--stream-threshold", paramLabel = "PCT", defaultValue = "20%",
            description = "The same for msgs/s with blocking waits: a blocking stream is bistable (it may or may not fall into "
                    + "sleep-and-wake cycles), so its throughput needs more (default: ${DEFAULT-VALUE}).")
    String streamThreshold;

    @Option(names = "--spin-threshold", paramLabel = "PCT", defaultValue = "25%",
            description = "The same for spinning waits, whose figures drift more with the host (default: ${DEFAULT-VALUE}).")
    String spinThreshold;

    @Option(names = "--work-threshold", paramLabel = "PCT", defaultValue = "5%",
            description = "The same for system calls and kernel bytes per op (default: ${DEFAULT-VALUE}; context switches: 25%%).")
    String workThreshold;

    @Option(names = "--probe-bound", paramLabel = "FACTOR", defaultValue = "4",
            description = "A pair whose two host probes differ by more than this factor is set aside (default: ${DEFAULT-VALUE}).")
    double probeBound;

    @Option(names = "--alpha", paramLabel = "P", defaultValue = "0.05",
            description = "1 - the confidence level of the intervals (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the per-pair shuffle of the cases (default: a new one, printed).")
    Long seed;

    @Option(names = "--format", paramLabel = "text|markdown|json", defaultValue = "text", description = "Output (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Where both sides' results go: DIR/a/pair-NN and DIR/b/pair-NN (default: ipcbench-ab/<time>).")
    Path out;

    @Option(names = "--analyse", paramLabel = "DIR",
            description = "Run nothing: analyse the pairs an earlier 'ab' left in DIR (with this command's thresholds; "
                    + "with --pairs N, only its first N pairs).")
    Path analyse;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Units.DurationConverter.class,
            description = "Longest silence allowed from a peer (default: 10s).")
    Long timeoutNanos;

    /** One side: its worker JVM and how to talk to it. */
    private static final class Side implements AutoCloseable {
        final String name;
        final Path jar;
        final List<String> opts;
        final String jvmArgs;
        final Process process;
        final Writer in;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final Path log;

        Side(String name, Path jar, List<String> opts, String jvmArgs, Process process, Path log) {
            this.name = name;
            this.jar = jar;
            this.opts = opts;
            this.jvmArgs = jvmArgs;
            this.process = process;
            this.log = log;
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        lines.add(l);
                    }
                } catch (IOException ignored) {
                    // the worker is gone: the next answer times out
                }
            }, "ipcbench-ab-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        /** The worker's first line on stderr (java's own "Error: ..." when it could not start). */
        String firstError() {
            try {
                return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank()).findFirst().orElse("");
            } catch (IOException e) {
                return "";
            }
        }

        String lastWords() {
            try {
                List<String> l = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank()).toList();
                return String.join(" | ", l.subList(Math.max(0, l.size() - 3), l.size()));
            } catch (IOException e) {
                return "";
            }
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // already gone
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Answer(int code, String out, String err) {
    }

    /** A failure of one side mid-run: exit 1. */
    private static final class SideFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SideFailed(String message) {
            super(message);
        }
    }

    /** One case; {@code rate} (messages/s) only for load. */
    private record AbCase(String transport, String waitId, String mode, long size, Double rate) {
        /** As results name it ({@code ResultRecord.caseMode()}): the rate is part of a load case. */
        String key() {
            return transport + " " + waitId + " " + modeLabel() + " " + size + " B";
        }

        String modeLabel() {
            return rate == null ? mode : "load " + Load.rateLabel(rate) + "/s";
        }

        String label() {
            return transport + "-" + waitId + "-" + Units.formatSize(size) + "-" + mode + (rate == null ? "" : "-" + Load.rateLabel(rate));
        }
    }

    /** Where a run keeps the host probes it took before each repetition, per case and pair: [pair][A, B]. */
    static final String PROBES = "probes.json";

    private final ObjectMapper json = ResultsFile.json().copy().disable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (!List.of("text", "markdown", "json").contains(format)) {
            throw new UsageError("--format: '" + format + "' is not one of text, markdown, json");
        }
        int need = Ab.minPairs(alpha);
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new UsageError("--alpha: " + alpha + " is not between 0 and 0.5");
        }
        if (pairs < need || pairs > 1000) {
            throw new UsageError("--pairs: " + pairs + " pairs cannot show anything at --alpha " + alpha + ": the exact signed-rank "
                    + "test needs at least " + need + " (at most 1000)");
        }
        if (!(probeBound > 1)) {
            throw new UsageError("--probe-bound: must be above 1, got " + probeBound);
        }
        for (String[] p : new String[][] {{"--threshold", threshold}, {"--stream-threshold", streamThreshold}, {"--spin-threshold", spinThreshold}, {"--work-threshold", workThreshold}}) {
            CompareCommand.percent(p[0], p[1]); // refused before anything runs
        }
        long warmup = warmupNanos != null ? warmupNanos : TimeUnit.MILLISECONDS.toNanos(200);
        long duration = durationNanos != null ? durationNanos : TimeUnit.MILLISECONDS.toNanos(300);
        long timeout = timeoutNanos != null ? timeoutNanos : TimeUnit.SECONDS.toNanos(10);
        if (duration <= 0) {
            throw new UsageError("--duration: must be positive");
        }
        if (analyse != null) {
            boolean some = spec.commandLine().getParseResult().hasMatchedOption("--pairs");
            return report(stdout, analyseStored(analyse, some ? pairs : Integer.MAX_VALUE), null);
        }
        Path jar = ownJar();
        Path dir = out != null ? out : Path.of("ipcbench-ab", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        boolean dirExisted = Files.exists(dir);
        Path scratch = Files.createTempDirectory(PrivateDir.PREFIX + "ab-");
        Side a = null;
        Side b = null;
        boolean ok = false;
        Thread cleanup = new Thread(() -> destroy(List.of()), "ipcbench-ab-exit");
        try {
            a = start("A", aJar != null ? aJar : jar, aJava, aJvmArgs, aOpts, scratch);
            b = start("B", bJar != null ? bJar : jar, bJava, bJvmArgs, bOpts, scratch);
            Side fa = a;
            Side fb = b;
            // Ctrl-C or kill: the workers go (their peers then clean up after them), and so does the scratch directory
            cleanup = new Thread(() -> {
                destroy(List.of(fa, fb));
                try {
                    PrivateDir.removeTree(scratch);
                } catch (IOException ignored) {
                    // gone already
                }
            }, "ipcbench-ab-exit");
            Runtime.getRuntime().addShutdownHook(cleanup);
            List<AbCase> cases = commonCases(a, b, stderr);
            for (Side s : List.of(a, b)) {
                planOnly(s, cases, scratch);
            }
            long seedValue = seed != null ? seed : new java.security.SecureRandom().nextLong() >>> 16;
            stderr.println("ab: " + cases.size() + " cases x " + pairs + " ABBA pairs, shuffled with seed " + seedValue + " (--seed "
                    + seedValue + " repeats it); A = " + a.jar + ", B = " + b.jar);
            Files.createDirectories(dir);
            Map<String, List<Ab.Pair>> results = run(a, b, cases, dir, warmup, duration, timeout, seedValue, stderr);
            ok = true;
            return report(stdout, results, dir);
        } catch (SideFailed e) {
            stderr.println("ipcbench ab: failed: " + e.getMessage());
            ok = true; // the results of the pairs that ran stay, for a look
            return IpcBench.EXIT_FAILED;
        } finally {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException | IllegalArgumentException ignored) {
                // exiting, or never added
            }
            PrivateDir.removeTree(scratch); // the workers' logs
            if (!ok && !dirExisted && Files.exists(dir)) {
                deleteTree(dir); // bad input: nothing written
            }
        }
    }

    private int report(PrintWriter stdout, Map<String, List<Ab.Pair>> results, Path dir) throws IOException {
        Map<Metric, Double> thresholds = new LinkedHashMap<>();
        double t = CompareCommand.percent("--threshold", threshold);
        double streamT = CompareCommand.percent("--stream-threshold", streamThreshold);
        double spinT = CompareCommand.percent("--spin-threshold", spinThreshold);
        double workT = CompareCommand.percent("--work-threshold", workThreshold);
        for (Metric m : Metric.values()) {
            thresholds.put(m, m == Metric.CTX_SWITCHES ? Math.max(workT, m.defaultThreshold) : m.work ? workT
                    : m == Metric.MSGS ? streamT : t);
        }
        Map<Metric, Double> spinThresholds = new LinkedHashMap<>(thresholds);
        spinThresholds.replaceAll((m, v) -> m.work ? v : spinT);
        Ab.Outcome o = analyse(results, thresholds, spinThresholds);
        stdout.print(switch (format) {
            case "markdown" -> Ab.markdown(o);
            case "json" -> Ab.json(o);
            default -> Ab.text(o);
        });
        if (dir != null) {
            stdout.println("results: " + dir.resolve("a") + " and " + dir.resolve("b") + " ('ipcbench compare', 'report', 'history' read them)");
        }
        stdout.flush();
        return o.regression() ? CompareCommand.EXIT_REGRESSION : 0;
    }

    /**
     * The first {@code limit} pairs an earlier run left: DIR/a/pair-NN and DIR/b/pair-NN, matched by pair and case, with the
     * host probes that run took itself (DIR/probes.json; runs from before it was written fall back to the sides' own probes).
     */
    private Map<String, List<Ab.Pair>> analyseStored(Path dir, int limit) throws IOException {
        Map<String, List<Ab.Pair>> out = new LinkedHashMap<>();
        Path probesFile = dir.resolve(PROBES);
        Map<String, HostState[][]> probes = Files.isRegularFile(probesFile)
                ? ResultsFile.json().readValue(probesFile.toFile(), new TypeReference<Map<String, HostState[][]>>() { })
                : Map.of();
        for (int k = 1; k <= limit; k++) {
            String pair = String.format(Locale.ROOT, "pair-%02d", k);
            Path fa = dir.resolve("a").resolve(pair).resolve(ResultsFile.NAME);
            Path fb = dir.resolve("b").resolve(pair).resolve(ResultsFile.NAME);
            if (!Files.isRegularFile(fa) || !Files.isRegularFile(fb)) {
                if (k == 1) {
                    throw new UsageError("--analyse: " + dir + " holds no a/pair-01 and b/pair-01 with " + ResultsFile.NAME);
                }
                if (limit != Integer.MAX_VALUE) {
                    throw new UsageError("--pairs: " + dir + " holds " + (k - 1) + " pairs, fewer than " + limit);
                }
                break;
            }
            Map<String, ResultRecord> b = new LinkedHashMap<>();
            for (ResultRecord r : ResultsFile.read(fb).results()) {
                b.put(key(r), r);
            }
            for (ResultRecord r : ResultsFile.read(fa).results()) {
                ResultRecord rb = b.get(key(r));
                if (rb != null) {
                    HostState[][] h = probes.get(key(r));
                    String aside = h != null // written only by a run that completed, so every pair has both probes
                            ? Ab.probeDisagreement(h[k - 1][0], h[k - 1][1], "block".equals(r.waitStrategy()), probeBound)
                            : Ab.probeDisagreement(r, rb, probeBound);
                    out.computeIfAbsent(key(r), x -> new ArrayList<>()).add(new Ab.Pair(k, r, rb, aside));
                }
            }
        }
        return out;
    }

    private static String key(ResultRecord r) {
        return r.transport() + " " + r.waitStrategy() + " " + r.caseMode() + " " + r.payloadBytes() + " B";
    }

    private static void destroy(List<Side> sides) {
        for (Side s : sides) {
            s.process.destroyForcibly();
        }
    }

    /** The jar (or class path) this JVM runs from. */
    private static Path ownJar() {
        return Path.of(System.getProperty("java.class.path"));
    }

    private Side start(String name, Path jar, Path java, String jvmArgs, List<String> opts, Path scratch) throws IOException {
        String cp = jar.toString();
        for (String entry : cp.split(File.pathSeparator)) {
            if (!Files.exists(Path.of(entry))) {
                throw new UsageError("--" + name.toLowerCase(Locale.ROOT) + "-jar: " + entry + ": no such file");
            }
        }
        String javaBin = javaBinary(name, java);
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin);
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:-UsePerfData", "--enable-native-access=ALL-UNNAMED", "-Djava.awt.headless=true"));
        List<String> extra = jvmArgs.isBlank() ? List.of() : Arrays.asList(jvmArgs.trim().split("\\s+"));
        cmd.addAll(extra);
        if (!extra.isEmpty()) {
            cmd.add("-Dipcbench.peer.jvmArgs=" + String.join(" ", extra)); // the side's peers run with the same flags
        }
        cmd.addAll(List.of("-cp", cp, IpcBench.class.getName(), "ab-worker"));
        Path log = scratch.resolve("worker-" + name + ".log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        Side side = new Side(name, jar, opts, jvmArgs, p, log);
        String hello = poll(side, TimeUnit.SECONDS.toNanos(30));
        JsonNode h = hello == null ? null : tryParse(hello);
        if (h == null || !AbWorkerCommand.HELLO.equals(h.path("hello").asText())) {
            side.close();
            String words = side.firstError();
            throw new UsageError("side " + name + ": " + jar + " is not an ipcbench jar with 'ab' support"
                    + (words.isEmpty() ? "" : " (" + words + ")"));
        }
        return side;
    }

    private JsonNode tryParse(String line) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    /** The side's java: a binary, or a JDK directory; refused unless it is JDK 17 or newer. */
    private static String javaBinary(String name, Path java) {
        String option = "--" + name.toLowerCase(Locale.ROOT) + "-java";
        Path bin = java == null ? Path.of(System.getProperty("java.home"), "bin", "java")
                : Files.isDirectory(java) ? java.resolve("bin").resolve("java") : java;
        if (!Files.isExecutable(bin)) {
            throw new UsageError(option + ": " + bin + " is not an executable java");
        }
        try {
            Process p = new ProcessBuilder(bin.toString(), "-XshowSettings:properties", "-version").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            int version = -1;
            for (String l : text.split("\n")) {
                String s = l.trim();
                if (s.startsWith("java.specification.version = ")) {
                    String v = s.substring(s.indexOf('=') + 1).trim();
                    version = v.startsWith("1.") ? Integer.parseInt(v.substring(2)) : Integer.parseInt(v);
                }
            }
            if (version < 17) {
                throw new UsageError(option + ": " + bin + " is " + (version < 0 ? "not a java that says its version" : "Java " + version)
                        + "; ipcbench needs JDK 17 or newer");
            }
        } catch (IOException | NumberFormatException e) {
            throw new UsageError(option + ": cannot run " + bin + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageError(option + ": interrupted");
        }
        return bin.toString();
    }

    /** The side's next line, or null when it has none within {@code nanos} or its worker has exited. */
    private static String poll(Side s, long nanos) {
        long deadline = System.nanoTime() + nanos;
        try {
            while (true) {
                String line = s.lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    return line;
                }
                if (!s.process.isAlive()) {
                    return s.lines.poll(200, TimeUnit.MILLISECONDS); // what it wrote just before it exited
                }
                if (System.nanoTime() - deadline > 0) {
                    return null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Answer ask(Side s, List<String> args, long timeoutNanos) throws IOException {
        if (!s.process.isAlive()) {
            throw new SideFailed("side " + s.name + "'s worker has exited: " + s.lastWords());
        }
        s.in.write(json.writeValueAsString(args) + "\n");
        s.in.flush();
        String line = poll(s, timeoutNanos);
        if (line == null) {
            throw new SideFailed("side " + s.name + " did not answer within " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s "
                    + "(" + String.join(" ", args) + "): " + s.lastWords());
        }
        JsonNode n = json.readTree(line);
        return new Answer(n.path("code").asInt(-1), n.path("out").asText(), n.path("err").asText());
    }

    /** The cases both sides can run, from each side's own 'list --json'. */
    private List<AbCase> commonCases(Side a, Side b, PrintWriter stderr) throws IOException {
        Map<String, JsonNode> la = transports(a);
        Map<String, JsonNode> lb = transports(b);
        List<String> names = new ArrayList<>();
        if (transports.isEmpty()) {
            for (String n : la.keySet()) {
                if (lb.containsKey(n) && la.get(n).path("available").asBoolean() && lb.get(n).path("available").asBoolean()) {
                    names.add(n);
                }
            }
        } else {
            for (String n : new LinkedHashSet<>(transports)) {
                String name = n.trim();
                for (Map.Entry<String, Map<String, JsonNode>> side : Map.of("A", la, "B", lb).entrySet()) {
                    JsonNode t = side.getValue().get(name);
                    if (t == null) {
                        throw new UsageError("--transport: side " + side.getKey() + " has no transport '" + name + "' (it has: "
                                + String.join(", ", side.getValue().keySet()) + ")");
                    }
                    if (!t.path("available").asBoolean()) {
                        throw new UsageError("--transport: " + name + " does not work on this machine: " + t.path("unavailableReason").asText());
                    }
                }
                names.add(name);
            }
        }
        List<Long> sizeList = sizes.isEmpty() ? List.of(64L, 4096L) : List.copyOf(new LinkedHashSet<>(sizes));
        List<String> modeList = modes.isEmpty() ? List.of("rtt", "stream") : List.copyOf(new LinkedHashSet<>(modes));
        List<Double> rateList = new ArrayList<>();
        if (modeList.contains("load")) {
            if (rates.isEmpty()) {
                throw new UsageError("--mode load needs --rate R[,R...] (fixed rates, e.g. 10k,50k)");
            }
            for (String r : new LinkedHashSet<>(rates)) {
                if (r.trim().equals("sweep")) {
                    throw new UsageError("--rate: ab compares fixed rates; a sweep picks different rates on each side");
                }
                try {
                    rateList.add(Load.parseRate(r));
                } catch (IllegalArgumentException e) {
                    throw new UsageError("--rate: " + e.getMessage());
                }
            }
            try {
                Load.Arrivals.of(arrivals);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--arrivals: " + e.getMessage());
            }
        } else if (!rates.isEmpty()) {
            throw new UsageError("--rate: only for load mode; add --mode load");
        }
        List<AbCase> cases = new ArrayList<>();
        for (String n : names) {
            Set<String> wa = texts(la.get(n).path("waits"));
            Set<String> wb = texts(lb.get(n).path("waits"));
            List<String> ws = waits.isEmpty() ? new ArrayList<>(texts(la.get(n).path("defaultWaits"))) : new ArrayList<>(waits);
            ws.removeIf(w -> !wa.contains(w) || !wb.contains(w));
            long max = Math.min(la.get(n).path("maxPayloadBytes").asLong(), lb.get(n).path("maxPayloadBytes").asLong());
            for (String w : ws) {
                for (long size : sizeList) {
                    if (size > max) {
                        stderr.println("note: " + n + " carries at most " + Units.formatSize(max) + " B; " + Units.formatSize(size)
                                + " skipped for it");
                        continue;
                    }
                    for (String m : modeList) {
                        if (m.equals("load")) {
                            for (double r : rateList) {
                                cases.add(new AbCase(n, w, m, size, r));
                            }
                        } else {
                            cases.add(new AbCase(n, w, m, size, null));
                        }
                    }
                }
            }
        }
        if (cases.isEmpty()) {
            throw new UsageError("the two sides have no case in common (transports, waits and sizes asked for)");
        }
        return cases;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> s = new LinkedHashSet<>();
        array.forEach(n -> s.add(n.asText()));
        return s;
    }

    private Map<String, JsonNode> transports(Side s) throws IOException {
        Answer answer = ask(s, List.of("list", "--json"), TimeUnit.SECONDS.toNanos(60));
        if (answer.code() != 0) {
            throw new UsageError("side " + s.name + ": 'list --json' failed: " + answer.err().trim());
        }
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode t : json.readTree(answer.out()).path("transports")) {
            m.put(t.path("name").asText(), t);
        }
        return m;
    }

    /** Every option of the side checked as its own 'run' would, before anything runs. */
    private void planOnly(Side s, List<AbCase> cases, Path scratch) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--plan-only", "--out", scratch.resolve("plan").toString()));
        args.add("-t");
        args.add(String.join(",", cases.stream().map(AbCase::transport).distinct().toList()));
        args.add("-s");
        args.add(String.join(",", cases.stream().map(c -> Long.toString(c.size())).distinct().toList()));
        args.addAll(s.opts);
        Answer answer = ask(s, args, TimeUnit.SECONDS.toNanos(60));
        if (answer.code() != 0) {
            String err = answer.err().trim();
            throw new UsageError("side " + s.name + ": " + (err.contains("\n") ? err.substring(0, err.indexOf('\n')) : err));
        }
    }

    private Map<String, List<Ab.Pair>> run(Side a, Side b, List<AbCase> cases, Path dir, long warmup, long duration, long timeout,
                                          long seedValue, PrintWriter stderr) throws IOException {
        Random random = new Random(seedValue);
        Map<String, ResultRecord[][]> got = new LinkedHashMap<>();
        Map<String, HostState[][]> probes = new LinkedHashMap<>();
        for (AbCase c : cases) {
            got.put(c.key(), new ResultRecord[pairs][2]);
            probes.put(c.key(), new HostState[pairs][2]);
        }
        int total = cases.size() * pairs * 2;
        int done = 0;
        long start = System.nanoTime();
        long perRep = warmup + duration + TimeUnit.MILLISECONDS.toNanos(400);
        long answerTimeout = 4 * timeout + warmup + duration + TimeUnit.SECONDS.toNanos(60);
        for (int k = 0; k < pairs; k++) {
            List<AbCase> order = new ArrayList<>(cases);
            Collections.shuffle(order, random);
            for (AbCase c : order) {
                List<Side> sides = k % 2 == 0 ? List.of(a, b) : List.of(b, a); // ABBA: each side goes first in half the pairs
                for (Side s : sides) {
                    long elapsed = System.nanoTime() - start;
                    long left = Math.round((total - done) * (done == 0 ? perRep : elapsed / (double) done) / 1e9);
                    stderr.printf("[%d/%d] pair %d/%d %s, side %s, about %s left%n", done + 1, total, k + 1, pairs, c.key(), s.name,
                            left >= 60 ? left / 60 + "m" + left % 60 + "s" : left + "s");
                    stderr.flush();
                    Path pairDir = dir.resolve(s.name.toLowerCase(Locale.ROOT)).resolve(String.format(Locale.ROOT, "pair-%02d", k + 1));
                    String file = "case-" + c.label() + ".json";
                    List<String> args = new ArrayList<>(List.of("run", "-t", c.transport(), "-w", c.waitId(), "-m", c.mode(), "-s",
                            Long.toString(c.size()), "--repeat", "1", "--order", "sequential", "--warmup", warmup / 1000 + "us",
                            "--duration", duration / 1000 + "us", "--timeout", timeout / 1_000_000 + "ms", "--no-report",
                            "--commit", "ab-" + s.name.toLowerCase(Locale.ROOT), "--out", pairDir.toString(), "--results-name", file));
                    if (c.rate() != null) {
                        args.addAll(List.of("--rate", Double.toString(c.rate()), "--arrivals", arrivals));
                        if (arrivals.equals("poisson")) {
                            args.addAll(List.of("--arrival-seed", Long.toString(seedValue)));
                        }
                    }
                    args.addAll(s.opts);
                    // the host probe that decides whether a pair is used is taken here, by neither side's JVM:
                    // a side slowed by its own flags (-Xint) would otherwise look like a change of host
                    probes.get(c.key())[k][s == a ? 0 : 1] = HostProbe.measure(PinPlan.auto());
                    Answer answer = ask(s, args, answerTimeout);
                    if (answer.code() != 0) {
                        throw new SideFailed("side " + s.name + ", " + c.key() + ", pair " + (k + 1) + ": " + lastLine(answer.err()));
                    }
                    ResultsDocument doc = ResultsFile.read(pairDir.resolve(file));
                    got.get(c.key())[k][s == a ? 0 : 1] = doc.results().get(0);
                    done++;
                }
            }
        }
        merge(dir, "a", cases);
        merge(dir, "b", cases);
        ResultsFile.json().writeValue(dir.resolve(PROBES).toFile(), probes); // so that --analyse judges pairs as this run did
        Map<String, List<Ab.Pair>> out = new LinkedHashMap<>();
        for (AbCase c : cases) {
            List<Ab.Pair> list = new ArrayList<>();
            ResultRecord[][] r = got.get(c.key());
            for (int k = 0; k < pairs; k++) {
                HostState[] h = probes.get(c.key())[k];
                list.add(new Ab.Pair(k + 1, r[k][0], r[k][1], Ab.probeDisagreement(h[0], h[1], c.waitId().equals("block"), probeBound)));
            }
            out.put(c.key(), list);
        }
        return out;
    }

    private static String lastLine(String err) {
        String[] lines = err.trim().split("\n");
        return lines[lines.length - 1];
    }

    /** Each pair's case files of one side become one results.json, the form every reader takes. */
    private static void merge(Path dir, String side, List<AbCase> cases) throws IOException {
        Path sideDir = dir.resolve(side);
        try (var pairsDirs = Files.list(sideDir)) {
            for (Path pair : pairsDirs.sorted().toList()) {
                List<ResultRecord> records = new ArrayList<>();
                ResultsDocument first = null;
                for (AbCase c : cases) {
                    Path f = pair.resolve("case-" + c.label() + ".json");
                    if (Files.exists(f)) {
                        ResultsDocument d = ResultsFile.read(f);
                        first = first == null ? d : first;
                        records.addAll(d.results());
                        Files.delete(f);
                    }
                }
                if (first != null) {
                    Map<String, Object> settings = new LinkedHashMap<>(first.settings());
                    settings.put("transports", records.stream().map(ResultRecord::transport).distinct().toList());
                    settings.put("ab", Map.of("side", side, "pair", pair.getFileName().toString()));
                    ResultsFile.write(pair.resolve(ResultsFile.NAME), new ResultsDocument(first.schema(), first.tool(), first.version(),
                            first.createdAt(), first.environment(), settings, records));
                }
            }
        }
    }

    private Ab.Outcome analyse(Map<String, List<Ab.Pair>> results, Map<Metric, Double> thresholds, Map<Metric, Double> spinThresholds) {
        Map<String, List<Ab.Pair>> spin = new LinkedHashMap<>();
        Map<String, List<Ab.Pair>> other = new LinkedHashMap<>();
        results.forEach((k, pairsOfCase) -> ("block".equals(pairsOfCase.get(0).a().waitStrategy()) ? other : spin).put(k, pairsOfCase));
        Ab.Outcome o1 = Ab.analyse(other, new Ab.Settings(thresholds, alpha, probeBound));
        Ab.Outcome o2 = Ab.analyse(spin, new Ab.Settings(spinThresholds, alpha, probeBound));
        List<Ab.Line> lines = new ArrayList<>(o1.lines());
        lines.addAll(o2.lines());
        List<String> aside = new ArrayList<>(o1.setAside());
        aside.addAll(o2.setAside());
        return new Ab.Outcome(lines, aside, new Ab.Settings(thresholds, alpha, probeBound));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
