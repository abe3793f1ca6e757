package io.ipcbench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ipcbench.core.result.HostState;
import io.ipcbench.core.result.RepetitionRecord;
import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.result.ResultsFile;
import io.ipcbench.report.Compare.Metric;
import io.ipcbench.report.Compare.Verdict;
import org.apache.commons.statistics.descriptive.Median;
import org.apache.commons.statistics.inference.WilcoxonSignedRankTest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The statistics of {@code ipcbench ab}: for each case and metric, the ratios B/A of pairs of
 * repetitions run back to back (ABBA), their Hodges-Lehmann median and its exact Wilcoxon
 * signed-rank confidence interval, on log ratios. The interval comes from inverting Commons
 * Statistics' signed-rank test over the Walsh averages (the values where its statistic changes);
 * a pair whose two host probes disagree by more than a bound is set aside, not used.
 * A regression is an interval wholly beyond the threshold.
 */
public final class Ab {
    /** One pair: side A's and side B's result for one case, and why it was set aside (null: used). */
    public record Pair(int index, ResultRecord a, ResultRecord b, String setAside) {
    }

    /** Thresholds per metric (0.10 = 10% worse), the confidence level's alpha, and the probe bound (2 = 2x). */
    public record Settings(Map<Metric, Double> thresholds, double alpha, double probeBound) {
    }

    /**
     * One case and metric. {@code ratio}, {@code low} and {@code high} are B/A (medians per side
     * are for reading); {@code worseLow}/{@code worseHigh} the interval as "times worse".
     */
    public record Line(String key, Metric metric, double medianA, double medianB, double ratio, double low, double high,
                       int pairs, int setAside, Verdict verdict, String why) {
    }

    public record Outcome(List<Line> lines, List<String> setAside, Settings settings) {
        public boolean regression() {
            return lines.stream().anyMatch(l -> l.verdict() == Verdict.REGRESSION);
        }

        public long count(Verdict v) {
            return lines.stream().filter(l -> l.verdict() == v).count();
        }
    }

    /** A ratio's estimate: Hodges-Lehmann median and the exact interval. */
    public record Estimate(double ratio, double low, double high) {
    }

    /**
     * The fewest samples beyond a tail percentile for it to be judged. A p99.9 of 13,000 round trips
     * is its 13th-worst: a few host stalls move it 2-3x between same-code repetitions, and one CI
     * run's same-code gate claimed a 2.6x regression there. At 50 the rank itself is known to
     * about +-14% (binomial), and the tail rests on more than a handful of stalls.
     */
    public static final int MIN_TAIL_SAMPLES = 50;

    private Ab() {
    }

    /** The fewest pairs whose exact two-sided signed-rank test can reject at {@code alpha}: 2 / 2^n < alpha. */
    public static int minPairs(double alpha) {
        int n = 1;
        while (2.0 / Math.pow(2, n) >= alpha) {
            n++;
        }
        return n;
    }

    /** Whether the pair's relevant host probes (wake-up for block, cache line otherwise) differ by more than {@code bound}. */
    public static String probeDisagreement(ResultRecord a, ResultRecord b, double bound) {
        boolean block = "block".equals(a.waitStrategy());
        return disagreement(probe(a, block), probe(b, block), block, bound);
    }

    /** The same for probes taken by the caller before each of the two repetitions. */
    public static String probeDisagreement(HostState a, HostState b, boolean block, double bound) {
        return disagreement(block ? a.wakeupRttNs() : a.cacheLineRttNs(), block ? b.wakeupRttNs() : b.cacheLineRttNs(), block, bound);
    }

    private static String disagreement(double pa, double pb, boolean block, double bound) {
        if (pa <= 0 || pb <= 0) {
            return null;
        }
        double f = Math.max(pa, pb) / Math.min(pa, pb);
        return f > bound ? String.format(Locale.ROOT, "%s probe %.1f vs %.1f us (%.1fx)", block ? "wake-up" : "cache-line",
                pa / 1e3, pb / 1e3, f) : null;
    }

    private static double probe(ResultRecord r, boolean block) {
        List<RepetitionRecord> reps = r.perRepetition();
        if (reps == null || reps.isEmpty() || reps.get(0).host() == null) {
            return 0;
        }
        HostState h = reps.get(0).host();
        return block ? h.wakeupRttNs() : h.cacheLineRttNs();
    }

