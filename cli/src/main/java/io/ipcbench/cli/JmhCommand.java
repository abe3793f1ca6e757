package io.ipcbench.cli;

import io.ipcbench.cli.jmh.JmhSuite;
import io.ipcbench.core.rig.RunFailedException;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.WaitStrategy;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ipcbench jmh [--quick] [JMH options] [benchmark regexps]}: the JMH suite from the same
 * shaded jar. JMH's own options pass through unchanged; this command only expands
 * {@code transport=all}, refuses parameter combinations that cannot run before anything forks,
 * applies {@code --quick}, and tells the forks where peer logs go.
 */
@Command(name = "jmh", usageHelpAutoWidth = true,
        description = {"Run the JMH suite (RoundTrip, Stream, Baseline) over every transport; JMH's own options pass through.",
                "Parameters: transport (default: all that work here, plus the in-process baseline), size (bytes), wait.",
                "Examples: ipcbench jmh -lp;  ipcbench jmh --quick -p transport=pipe -p size=64 -rf json -rff out.json RoundTrip",
                "JMH's options: ipcbench jmh -h"})
final class JmhCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Short profile that still forks: 1 fork, 2 x 200 ms warm-up, 3 x 300 ms measurement"
            + " (options given explicitly win).")
    boolean quick;

    @Option(names = "--peer-logs", paramLabel = "DIR",
            description = "Where peers write their output (default: ipcbench-results/jmh-<time>/peers; removed if every peer was silent).")
    Path peerLogs;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Units.DurationConverter.class,
            description = "Longest silence allowed from a peer before it is killed and the benchmark fails (default: 10s).")
    Long timeoutNanos;

    @Option(names = "--help", usageHelp = true, description = "This help; JMH's own options: -h.")
    boolean help;

    @Unmatched
    List<String> jmhArgs = new ArrayList<>();

    @Override
    public Integer call() throws IOException, RunnerException {
        PrintWriter stdout = spec.commandLine().getOut();
        List<String> args = expandTransports(new ArrayList<>(jmhArgs));
        CommandLineOptions options = parse(args);
        if (options.shouldHelp()) {
            spec.commandLine().usage(stdout);
            stdout.println();
            stdout.flush();
            options.showHelp();
            return 0;
        }
        OutputFormat format = OutputFormatFactory.createFormatInstance(new PrintStream(new LineStream(stdout), true,
                StandardCharsets.UTF_8), options.verbosity().orElse(VerboseMode.NORMAL));
        if (options.shouldList()) {
            new Runner(options, format).list();
            return 0;
        }
        if (options.shouldListWithParams()) {
            new Runner(options, format).listWithParams(options);
            return 0;
        }
        if (options.shouldListProfilers()) {
            options.listProfilers();
            return 0;
        }
        if (options.shouldListResultFormats()) {
            options.listResultFormats();
            return 0;
        }
        SortedSet<BenchmarkListEntry> chosen = BenchmarkList.defaultList()
                .find(OutputFormatFactory.createFormatInstance(new PrintStream(PrintStream.nullOutputStream()), VerboseMode.SILENT),
                        options.getIncludes(), options.getExcludes());
        if (chosen.isEmpty()) {
            throw new UsageError("no benchmark matches " + options.getIncludes() + " (see 'ipcbench jmh -l')");
        }
        validate(chosen, options);

        Path logs = (peerLogs != null ? peerLogs : Path.of("ipcbench-results",
                "jmh-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")), "peers")).toAbsolutePath();
        long timeout = timeoutNanos != null ? timeoutNanos : TimeUnit.MILLISECONDS.toNanos(JmhSuite.DEFAULT_TIMEOUT_MS);
        if (timeout <= 0) {
            throw new UsageError("--timeout must be positive");
        }
        List<String> props = List.of("-D" + JmhSuite.PEER_LOGS_PROPERTY + "=" + logs,
                "-D" + JmhSuite.TIMEOUT_PROPERTY + "=" + TimeUnit.NANOSECONDS.toMillis(timeout));
        // with -f 0 the benchmarks run in this JVM
        System.setProperty(JmhSuite.PEER_LOGS_PROPERTY, logs.toString());
        System.setProperty(JmhSuite.TIMEOUT_PROPERTY, Long.toString(TimeUnit.NANOSECONDS.toMillis(timeout)));

        ChainedOptionsBuilder builder = new OptionsBuilder().parent(options);
        List<String> append = new ArrayList<>(options.getJvmArgsAppend().orElse(List.of()));
        append.addAll(props);
        builder.jvmArgsAppend(append.toArray(String[]::new));
        if (!options.shouldFailOnError().hasValue()) {
            builder.shouldFailOnError(true);
        }
        if (quick) {
            if (!options.getForkCount().hasValue()) {
                builder.forks(1);
            }
            if (!options.getWarmupIterations().hasValue()) {
                builder.warmupIterations(2);
            }
            if (!options.getWarmupTime().hasValue()) {
                builder.warmupTime(TimeValue.milliseconds(200));
            }
            if (!options.getMeasurementIterations().hasValue()) {
                builder.measurementIterations(3);
            }
            if (!options.getMeasurementTime().hasValue()) {
                builder.measurementTime(TimeValue.milliseconds(300));
            }
        }
        List<Path> made = new ArrayList<>();
        for (Path p = logs; p != null && !Files.exists(p); p = p.getParent()) {
            made.add(p);
        }
        Collection<RunResult> results;
        try {
            results = new Runner(builder.build(), format).run();
        } catch (RunnerException e) {
            // JMH printed the benchmark's own failure above; this is the one-line verdict
            Throwable cause = e.getCause();
            throw new RunFailedException(e.getMessage() + (cause == null || cause.getMessage() == null ? ""
                    : ": " + cause.getMessage()), e);
        } finally {
            reportLogs(logs, made, stdout);
        }
        if (options.getResult().hasValue() || options.getResultFormat().hasValue()) {
            String file = options.getResult().orElse("jmh-result." + options.getResultFormat().get().toString().toLowerCase());
            stdout.println("ipcbench jmh: " + results.size() + " results in " + file
                    + (file.endsWith(".json") ? "; render them with: ipcbench report " + file : ""));
        }
        return 0;
    }

    private static CommandLineOptions parse(List<String> args) {
        try {
            return new CommandLineOptions(args.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            throw new UsageError("JMH option: " + e.getMessage() + " (JMH's options: 'ipcbench jmh -h')");
        }
    }

    /** Replaces {@code transport=all} (given, or the default) with every transport that works here. */
    private static List<String> expandTransports(List<String> args) {
        String all = String.join(",", JmhSuite.transports().stream().map(Transport::name).toList());
        boolean given = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = null;
            int at = i;
            if (a.equals("-p") && i + 1 < args.size() && args.get(i + 1).startsWith("transport=")) {
                at = i + 1;
                value = args.get(at);
            } else if (a.startsWith("-ptransport=")) {
                value = a.substring(2);
            }
            if (value == null) {
                continue;
            }
            given = true;
            List<String> names = new ArrayList<>();
            for (String n : value.substring("transport=".length()).split(",")) {
                names.add(n.trim().equals(JmhSuite.ALL) ? all : n.trim());
            }
            args.set(at, (at == i ? "-p" : "") + "transport=" + String.join(",", names));
        }
        if (!given) {
            args.add("-p");
            args.add("transport=" + all);
        }
        return args;
    }

    /** Every transport x wait x size the chosen benchmarks will run must be possible: refused here, not in a fork. */
    private static void validate(Set<BenchmarkListEntry> chosen, CommandLineOptions options) {
        Set<String> waitNames = new LinkedHashSet<>();
        Set<String> sizeNames = new LinkedHashSet<>();
        for (BenchmarkListEntry e : chosen) {
            Map<String, String[]> defaults = e.getParams().hasValue() ? e.getParams().get() : Map.of();
            if (defaults.containsKey("transport")) {
                waitNames.addAll(values(options, defaults, "wait"));
                sizeNames.addAll(values(options, defaults, "size"));
            }
        }
        if (waitNames.isEmpty()) {
            return; // only benchmarks without a transport (the baselines)
        }
        Set<String> problems = new LinkedHashSet<>();
        List<Transport> transports = new ArrayList<>();
        for (String name : options.getParameter("transport").orElse(List.of())) {
            try {
                transports.add(JmhSuite.transport(name));
            } catch (IllegalArgumentException x) {
                problems.add(x.getMessage());
            }
        }
        List<WaitStrategy> waits = new ArrayList<>();
        for (String w : waitNames) {
            try {
                waits.add(WaitStrategy.of(w));
            } catch (IllegalArgumentException x) {
                problems.add("wait=" + w + ": " + x.getMessage());
            }
        }
        List<Long> sizes = new ArrayList<>();
        for (String size : sizeNames) {
            try {
                sizes.add(Long.parseLong(size.trim()));
            } catch (NumberFormatException x) {
                problems.add("size=" + size + ": sizes are whole bytes here, e.g. size=64,4096,65536");
            }
        }
        for (Transport t : transports) {
            for (WaitStrategy w : waits) {
                for (long size : sizes) {
                    try {
                        JmhSuite.check(t, w, size);
                    } catch (IllegalArgumentException x) {
                        problems.add(x.getMessage());
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new UsageError(String.join("; ", problems) + " (choose with -p transport=..., -p wait=..., -p size=...)");
        }
    }

    private static Collection<String> values(CommandLineOptions options, Map<String, String[]> defaults, String name) {
        return options.getParameter(name).orElse(Arrays.asList(defaults.getOrDefault(name, new String[0])));
    }

    /**
     * Peer logs of successful peers are deleted as they end; what is left is worth reading. Else
     * the directories this run made for them go again.
     */
    private static void reportLogs(Path logs, List<Path> made, PrintWriter out) throws IOException {
        if (!Files.isDirectory(logs)) {
            return;
        }
        List<Path> kept = new ArrayList<>();
        try (DirectoryStream<Path> d = Files.newDirectoryStream(logs)) {
            d.forEach(kept::add);
        }
        if (!kept.isEmpty()) {
            out.println("ipcbench jmh: peer logs: " + logs + " (" + kept.size() + " file" + (kept.size() == 1 ? "" : "s") + ")");
            return;
        }
        for (Path dir : made) {
            try (DirectoryStream<Path> d = Files.newDirectoryStream(dir)) {
                if (d.iterator().hasNext()) {
                    return;
                }
            }
            Files.delete(dir);
        }
    }

    /** JMH writes to a PrintStream; this hands its output to the command's writer line by line. */
    private static final class LineStream extends OutputStream {
        private final PrintWriter out;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineStream(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            line.write(b);
            if (b == '\n') {
                flush();
            }
        }

        @Override
        public void flush() {
            if (line.size() > 0) {
                out.print(line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
            out.flush();
        }
    }
}
