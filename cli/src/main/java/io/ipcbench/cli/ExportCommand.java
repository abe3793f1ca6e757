package io.ipcbench.cli;

import io.ipcbench.report.Export;
import io.ipcbench.report.ReportException;
import io.ipcbench.report.RunResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ipcbench export --format github-action-benchmark|bencher RESULTS... --out DIR}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write results in a CI tool's format: github-action-benchmark (customSmallerIsBetter and"
                + " customBiggerIsBetter files) or bencher (Bencher Metric Format).")
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "github-action-benchmark|bencher", description = "The tool's format.")
    String format;

    @Parameters(arity = "1..*", paramLabel = "RESULTS", description = "results.json files, run directories or JMH JSON files.")
    List<Path> inputs;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Where to write the files.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        Export.Format f;
        try {
            f = Export.Format.of(format);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--format: " + e.getMessage());
        }
        try {
            Map<String, Path> written = Export.write(RunResults.load(inputs), f, out);
            written.forEach((name, path) -> stdout.println("export: " + path));
            return 0;
        } catch (ReportException e) {
            throw new UsageError(e.getMessage());
        }
    }
}