    /** Hodges-Lehmann median of the ratios and its 1 - alpha interval (exact signed-rank test, no ties in practice). */
    public static Estimate estimate(double[] ratios, double alpha) {
        int n = ratios.length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.log(ratios[i]);
        }
        double[] walsh = new double[n * (n + 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                walsh[k++] = (x[i] + x[j]) / 2;
            }
        }
        double hl = Median.withDefaults().evaluate(walsh); // reorders walsh: sort after
        Arrays.sort(walsh);
        double low = Double.NaN;
        double high = Double.NaN;
        WilcoxonSignedRankTest test = WilcoxonSignedRankTest.withDefaults();
        // between two Walsh averages the test's statistic is constant: test at the midpoints
        for (int i = 0; i + 1 < walsh.length; i++) {
            if (walsh[i + 1] == walsh[i]) {
                continue;
            }
            double mid = (walsh[i] + walsh[i + 1]) / 2;
            if (test.withMu(mid).test(x).getPValue() > alpha) {
                if (Double.isNaN(low)) {
                    low = walsh[i];
                }
                high = walsh[i + 1];
            }
        }
        if (Double.isNaN(low)) { // every pair gave the same ratio, or too few to reject anything
            low = walsh[0];
            high = walsh[walsh.length - 1];
        }
        return new Estimate(Math.exp(hl), Math.exp(low), Math.exp(high));
    }

    /** Every case and metric of the pairs, case by case (pairs of one case share its key). */
    public static Outcome analyse(Map<String, List<Pair>> cases, Settings s) {
        List<Line> lines = new ArrayList<>();
        List<String> aside = new ArrayList<>();
        for (Map.Entry<String, List<Pair>> e : cases.entrySet()) {
            List<Pair> used = new ArrayList<>();
            for (Pair p : e.getValue()) {
                if (p.setAside() == null) {
                    used.add(p);
                } else {
                    aside.add(e.getKey() + " pair " + p.index() + ": " + p.setAside());
                }
            }
            int setAside = e.getValue().size() - used.size();
            for (Metric m : Compare.metrics(e.getValue().get(0).a())) {
                lines.add(line(e.getKey(), m, used, setAside, s));
            }
        }
        return new Outcome(lines, aside, s);
    }

    private static Line line(String key, Metric m, List<Pair> used, int setAside, Settings s) {
        List<double[]> values = new ArrayList<>();
        for (Pair p : used) {
            Double a = Compare.value(p.a(), m);
            Double b = Compare.value(p.b(), m);
            if (a != null && b != null && Double.isFinite(a) && Double.isFinite(b)) {
                values.add(new double[] {a, b});
            }
        }
        double medA = median(values, 0);
        double medB = median(values, 1);
        int need = minPairs(s.alpha());
        if (values.size() < need) {
            return new Line(key, m, medA, medB, Double.NaN, Double.NaN, Double.NaN, values.size(), setAside, Verdict.UNTESTED,
                    values.size() + " usable pairs, the test needs " + need);
        }
        long beyond = tailSamples(used, m);
        if (beyond < MIN_TAIL_SAMPLES) {
            return new Line(key, m, medA, medB, Double.NaN, Double.NaN, Double.NaN, values.size(), setAside, Verdict.UNTESTED,
                    String.format(Locale.ROOT, "%s rests on %d samples beyond it in the median pair; the gate needs %d: a longer --duration",
                            m.label, beyond, MIN_TAIL_SAMPLES));
        }
        double[] ratios = new double[values.size()];
        for (int i = 0; i < ratios.length; i++) {
            // a count of work may be 0 (shared memory makes no system call): ratios from the floor up
            double a = m.work ? Math.max(values.get(i)[0], m.floor) : values.get(i)[0];
            double b = m.work ? Math.max(values.get(i)[1], m.floor) : values.get(i)[1];
            if (!(a > 0) || !(b > 0)) {
                return new Line(key, m, medA, medB, Double.NaN, Double.NaN, Double.NaN, values.size(), setAside,
                        Verdict.UNTESTED, "a value of 0");
            }
            ratios[i] = b / a;
        }
        Estimate est = estimate(ratios, s.alpha());
        double t = s.thresholds().getOrDefault(m, m.defaultThreshold);
        // "times worse": B/A for a latency or a count, A/B for a throughput
        double worseLow = m.lowerIsBetter ? est.low() : 1 / est.high();
        double worseHigh = m.lowerIsBetter ? est.high() : 1 / est.low();
        Verdict v;
        String why;
        String interval = String.format(Locale.ROOT, "%.0f%% interval of B/A %s-%s", (1 - s.alpha()) * 100, fmt(est.low()),
                fmt(est.high()));
        if (worseLow > 1 + t) {
            v = Verdict.REGRESSION;
            why = interval + " wholly beyond " + Compare.pct(t) + " worse";
        } else if (worseHigh < 1 / (1 + t)) {
            v = Verdict.IMPROVEMENT;
            why = interval + " wholly beyond " + Compare.pct(t) + " better";
        } else {
            v = Verdict.UNCHANGED;
            why = interval + (worseLow > 1 || worseHigh < 1 ? ", a change within " + Compare.pct(t) : " holds 1");
        }
        return new Line(key, m, medA, medB, est.ratio(), est.low(), est.high(), values.size(), setAside, v, why);
    }

    /**
     * For a tail percentile, the samples beyond it in the median pair (each pair counts its side
     * with fewer operations; one slow pair does not take the gate away); for any other metric, no limit.
     */
    static long tailSamples(List<Pair> used, Metric m) {
        if (m.tail == 0) {
            return Long.MAX_VALUE;
        }
        if (used.isEmpty()) {
            return 0;
        }
        double[] fewer = used.stream().mapToDouble(p -> Math.min(p.a().messages(), p.b().messages())).toArray();
        return (long) Math.floor(Median.withDefaults().evaluate(fewer) * m.tail);
    }

    private static double median(List<double[]> v, int side) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        return Median.withDefaults().evaluate(v.stream().mapToDouble(x -> x[side]).toArray());
    }

    static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "-";
    }

    private static String value(Metric m, double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        return Summary.fmt(v * m.displayScale);
    }

    /** A plain-text table: the lines that are not unchanged first, then a summary. */
    public static String text(Outcome o) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-34s %-16s %12s %12s %8s %17s %6s  %s%n", "case", "metric", "A", "B", "B/A",
                "interval", "pairs", "verdict"));
        for (Line l : o.lines()) {
            b.append(String.format(Locale.ROOT, "%-34s %-16s %12s %12s %8s %17s %6s  %s (%s)%n", l.key(), l.metric().label,
                    value(l.metric(), l.medianA()), value(l.metric(), l.medianB()), fmt(l.ratio()),
                    fmt(l.low()) + "-" + fmt(l.high()), l.pairs() + (l.setAside() > 0 ? "+" + l.setAside() : ""),
                    l.verdict().label, l.why()));
        }
        b.append(summary(o)).append('\n');
        for (String a : o.setAside()) {
            b.append("set aside: ").append(a).append('\n');
        }
        return b.toString();
    }

    public static String markdown(Outcome o) {
        StringBuilder b = new StringBuilder("### ipcbench ab\n\n").append(summary(o)).append("\n\n");
        b.append("| case | metric | A | B | B/A | interval | pairs | verdict |\n|---|---|---|---|---|---|---|---|\n");
        for (Line l : o.lines()) {
            b.append("| ").append(l.key()).append(" | ").append(l.metric().label).append(" | ").append(value(l.metric(), l.medianA()))
                    .append(" | ").append(value(l.metric(), l.medianB())).append(" | ").append(fmt(l.ratio())).append(" | ")
                    .append(fmt(l.low())).append('-').append(fmt(l.high())).append(" | ").append(l.pairs()).append(" | ")
                    .append(l.verdict() == Verdict.REGRESSION ? "**regression**" : l.verdict().label).append(" |\n");
        }
        if (!o.setAside().isEmpty()) {
            b.append("\nSet aside (host probes disagreed): ").append(String.join("; ", o.setAside())).append('\n');
        }
        return b.toString();
    }

    public static String json(Outcome o) throws JsonProcessingException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("regression", o.regression());
        Map<String, Object> thresholds = new LinkedHashMap<>();
        o.settings().thresholds().forEach((m, t) -> thresholds.put(m.label, t));
        doc.put("thresholds", thresholds);
        doc.put("alpha", o.settings().alpha());
        doc.put("probeBound", o.settings().probeBound());
        List<Object> lines = new ArrayList<>();
        for (Line l : o.lines()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("case", l.key());
            m.put("metric", l.metric().label);
            m.put("medianA", finite(l.medianA()));
            m.put("medianB", finite(l.medianB()));
            m.put("ratio", finite(l.ratio()));
            m.put("low", finite(l.low()));
            m.put("high", finite(l.high()));
            m.put("pairs", l.pairs());
            m.put("setAside", l.setAside());
            m.put("verdict", l.verdict().label);
            m.put("why", l.why());
            lines.add(m);
        }
        doc.put("lines", lines);
        doc.put("setAside", o.setAside());
        return ResultsFile.json().writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n";
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String summary(Outcome o) {
        return String.format(Locale.ROOT, "%d compared: %d regressions, %d improvements, %d untested, %d unchanged; %d pairs set aside",
                o.lines().size(), o.count(Verdict.REGRESSION), o.count(Verdict.IMPROVEMENT), o.count(Verdict.UNTESTED),
                o.count(Verdict.UNCHANGED), o.setAside().size());
    }
}
