package io.ipcbench.core.load;

import io.ipcbench.core.result.LatencyNs;
import io.ipcbench.core.result.ResultRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a mechanism stops coping. A sweep starts at {@link #START_RATE} and doubles the rate until
 * a point fails the bound (saturated, or its p99 above {@link #P99_GROWTH} times the
 * reference), then bisects once between the last two rates. The knee is the highest rate that
 * met the bound. A point's p99 here is its median repetition's corrected p99
 * ({@link io.ipcbench.core.result.LoadResult#kneeP99}), and the reference is the median of those
 * of the lower rates that coped (the lowest rate's alone at first): on a host whose own stalls set
 * the p99 (here 0.2-0.8 ms at 1k/s and anywhere up to 7 ms at rates far below capacity, with no
 * trend), one stall in one repetition, or one lucky low point, must not turn host noise into a
 * knee. An {@link Slo} names the highest rate whose latency met a target instead, as mutilate's
 * {@code --search} does. The same rules run the sweep and read its results back.
 */
public final class Sweep {
    public static final double START_RATE = 1_000;
    public static final double P99_GROWTH = 10;

    private Sweep() {
    }

    /** Whether {@code point} copes, against the reference p99 (see {@link #reference}). */
    public static boolean meets(ResultRecord point, long referenceP99Ns) {
        return !point.load().saturated() && point.load().kneeP99() <= P99_GROWTH * Math.max(1, referenceP99Ns);
    }

    /** The median {@link io.ipcbench.core.result.LoadResult#kneeP99} of {@code coped}, the lower-rate points that met the bound (at least one). */
    public static long reference(List<ResultRecord> coped) {
        long[] p99 = coped.stream().mapToLong(p -> p.load().kneeP99()).sorted().toArray();
        int n = p99.length;
        return n % 2 == 1 ? p99[n / 2] : (p99[n / 2 - 1] + p99[n / 2]) / 2;
    }

    /** Why a point fails the knee's bound, or null. */
    public static String failure(ResultRecord point, long referenceP99Ns) {
        if (point.load().saturated()) {
            return String.format(Locale.ROOT, "saturated: achieved %s/s of %s/s", Load.rateLabel(point.load().achievedRate()),
                    Load.rateLabel(point.load().rate()));
        }
        if (!meets(point, referenceP99Ns)) {
            return String.format(Locale.ROOT, "median repetition's p99 %.1f us, above %.0fx the lower rates' median %.1f us",
                    point.load().kneeP99() / 1e3, P99_GROWTH, referenceP99Ns / 1e3);
        }
        return null;
    }

    /**
     * The knee of one case's points (any order): the highest rate that met the bound; null when the
     * lowest did not, or when there are fewer than two rates (one rate has nothing to be compared with).
     * Each point is judged against the coped points that ran before it, as the sweep judged it live:
     * the bisected point, run last, does not move the reference of the higher point that failed.
     */
    public static Double knee(List<ResultRecord> points) {
        List<ResultRecord> sorted = byRate(points);
        if (sorted.size() < 2) {
            return null;
        }
        List<ResultRecord> coped = new ArrayList<>();
        Double knee = null;
        for (ResultRecord p : sorted) {
            List<ResultRecord> before = coped.stream().filter(c -> ranBefore(c, p)).toList();
            long reference = before.isEmpty() ? p.load().kneeP99() : reference(before);
            if (!meets(p, reference)) {
                break;
            }
            coped.add(p);
            knee = p.load().rate();
        }
        return knee;
    }

    /** Whether {@code a} started before {@code b}; true when either record does not say when it ran. */
    private static boolean ranBefore(ResultRecord a, ResultRecord b) {
        if (a.perRepetition() == null || a.perRepetition().isEmpty() || b.perRepetition() == null || b.perRepetition().isEmpty()) {
            return true;
        }
        return Instant.parse(a.perRepetition().get(0).startedAt()).isBefore(Instant.parse(b.perRepetition().get(0).startedAt()));
    }

    /** The knee as a reader sees it: a rate, "below the lowest rate measured", or why there is none. */
    public static String kneeText(List<ResultRecord> points) {
        List<ResultRecord> sorted = byRate(points);
        if (sorted.size() == 1 && !sorted.get(0).load().saturated()) {
            return "needs two rates or more";
        }
        Double knee = knee(points);
        return knee == null ? "below the lowest rate measured" : Load.rateLabel(knee) + "/s";
    }

    /** The highest rate (not saturated) whose latency met {@code slo}, null if none did. */
    public static Double sloRate(List<ResultRecord> points, Slo slo) {
        Double best = null;
        for (ResultRecord p : byRate(points)) {
            if (!p.load().saturated() && slo.met(p.load().corrected())) {
                best = p.load().rate();
            }
        }
        return best;
    }

    public static List<ResultRecord> byRate(List<ResultRecord> points) {
        List<ResultRecord> out = new ArrayList<>();
        for (ResultRecord p : points) {
            if (p.load() != null) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparingDouble(p -> p.load().rate()));
        return out;
    }

    /** A latency target: a percentile of the corrected one-way latency at or below a bound. */
    public record Slo(double percentile, long boundNs) {
        private static final Pattern FORM = Pattern.compile("(?:p(\\d+(?:\\.\\d+)?)=)?(\\d+(?:\\.\\d+)?)(ns|us|ms|s)");

        /** {@code 50us} (p99) or {@code p99.9=200us}; percentiles p50, p90, p99, p99.9, p99.99. */
        public static Slo parse(String text) {
            Matcher m = FORM.matcher(text.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a latency target (e.g. 50us, p99.9=200us)");
            }
            double q = m.group(1) == null ? 99 : Double.parseDouble(m.group(1));
            if (q != 50 && q != 90 && q != 99 && q != 99.9 && q != 99.99) {
                throw new IllegalArgumentException("'" + text + "': the percentile must be p50, p90, p99, p99.9 or p99.99");
            }
            double scale = switch (m.group(3)) {
                case "ns" -> 1;
                case "us" -> 1e3;
                case "ms" -> 1e6;
                default -> 1e9;
            };
            long bound = Math.round(Double.parseDouble(m.group(2)) * scale);
            if (bound <= 0) {
                throw new IllegalArgumentException("'" + text + "': the bound must be above 0");
            }
            return new Slo(q, bound);
        }

        public long value(LatencyNs l) {
            return percentile == 50 ? l.p50() : percentile == 90 ? l.p90() : percentile == 99 ? l.p99()
                    : percentile == 99.9 ? l.p999() : l.p9999();
        }

        public boolean met(LatencyNs l) {
            return value(l) <= boundNs;
        }

        public String label() {
            String q = percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
            return String.format(Locale.ROOT, "p%s <= %s us", q, java.math.BigDecimal.valueOf(boundNs / 1e3).stripTrailingZeros()
                    .toPlainString());
        }
    }
}
