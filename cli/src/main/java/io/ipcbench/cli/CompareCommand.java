package io.ipcbench.cli;

import io.ipcbench.report.Compare;
import io.ipcbench.report.Compare.Metric;
import io.ipcbench.report.CompareFormat;
import io.ipcbench.report.History;
import io.ipcbench.report.ReportException;
import io.ipcbench.report.RunResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ipcbench compare BASELINE CURRENT}: exit 0 without regression, 3 with one, 2 for bad input. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two results (results.json, run directory or JMH JSON) case by case: exit 0 if nothing regressed,"
                + " 3 if something did, 2 for bad input.",
                "A regression needs all three: a change the bad way of at least the threshold, a one-sided Mann-Whitney U test"
                        + " on the repetitions (or JMH iterations) below --alpha, and both sides stable (spread within --max-spread)."})
final class CompareCommand implements Callable<Integer> {
    static final int EXIT_REGRESSION = 3;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASELINE", description = "results.json, a run directory, a JMH JSON file, or a"
            + " directory of run directories (their results are pooled per case: e.g. the last few runs of main).")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CURRENT", description = "The same kinds.")
    Path current;

    @Option(names = "--threshold", paramLabel = "METRIC=PCT|PCT", split = ",",
            description = "Minimum effect of time: '10%%' for every time metric, or per metric: p50=5%%,p99=15%%,p99.9=15%%,"
                    + "msgs/s=5%% (the defaults); the work metrics too: syscalls/op=5%%,kernel-B/op=5%%,ctx-switches/op=25%%.")
    List<String> thresholds;

    @Option(names = "--work-threshold", paramLabel = "PCT",
            description = "Minimum effect of every work metric (system calls, kernel bytes, context switches per op), which barely"
                    + " drift with the host (default: syscalls/op and kernel-B/op 5%%, ctx-switches/op 25%%).")
    String workThreshold;

    @Option(names = "--alpha", paramLabel = "P", defaultValue = "0.05",
            description = "Significance level of the one-sided test (default: ${DEFAULT-VALUE}; with 3 repetitions a side the"
                    + " smallest p possible is 0.05).")
    double alpha;

    @Option(names = "--max-spread", paramLabel = "PCT", defaultValue = "25%",
            description = "A side whose (max - min) / median across repetitions exceeds this is 'unstable': reported, never a"
                    + " regression (default: ${DEFAULT-VALUE}).")
    String maxSpread;

    @Option(names = "--format", paramLabel = "text|markdown|json", defaultValue = "text",
            description = "Output: a text table, Markdown for a pull-request comment, or JSON (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!List.of("text", "markdown", "json").contains(format)) {
            throw new UsageError("--format: '" + format + "' is not one of text, markdown, json");
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new UsageError("--alpha: " + alpha + " is not between 0 and 1");
        }
        Compare.Settings settings = new Compare.Settings(thresholds(), alpha, percent("--max-spread", maxSpread));
        List<RunResults> b;
        List<RunResults> c;
        try {
            b = RunResults.load(History.expand(List.of(baseline)));
            c = RunResults.load(History.expand(List.of(current)));
        } catch (ReportException e) {
            throw new UsageError(e.getMessage());
        }
        Compare.Outcome o = Compare.compare(b, c, settings);
        if (o.lines().stream().noneMatch(l -> l.baseline() != null && l.current() != null)) {
            throw new UsageError("nothing to compare: " + baseline + " and " + current + " have no case in common");
        }
        out.print(switch (format) {
            case "markdown" -> CompareFormat.markdown(o);
            case "json" -> CompareFormat.json(o);
            default -> CompareFormat.text(o);
        });
        out.flush();
        if (!o.warnings().isEmpty() && !format.equals("text")) {
            o.warnings().forEach(w -> spec.commandLine().getErr().println("ipcbench compare: " + w));
        }
        return o.regression() ? EXIT_REGRESSION : 0;
    }

    private Map<Metric, Double> thresholds() {
        Map<Metric, Double> t = new LinkedHashMap<>();
        for (Metric m : Metric.values()) {
            t.put(m, m.defaultThreshold);
        }
        if (workThreshold != null) {
            double v = percent("--work-threshold", workThreshold);
            t.replaceAll((m, old) -> m.work ? v : old);
        }
        if (thresholds == null) {
            return t;
        }
        for (String spec : thresholds) {
            int eq = spec.indexOf('=');
            if (eq < 0) {
                double v = percent("--threshold", spec);
                t.replaceAll((m, old) -> m.work ? old : v);
                continue;
            }
            Metric metric;
            try {
                metric = Metric.of(spec.substring(0, eq));
            } catch (IllegalArgumentException e) {
                throw new UsageError("--threshold: " + e.getMessage());
            }
            t.put(metric, percent("--threshold", spec.substring(eq + 1)));
        }
        return t;
    }

    /** "5%" or "0.05" as a fraction. */
    static double percent(String option, String text) {
        String s = text.trim();
        double v;
        try {
            v = s.endsWith("%") ? Double.parseDouble(s.substring(0, s.length() - 1)) / 100 : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new UsageError(option + ": '" + text + "' is not a percentage (e.g. 5% or 0.05)");
        }
        if (!(v > 0) || v > 10) {
            throw new UsageError(option + ": '" + text + "' is out of range (above 0, at most 1000%)");
        }
        return v;
    }
}
