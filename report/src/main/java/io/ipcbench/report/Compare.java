package io.ipcbench.report;

import io.ipcbench.core.env.Environment;
import io.ipcbench.core.result.JmhJson;
import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.result.WorkCost;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.apache.commons.statistics.descriptive.Median;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.MannWhitneyUTest;

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
    /**
     * What is compared, which way is better, and the default minimum effect. The work metrics
     * (system calls, kernel bytes and context switches per operation, both sides) barely move with
     * the host's state, so they get tight thresholds of their own, and an absolute floor
     * ({@code floor}) below which a difference is no change at all (shared memory's near-zero counts).
     */
    public enum Metric {
        P50("p50", true, 0.05, false, 0, "us", 1e-3, 0), P99("p99", true, 0.15, false, 0, "us", 1e-3, 0.01),
        P999("p99.9", true, 0.15, false, 0, "us", 1e-3, 0.001), MSGS("msgs/s", false, 0.05, false, 0, "messages/s", 1, 0),
        SYSCALLS("syscalls/op", true, 0.05, true, 0.02, "system calls per op", 1, 0),
        KERNEL_BYTES("kernel-B/op", true, 0.05, true, 1, "kernel bytes per op", 1, 0),
        CTX_SWITCHES("ctx-switches/op", true, 0.25, true, 0.05, "context switches per op", 1, 0);

        public final String label;
        public final boolean lowerIsBetter;
        public final double defaultThreshold;
        /** A count of work, not a time. */
        public final boolean work;
        /** Differences below this (in the metric's own unit) are no change. */
        public final double floor;
        /** How charts show it: {@code value * displayScale} in {@code displayUnit}. */
        public final String displayUnit;
        public final double displayScale;
        /** For a tail percentile, the fraction of samples beyond it (0.001 for p99.9); 0 otherwise. */
        public final double tail;

        Metric(String label, boolean lowerIsBetter, double defaultThreshold, boolean work, double floor, String displayUnit,
               double displayScale, double tail) {
            this.label = label;
            this.lowerIsBetter = lowerIsBetter;
            this.defaultThreshold = defaultThreshold;
            this.work = work;
            this.floor = floor;
            this.displayUnit = displayUnit;
            this.displayScale = displayScale;
            this.tail = tail;
        }

        /** The metric called {@code label} (p50, p99, p99.9, msgs/s, syscalls/op, kernel-B/op, ctx-switches/op). */
        public static Metric of(String label) {
            for (Metric m : values()) {
                if (m.label.equals(label.trim())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown metric '" + label.trim()
                    + "' (known: p50, p99, p99.9, msgs/s, syscalls/op, kernel-B/op, ctx-switches/op)");
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
        warnings.addAll(hostWarnings(baseline, current));
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
            return Median.withDefaults().evaluate(v.stream().mapToDouble(Double::doubleValue).toArray());
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
                out.computeIfAbsent(String.format(Locale.ROOT, "%s|%s|%s|%012d", r.transport(), r.waitStrategy(), caseMode(r),
                        r.payloadBytes()), k -> new ArrayList<>()).add(new Row(r, run));
            }
        }
        Map<String, Case> cases = new LinkedHashMap<>();
        out.forEach((k, rows) -> cases.put(k, new Case(rows)));
        return cases;
    }

    /**
     * The mode a case is keyed by: rtt, stream, or {@code load <rate>/s}; the rate is part of a load
     * case (its latencies are the corrected one-way ones, judged like round trips).
     */
    static String caseMode(ResultRecord r) {
        return r.caseMode();
    }

    public static List<Metric> metrics(ResultRecord r) {
        List<Metric> out = new ArrayList<>();
        if (("rtt".equals(r.mode()) || r.load() != null) && r.latencyNs() != null) {
            out.addAll(List.of(Metric.P50, Metric.P99, Metric.P999));
        }
        if ("stream".equals(r.mode()) && r.msgsPerSec() != null) {
            out.add(Metric.MSGS);
        }
        if (!out.isEmpty() && r.work() != null) {
            out.addAll(List.of(Metric.SYSCALLS, Metric.KERNEL_BYTES, Metric.CTX_SWITCHES));
        }
        return out;
    }

    private static Line line(Case b, Case c, Metric m, Settings s) {
        ResultRecord any = (b != null ? b : c).first();
        if (b == null || c == null) {
            Double v = (b != null ? b : c).value(m);
            return new Line(any.transport(), any.waitStrategy(), caseMode(any), any.payloadBytes(), m, b == null ? null : v,
                    c == null ? null : v, null, null, null, 0, 0, null, null,
                    b == null ? Verdict.ONLY_CURRENT : Verdict.ONLY_BASELINE, "");
        }
        Double bv = b.value(m);
        Double cv = c.value(m);
        double[] bs = b.repetitions(m);
        double[] cs = c.repetitions(m);
        Double bSpread = spread(bs);
        Double cSpread = spread(cs);
        if (bv != null && cv != null && m.work && Math.abs(cv - bv) < m.floor) {
            return new Line(any.transport(), any.waitStrategy(), caseMode(any), any.payloadBytes(), m, bv, cv, null, null, null,
                    bs.length, cs.length, bSpread, cSpread, Verdict.UNCHANGED,
                    String.format(Locale.ROOT, "|difference| below %s per op", m.floor));
        }
        if (bv == null || cv == null || (bv <= 0 && !m.work) || !Double.isFinite(bv) || !Double.isFinite(cv)) {
            return new Line(any.transport(), any.waitStrategy(), caseMode(any), any.payloadBytes(), m, bv, cv, null, null, null,
                    bs.length, cs.length, bSpread, cSpread, Verdict.UNTESTED, "no value to compare");
        }
        // a count of work may be 0 (shared memory makes no system call): measure changes from the floor up
        double base = m.work ? Math.max(bv, m.floor) : bv;
        double cur = m.work ? Math.max(cv, m.floor) : cv;
        double change = (cur - base) / base;
        // how much worse, as a factor, the same way for both directions: +100% is twice the
        // latency, or half the throughput (a throughput's fall alone could never pass 100%)
        double factor = m.lowerIsBetter ? cur / base : base / cur; // above 1: worse (x / 0 is infinite, never a throw)
        double worse = factor >= 1 ? factor - 1 : -(1 / factor - 1);
        double threshold = s.threshold(m);
        Double p = null;
        if (bs.length >= 2 && cs.length >= 2) {
            // the test looks the way the change goes: is the current side worse (or better)?
            boolean currentHigher = change > 0;
            p = currentHigher ? pGreater(bs, cs) : pGreater(cs, bs);
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
        return new Line(any.transport(), any.waitStrategy(), caseMode(any), any.payloadBytes(), m, bv, cv, change, worse, p,
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

    public static Double value(ResultRecord r, Metric m) {
        return switch (m) {
            case P50 -> r.latencyNs() == null ? null : (double) r.latencyNs().p50();
            case P99 -> r.latencyNs() == null ? null : (double) r.latencyNs().p99();
            case P999 -> r.latencyNs() == null ? null : (double) r.latencyNs().p999();
            case MSGS -> r.msgsPerSec();
            case SYSCALLS, KERNEL_BYTES, CTX_SWITCHES -> work(r.work(), m);
        };
    }

    private static Double work(WorkCost w, Metric m) {
        if (w == null) {
            return null;
        }
        return switch (m) {
            case SYSCALLS -> w.systemCalls();
            case KERNEL_BYTES -> w.kernelBytes();
            case CTX_SWITCHES -> w.ctxSwitches();
            default -> null;
        };
    }

    /**
     * One-sided Mann-Whitney U test (Commons Statistics; exact for small samples without ties):
     * the p-value that {@code b} is stochastically greater than {@code a}.
     */
    static double pGreater(double[] a, double[] b) {
        return MannWhitneyUTest.withDefaults().with(AlternativeHypothesis.GREATER_THAN).test(b, a).getPValue();
    }

    /** The metric per repetition (results.json: the spread's values, or each interval of the histogram log; JMH: each iteration). */
    static double[] repetitions(Row row, Metric m) {
        ResultRecord r = row.r();
        if (m.work) {
            if (r.perRepetition() == null) {
                return new double[0];
            }
            return r.perRepetition().stream().map(p -> work(p.work(), m)).filter(Objects::nonNull).mapToDouble(Double::doubleValue)
                    .toArray();
        }
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

    /**
     * The host probes of both sides (the median over every repetition of a side), when both carry
     * them; and a loud warning when they differ by more than {@link HostStates#CHANGE}: then a
     * change of the host's state cannot be told from a regression of time, only of work.
     */
    static List<String> hostWarnings(List<RunResults> baseline, List<RunResults> current) {
        List<String> w = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        boolean differs = false;
        for (HostStates.Probe p : HostStates.JUDGED) {
            double b = probeMedian(baseline, p);
            double c = probeMedian(current, p);
            if (!Double.isFinite(b) || !Double.isFinite(c) || b <= 0 || c <= 0) {
                return w;
            }
            double ratio = Math.max(b, c) / Math.min(b, c);
            differs |= ratio > HostStates.CHANGE;
            parts.add(String.format(Locale.ROOT, "%s %s us vs %s us (%.2fx)", p.label(), Summary.fmt(b / 1e3), Summary.fmt(c / 1e3),
                    c / b));
        }
        w.add("host probes, baseline vs current (medians over their repetitions): " + String.join("; ", parts) + ".");
        if (differs) {
            w.add("HOST STATE DIFFERS: the host probes of the two sides are more than " + Summary.fmt(HostStates.CHANGE)
                    + "x apart, so a change of the host's state cannot be told from a regression of time (p50, p99, msgs/s) "
                    + "here; the work metrics (syscalls/op, kernel-B/op) do not depend on it. Measure both sides in one job "
                    + "(interleaved) to compare time.");
        }
        return w;
    }

    private static double probeMedian(List<RunResults> runs, HostStates.Probe p) {
        List<Double> all = new ArrayList<>();
        for (RunResults run : runs) {
            for (ResultRecord r : run.doc().results()) {
                for (double v : HostStates.values(new Row(r, run), p)) {
                    all.add(v);
                }
            }
        }
        return all.isEmpty() ? Double.NaN : Median.withDefaults().evaluate(all.stream().mapToDouble(Double::doubleValue).toArray());
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
