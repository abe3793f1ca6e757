package io.ipcbench.cli;

import io.ipcbench.report.Report;
import io.ipcbench.report.ReportException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ipcbench report RESULTS... [--out DIR]}: report.html, one PNG per chart, results.csv. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write report.html (self-contained), PNG charts and results.csv from results.json files or run directories.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RESULTS", description = "results.json files or run directories.")
    List<Path> inputs;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Where to write the report (default: the first input's run directory).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        Path dir = out != null ? out : defaultDir(inputs.get(0));
        try {
            Path page = Report.build(inputs, dir);
            stdout.println("report: " + page);
            return 0;
        } catch (ReportException e) {
            throw new UsageError(e.getMessage());
        }
    }

    static Path defaultDir(Path input) {
        Path abs = input.toAbsolutePath();
        return Files.isDirectory(abs) ? abs : abs.getParent();
    }
}
