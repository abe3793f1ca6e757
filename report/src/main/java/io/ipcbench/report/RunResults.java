package io.ipcbench.report;

import io.ipcbench.core.result.ResultsDocument;
import io.ipcbench.core.result.ResultsFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One input of a report: a results file and the directory its histogram logs are relative to.
 *
 * @param file the results.json read
 * @param dir  its run directory
 * @param doc  what it holds
 */
public record RunResults(Path file, Path dir, ResultsDocument doc) {

    /**
     * Reads every input (a results.json, or a run directory holding one). Refuses, with a message
     * naming the input: a missing path, a file that is not a results file or has an unknown schema,
     * and inputs that hold no result at all.
     */
    public static List<RunResults> load(List<Path> inputs) throws ReportException {
        if (inputs.isEmpty()) {
            throw new ReportException("no results given (a results.json or a run directory)");
        }
        List<RunResults> runs = new ArrayList<>();
        for (Path input : inputs) {
            Path file = Files.isDirectory(input) ? input.resolve(ResultsFile.NAME) : input;
            if (!Files.exists(input)) {
                throw new ReportException(input + ": no such file or directory");
            }
            if (Files.isDirectory(input) && !Files.isRegularFile(file)) {
                throw new ReportException(input + ": a directory without " + ResultsFile.NAME + " (not a run directory)");
            }
            try {
                ResultsDocument doc = ResultsFile.read(file);
                Path dir = file.toAbsolutePath().getParent();
                runs.add(new RunResults(file, dir, doc));
            } catch (IOException e) {
                throw new ReportException(e.getMessage());
            }
        }
        if (runs.stream().allMatch(r -> r.doc().results() == null || r.doc().results().isEmpty())) {
            throw new ReportException("no results in " + inputs.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse("")
                    + " (an empty result set: nothing to report)");
        }
        return runs;
    }
}
