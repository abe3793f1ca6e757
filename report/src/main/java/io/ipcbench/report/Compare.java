package io.ipcbench.report;

import io.ipcbench.core.env.Environment;
import io.ipcbench.core.result.JmhJson;
import io.ipcbench.core.result.ResultRecord;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Compares two sets of results, case by case (transport x wait x mode x size) and metric by metric.
 * A change is a regression only when all three hold: it goes the bad way by at least the metric's
 * threshold, a one-sided Mann-Whitney test on the repetitions (or JMH iterations) of both sides
 * finds it significant, and neither side is unstable (its own spread across repetitions wider
 * than {@code maxSpread}: such a result cannot resolve a change of that size; it is reported, but
 * never fails). A metric without repetitions on both sides cannot be tested: it is reported as
 * "untested" and does not fail either.
 */
public final class Compare {
    /** What is compared, which way is better, and the default minimum effect. */
    public enum Metric {
        P50("p50", true, 0.05), P99("p99", true, 0.15), P999("p99.9", true, 0.15), MSGS("msgs/s", false, 0.05);

        public final String label;
        public final boolean lowerIsBetter;
        public final double defaultThreshold;

        Metric(String label, boolean lowerIsBetter, double defaultThreshold) {
            this.label = label;
            this.lowerIsBetter = lowerIsBetter;
            this.defaultThreshold = defaultThreshold;
        }

