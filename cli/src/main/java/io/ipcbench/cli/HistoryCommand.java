package io.ipcbench.cli;

import io.ipcbench.report.Compare.Metric;
import io.ipcbench.report.History;
import io.ipcbench.report.ReportException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ipcbench history DIR... [--metric p50,msgs/s] [--out DIR]}. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Trend charts (PNG and history.html) of chosen metrics across many runs, oldest first; each point carries"
                + " its commit and environment, and runs from different environments are never joined into one line.")
final class HistoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR",
            description = "Run directories, results.json or JMH JSON files, or directories of run directories (e.g. ipcbench-results).")
    List<Path> inputs;

    @Option(names = "--metric", split = ",", paramLabel = "METRIC", defaultValue = "p50,msgs/s",
            description = "Any of p50, p99, p99.9, msgs/s (default: ${DEFAULT-VALUE}).")
    List<String> metrics;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "ipcbench-history",
            description = "Where to write history.html and its PNGs (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        List<Metric> chosen = new ArrayList<>();
        for (String name : metrics) {
            try {
                chosen.add(Metric.of(name));
            } catch (IllegalArgumentException e) {
                throw new UsageError("--metric: " + e.getMessage());
            }
        }
        try {
            spec.commandLine().getOut().println("history: " + History.build(inputs, out, chosen));
            return 0;
        } catch (ReportException e) {
            throw new UsageError(e.getMessage());
        }
    }
}
