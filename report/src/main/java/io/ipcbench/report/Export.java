package io.ipcbench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.result.ResultsFile;
import io.ipcbench.report.Compare.Metric;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Results in the formats CI tools read:
 * <ul>
 *   <li>github-action-benchmark's custom formats: an array of {@code {name, unit, value, range, extra}},
 *       one file for {@code customSmallerIsBetter} (latencies) and one for
 *       {@code customBiggerIsBetter} (throughput), with the parameters in the names;</li>
 *   <li>Bencher Metric Format: {@code {benchmark: {measure: {value, lower_value, upper_value}}}} with
 *       Bencher's built-in {@code latency} (ns) and {@code throughput} (operations/s) measures, plus
 *       {@code latency-p99} and {@code throughput-bytes} (created by Bencher on first use).</li>
 * </ul>
 * Lower and upper values, and the range, come from the spread across repetitions.
 */
public final class Export {
    public static final String SMALLER = "benchmark-smaller-is-better.json";
    public static final String BIGGER = "benchmark-bigger-is-better.json";
    public static final String BENCHER = "bencher.json";

    public enum Format {
        GITHUB_ACTION_BENCHMARK("github-action-benchmark"), BENCHER("bencher");

        public final String id;

        Format(String id) {
            this.id = id;
        }

        public static Format of(String id) {
            for (Format f : values()) {
                if (f.id.equals(id)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown format '" + id + "' (known: github-action-benchmark, bencher)");
        }
    }

    private Export() {
    }

    /** File name -> content. */
    public static Map<String, byte[]> render(List<RunResults> runs, Format format) throws ReportException {
        try {
            return format == Format.BENCHER ? Map.of(BENCHER, json(bencher(runs)))
                    : githubActionBenchmark(runs);
        } catch (JsonProcessingException e) {
            throw new ReportException("cannot write JSON: " + e.getOriginalMessage());
        }
    }

    public static Map<String, Path> write(List<RunResults> runs, Format format, Path outDir) throws ReportException {
        Map<String, byte[]> files = render(runs, format);
        Report.write(new Report.Rendered(files, 0, 0), outDir);
        Map<String, Path> out = new LinkedHashMap<>();
        files.keySet().forEach(name -> out.put(name, outDir.resolve(name)));
        return out;
    }

    private static byte[] json(Object o) throws JsonProcessingException {
        return (ResultsFile.json().writeValueAsString(o) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String name(ResultRecord r, String what) {
        return String.format(Locale.ROOT, "ipcbench %s %s %s/%s %s", r.caseMode(), what, r.transport(), r.waitStrategy(),
                Charts.sizeLabel(r.payloadBytes()));
    }

    private static Map<String, byte[]> githubActionBenchmark(List<RunResults> runs) throws JsonProcessingException {
        List<Map<String, Object>> smaller = new ArrayList<>();
        List<Map<String, Object>> bigger = new ArrayList<>();
        for (RunResults run : runs) {
            for (ResultRecord r : run.doc().results()) {
                Row row = new Row(r, run);
                if (row.rtt() || row.load()) {
                    for (Metric m : List.of(Metric.P50, Metric.P99)) {
                        smaller.add(entry(name(r, m.label), "ns", Compare.value(r, m), Compare.repetitions(row, m), r));
                    }
                } else if (row.stream()) {
                    bigger.add(entry(name(r, "msgs/s"), "msgs/s", r.msgsPerSec(), Compare.repetitions(row, Metric.MSGS), r));
                    if (r.bytesPerSec() != null) {
                        bigger.add(entry(name(r, "MB/s"), "MB/s", r.bytesPerSec() / 1e6, new double[0], r));
                    }
                }
            }
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put(SMALLER, json(smaller));
        out.put(BIGGER, json(bigger));
        return out;
    }

    private static Map<String, Object> entry(String name, String unit, double value, double[] reps, ResultRecord r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        e.put("unit", unit);
        e.put("value", round(value));
        if (reps.length >= 2) {
            double[] mm = minMax(reps);
            e.put("range", "± " + fmt((mm[1] - mm[0]) / 2));
        }
        e.put("extra", String.format(Locale.ROOT, "repetitions: %d\nmessages: %d verified%s", r.repetitions(),
                r.verifiedMessages(), r.fragments() > 1 ? "\nfragments per message: " + r.fragments() : ""));
        return e;
    }

    private static Map<String, Object> bencher(List<RunResults> runs) {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (RunResults run : runs) {
            for (ResultRecord r : run.doc().results()) {
                Row row = new Row(r, run);
                String bench = String.format(Locale.ROOT, "ipcbench/%s/%s/%s/%s", r.caseMode().replace(' ', '-'), r.transport(), r.waitStrategy(),
                        Charts.sizeLabel(r.payloadBytes()));
                Map<String, Object> measures = new LinkedHashMap<>();
                if (row.rtt() || row.load()) {
                    measures.put("latency", measure(Compare.value(r, Metric.P50), Compare.repetitions(row, Metric.P50)));
                    measures.put("latency-p99", measure(Compare.value(r, Metric.P99), Compare.repetitions(row, Metric.P99)));
                } else if (row.stream()) {
                    measures.put("throughput", measure(r.msgsPerSec(), Compare.repetitions(row, Metric.MSGS)));
                    if (r.bytesPerSec() != null) {
                        measures.put("throughput-bytes", measure(r.bytesPerSec(), new double[0]));
                    }
                }
                if (!measures.isEmpty()) {
                    doc.put(bench, measures);
                }
            }
        }
        return doc;
    }

    private static Map<String, Object> measure(double value, double[] reps) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", round(value));
        if (reps.length >= 2) {
            double[] mm = minMax(reps);
            m.put("lower_value", round(Math.min(mm[0], value)));
            m.put("upper_value", round(Math.max(mm[1], value)));
        }
        return m;
    }

    private static double[] minMax(double[] values) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new double[] {min, max};
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