        /** The metric called {@code label} (p50, p99, p99.9, msgs/s). */
        public static Metric of(String label) {
            for (Metric m : values()) {
                if (m.label.equals(label.trim())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown metric '" + label.trim() + "' (known: p50, p99, p99.9, msgs/s)");
        }
    }

    public enum Verdict {
        REGRESSION("regression"), IMPROVEMENT("improvement"), UNCHANGED("unchanged"), UNSTABLE("unstable"),
        UNTESTED("untested"), ONLY_BASELINE("only in baseline"), ONLY_CURRENT("only in current");

        public final String label;

        Verdict(String label) {
            this.label = label;
        }
    }

    /**
     * @param thresholds minimum relative effect per metric (0.05 = 5%)
     * @param alpha      significance level of the one-sided test
     * @param maxSpread  a side whose (max - min) / median across repetitions exceeds this is unstable
     */
    public record Settings(Map<Metric, Double> thresholds, double alpha, double maxSpread) {
        public static Settings defaults() {
            Map<Metric, Double> t = new LinkedHashMap<>();
            for (Metric m : Metric.values()) {
                t.put(m, m.defaultThreshold);
            }
            return new Settings(t, 0.05, 0.25);
        }

        double threshold(Metric m) {
            return thresholds.getOrDefault(m, m.defaultThreshold);
        }
    }

    /**
     * One case and metric. {@code change} is (current - baseline) / baseline; {@code worse} is how
     * much worse as a factor minus one, negative when better, symmetric in both directions: +0.25
     * is 1.25x the latency or 1/1.25 of the throughput, -0.25 is the same the other way. The
     * thresholds apply to |worse|.
     */
    public record Line(String transport, String waitStrategy, String mode, int payloadBytes, Metric metric, Double baseline,
                       Double current, Double change, Double worse, Double pValue, int baselineReps, int currentReps,
                       Double baselineSpread, Double currentSpread, Verdict verdict, String why) {
        public String key() {
            return transport + " " + waitStrategy + " " + mode + " " + payloadBytes + " B";
        }
    }

    public record Outcome(List<Line> lines, List<String> warnings, Settings settings) {
        public boolean regression() {
            return lines.stream().anyMatch(l -> l.verdict() == Verdict.REGRESSION);
        }

        public long count(Verdict v) {
            return lines.stream().filter(l -> l.verdict() == v).count();
        }
    }

    private Compare() {
    }

    public static Outcome compare(List<RunResults> baseline, List<RunResults> current, Settings settings) {
        Map<String, Case> base = index(baseline);
        Map<String, Case> cur = index(current);
        List<String> warnings = new ArrayList<>(environmentWarnings(baseline, current));
        TreeSet<String> keys = new TreeSet<>(base.keySet());
        keys.addAll(cur.keySet());
        List<Line> lines = new ArrayList<>();
        for (String k : keys) {
            Case b = base.get(k);
            Case c = cur.get(k);
            Case any = b != null ? b : c;
            for (Metric m : metrics(any.first())) {
                lines.add(line(b, c, m, settings));
            }
        }
        return new Outcome(lines, warnings, settings);
    }

    /**
     * One case on one side. A side may hold several runs (e.g. the last few runs of the main
     * branch): their values for a case are pooled, the value being the median of the runs' values
     * and the repetitions all of theirs, so the drift between runs counts as spread.
     */
    record Case(List<Row> rows) {
        ResultRecord first() {
            return rows.get(0).r();
        }

        Double value(Metric m) {
            List<Double> v = new ArrayList<>();
            for (Row r : rows) {
                Double x = Compare.value(r.r(), m);
                if (x != null) {
                    v.add(x);
                }
            }
            if (v.isEmpty()) {
                return null;
            }
            v.sort(null);
            int n = v.size();
            return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
        }

        double[] repetitions(Metric m) {
            List<double[]> all = new ArrayList<>();
            int n = 0;
            for (Row r : rows) {
                double[] reps = Compare.repetitions(r, m);
                all.add(reps);
                n += reps.length;
            }
            double[] out = new double[n];
            int at = 0;
            for (double[] reps : all) {
                System.arraycopy(reps, 0, out, at, reps.length);
                at += reps.length;
            }
            return out;
        }
    }

    private static Map<String, Case> index(List<RunResults> runs) {
        Map<String, List<Row>> out = new LinkedHashMap<>();
        for (RunResults run : runs) {
            for (ResultRecord r : run.doc().results()) {
                out.computeIfAbsent(String.format(Locale.ROOT, "%s|%s|%s|%012d", r.transport(), r.waitStrategy(), r.mode(),
                        r.payloadBytes()), k -> new ArrayList<>()).add(new Row(r, run));
            }
        }
        Map<String, Case> cases = new LinkedHashMap<>();
        out.forEach((k, rows) -> cases.put(k, new Case(rows)));
        return cases;
    }

    static List<Metric> metrics(ResultRecord r) {
        if ("rtt".equals(r.mode()) && r.latencyNs() != null) {
            return List.of(Metric.P50, Metric.P99, Metric.P999);
        }
        if ("stream".equals(r.mode()) && r.msgsPerSec() != null) {
            return List.of(Metric.MSGS);
        }
        return List.of();
    }

    private static Line line(Case b, Case c, Metric m, Settings s) {
        ResultRecord any = (b != null ? b : c).first();
        if (b == null || c == null) {
            Double v = (b != null ? b : c).value(m);
            return new Line(any.transport(), any.waitStrategy(), any.mode(), any.payloadBytes(), m, b == null ? null : v,
                    c == null ? null : v, null, null, null, 0, 0, null, null,
                    b == null ? Verdict.ONLY_CURRENT : Verdict.ONLY_BASELINE, "");
        }
        Double bv = b.value(m);
        Double cv = c.value(m);
        double[] bs = b.repetitions(m);
        double[] cs = c.repetitions(m);
        Double bSpread = spread(bs);
        Double cSpread = spread(cs);
        if (bv == null || cv == null || bv <= 0 || !Double.isFinite(bv) || !Double.isFinite(cv)) {
            return new Line(any.transport(), any.waitStrategy(), any.mode(), any.payloadBytes(), m, bv, cv, null, null, null,
                    bs.length, cs.length, bSpread, cSpread, Verdict.UNTESTED, "no value to compare");
        }
        double change = (cv - bv) / bv;
        // how much worse, as a factor, the same way for both directions: +100% is twice the
        // latency, or half the throughput (a throughput's fall alone could never pass 100%)
        double factor = m.lowerIsBetter ? cv / bv : bv / cv; // above 1: worse (x / 0 is infinite, never a throw)
        double worse = factor >= 1 ? factor - 1 : -(1 / factor - 1);
        double threshold = s.threshold(m);
        Double p = null;
        if (bs.length >= 2 && cs.length >= 2) {
            // the test looks the way the change goes: is the current side worse (or better)?
            boolean currentHigher = change > 0;
            p = currentHigher ? MannWhitney.pGreater(bs, cs) : MannWhitney.pGreater(cs, bs);
        }
        Verdict v;
        String why;
        if (Math.abs(worse) < threshold) {
            v = Verdict.UNCHANGED;
            why = String.format(Locale.ROOT, "|change| below %s", pct(threshold));
        } else if (p == null) {
            v = Verdict.UNTESTED;
            why = "no repetitions to test on " + (bs.length < 2 ? "the baseline" : "the current side");
        } else if (isUnstable(bSpread, s) || isUnstable(cSpread, s)) {
            v = Verdict.UNSTABLE;
            why = String.format(Locale.ROOT, "spread %s / %s across repetitions exceeds %s", pct(nz(bSpread)), pct(nz(cSpread)),
                    pct(s.maxSpread()));
        } else if (p > s.alpha()) {
            v = Verdict.UNCHANGED;
            why = String.format(Locale.ROOT, "not significant (p = %.3f > %.3f)", p, s.alpha());
        } else {
            v = worse > 0 ? Verdict.REGRESSION : Verdict.IMPROVEMENT;
            why = String.format(Locale.ROOT, "p = %.3f, |change| >= %s", p, pct(threshold));
        }
        return new Line(any.transport(), any.waitStrategy(), any.mode(), any.payloadBytes(), m, bv, cv, change, worse, p,
                bs.length, cs.length, bSpread, cSpread, v, why);
    }

    private static boolean isUnstable(Double spread, Settings s) {
        return spread != null && spread > s.maxSpread();
    }

    private static double nz(Double d) {
        return d == null ? 0 : d;
    }

    static String pct(double f) {
        return String.format(Locale.ROOT, "%.0f%%", f * 100);
    }

    static Double value(ResultRecord r, Metric m) {
        return switch (m) {
            case P50 -> r.latencyNs() == null ? null : (double) r.latencyNs().p50();
            case P99 -> r.latencyNs() == null ? null : (double) r.latencyNs().p99();
            case P999 -> r.latencyNs() == null ? null : (double) r.latencyNs().p999();
            case MSGS -> r.msgsPerSec();
        };
    }

    /** The metric per repetition (results.json: the spread's values, or each interval of the histogram log; JMH: each iteration). */
    static double[] repetitions(Row row, Metric m) {
        ResultRecord r = row.r();
        if (m == Metric.MSGS) {
            return r.spread() != null && "msgsPerSec".equals(r.spread().metric()) ? toArray(r.spread().values()) : new double[0];
        }
        if (m == Metric.P50 && r.spread() != null && "p50Ns".equals(r.spread().metric())) {
            return toArray(r.spread().values());
        }
        double q = m == Metric.P50 ? 50 : m == Metric.P99 ? 99 : 99.9;
        Path log = row.histogramLog();
        if (log != null && Files.isRegularFile(log)) {
            List<Double> out = new ArrayList<>();
            try (HistogramLogReader reader = new HistogramLogReader(log.toFile())) {
                while (reader.hasNext()) {
                    if (reader.nextIntervalHistogram() instanceof Histogram h && h.getTotalCount() > 0) {
                        out.add((double) h.getValueAtPercentile(q));
                    }
                }
                return toArray(out);
            } catch (IOException | RuntimeException e) {
                return new double[0];
            }
        }
        Object facts = r.transportFacts() == null ? null
                : r.transportFacts().get(m == Metric.P99 ? JmhJson.P99_PER_ITERATION : JmhJson.P999_PER_ITERATION);
        if (m != Metric.P50 && facts instanceof List<?> list) {
            List<Double> out = new ArrayList<>();
            for (Object o : list) {
                if (o instanceof Number n) {
                    out.add(n.doubleValue());
                }
            }
            return toArray(out);
        }
        return new double[0];
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** (max - min) / median, or null with fewer than two values. */
    static Double spread(double[] v) {
        if (v.length < 2) {
            return null;
        }
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return median == 0 ? null : (s[n - 1] - s[0]) / median;
    }

    /** Loud warnings when the two sides were measured in different environments (or one cannot tell). */
    static List<String> environmentWarnings(List<RunResults> baseline, List<RunResults> current) {
        List<String> w = new ArrayList<>();
        TreeSet<String> b = environments(baseline);
        TreeSet<String> c = environments(current);
        if (b.contains(UNKNOWN) || c.contains(UNKNOWN)) {
            w.add("ENVIRONMENT UNKNOWN: " + (b.contains(UNKNOWN) ? "the baseline" : "the current side")
                    + " records no machine (JMH JSON does not): the comparison cannot check that both ran on the same kind of machine.");
        }
        TreeSet<String> known = new TreeSet<>(b);
        known.addAll(c);
        known.remove(UNKNOWN);
        if (known.size() > 1) {
            w.add("DIFFERENT ENVIRONMENTS: baseline " + String.join(" + ", without(b)) + " vs current " + String.join(" + ", without(c))
                    + ". Differences may be the machine's, not the code's.");
        }
        return w;
    }

    private static List<String> without(TreeSet<String> s) {
        List<String> out = new ArrayList<>(s);
        out.remove(UNKNOWN);
        return out.isEmpty() ? List.of(UNKNOWN) : out;
    }

    static final String UNKNOWN = "unknown";

    private static TreeSet<String> environments(List<RunResults> runs) {
        TreeSet<String> out = new TreeSet<>();
        for (RunResults r : runs) {
            out.add(environmentKey(r.doc().environment()));
        }
        return out;
    }

    /** What makes two runs comparable: CPU model, kernel, online CPUs. */
    static String environmentKey(Environment e) {
        if (e == null) {
            return UNKNOWN;
        }
        return Objects.toString(e.cpuModel(), "?") + ", kernel " + Objects.toString(e.kernel(), "?") + ", " + e.onlineCpus() + " CPUs";
    }
}
