package io.ipcbench.report;

import io.ipcbench.core.env.Environment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The answer at the top of the report: for small (<= 4 KiB) and large (>= 64 KiB) payloads, the
 * fastest transport and wait here for latency (RTT p50) and for throughput (stream MB/s), with the
 * margin over the best transport of another mechanism; and the caveats the environment and the results call for.
 */
final class Summary {
    static final int SMALL_MAX = 4096;
    static final int LARGE_MIN = 65536;

    /** One verdict: e.g. small payloads, latency: shm-posix spin, 0.6 us, 31x lower than pipe block. */
    record Verdict(String sizes, String metric, String winner, String value, String runnerUp, String margin, String basis) {
    }

    private Summary() {
    }

    static List<Verdict> verdicts(List<Row> rows) {
        List<Verdict> v = new ArrayList<>();
        Predicate<Row> small = r -> r.r().payloadBytes() <= SMALL_MAX;
        Predicate<Row> large = r -> r.r().payloadBytes() >= LARGE_MIN;
        verdict("small (<= 4 KiB)", "latency (RTT p50)", rows, small, Row::rtt, r -> r.r().latencyNs().p50() / 1e3, true)
                .ifPresent(v::add);
        verdict("small (<= 4 KiB)", "throughput (stream MB/s)", rows, small, Row::stream, r -> r.r().bytesPerSec() / 1e6, false)
                .ifPresent(v::add);
        verdict("large (>= 64 KiB)", "latency (RTT p50)", rows, large, Row::rtt, r -> r.r().latencyNs().p50() / 1e3, true)
                .ifPresent(v::add);
        verdict("large (>= 64 KiB)", "throughput (stream MB/s)", rows, large, Row::stream, r -> r.r().bytesPerSec() / 1e6, false)
                .ifPresent(v::add);
        return v;
    }

    /**
     * Ranks the labels that have a result at every size of the class (so nobody wins by skipping
     * the hard sizes) by the geometric mean of the metric over those sizes.
     */
    private static Optional<Verdict> verdict(String sizes, String metric, List<Row> rows, Predicate<Row> inClass,
                                             Predicate<Row> kind, ToDoubleFunction<Row> value, boolean lowerIsBetter) {
        Map<String, List<Row>> byLabel = new HashMap<>();
        rows.stream().filter(inClass).filter(kind).forEach(r -> byLabel.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r));
        if (byLabel.isEmpty()) {
            return Optional.empty();
        }
        long allSizes = rows.stream().filter(inClass).filter(kind).map(r -> r.r().payloadBytes()).distinct().count();
        record Score(String label, String family, double geomean, List<Row> rows) {
        }
        List<Score> scores = new ArrayList<>();
        for (Map.Entry<String, List<Row>> e : byLabel.entrySet()) {
            if (e.getValue().stream().map(r -> r.r().payloadBytes()).distinct().count() == allSizes) {
                double logSum = e.getValue().stream().mapToDouble(value).map(Math::log).sum();
                scores.add(new Score(e.getKey(), family(e.getValue().get(0).r().transport()), Math.exp(logSum / e.getValue().size()),
                        e.getValue()));
            }
        }
        if (scores.isEmpty()) {
            return Optional.empty();
        }
        scores.sort(Comparator.comparingDouble(s -> lowerIsBetter ? s.geomean() : -s.geomean()));
        Score best = scores.get(0);
        Optional<Score> next = scores.stream().filter(s -> !s.family().equals(best.family())).findFirst();
        String unit = lowerIsBetter ? " us" : " MB/s";
        String sizesUsed = best.rows().stream().map(r -> r.r().payloadBytes()).distinct().sorted()
                .map(b -> Charts.sizeLabel(b)).reduce((a, b) -> a + ", " + b).orElse("");
        String margin = next.map(n -> {
            double x = lowerIsBetter ? n.geomean() / best.geomean() : best.geomean() / n.geomean();
            return String.format(Locale.ROOT, "%.2fx %s", x, lowerIsBetter ? "lower" : "higher");
        }).orElse("no other transport measured");
        return Optional.of(new Verdict(sizes, metric, best.label(), fmt(best.geomean()) + unit,
                next.map(n -> n.label() + " (" + fmt(n.geomean()) + unit + ")").orElse("-"), margin,
                "geometric mean over " + sizesUsed + " B"));
    }

    /**
     * The mechanism a transport belongs to ({@code shm-sysv} and {@code shm-posix} are both shared
     * memory, {@code uds-jdk} is a socket): the margin is against the best of another mechanism.
     */
    static String family(String transport) {
        int dash = transport.indexOf('-');
        return dash < 0 ? transport : transport.substring(0, dash);
    }

    static String fmt(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** What a reader must know before trusting or comparing the numbers. */
    static List<String> caveats(List<Row> rows, List<RunResults> runs) {
        List<String> c = new ArrayList<>();
        Environment env = runs.get(0).doc().environment();
        if (env != null) {
            if (env.guestHaltPollNs() != null && env.guestHaltPollNs() == 0) {
                c.add("Guest halt polling is off (guest_halt_poll_ns=0): on this VM every blocking wake-up costs tens of "
                        + "microseconds, which sets a floor under every 'block' round trip.");
            }
            if (env.onlineCpus() < 2 || rows.stream().anyMatch(r -> r.r().pinning() != null && r.r().pinning().startsWith("none"))) {
                c.add("Pinning was not possible or switched off (fewer than two allowed CPUs, or --pin none): driver and peer "
                        + "may share a CPU, and spinning transports then measure the scheduler.");
            }
            if (env.onlineCpus() <= 2) {
                c.add("Only " + env.onlineCpus() + " CPUs: two spinning processes fill the machine, so JIT, GC and anything "
                        + "else running compete with the measurement (it shows in p99.9 and max more than in p50).");
            }
        }
        List<String> fragmented = rows.stream().filter(r -> r.r().fragments() > 1)
                .map(r -> r.r().transport() + " " + Charts.sizeLabel(r.r().payloadBytes()) + " (" + r.r().fragments() + ")")
                .distinct().toList();
        if (!fragmented.isEmpty()) {
            c.add("Message-queue limits force fragmentation: these payloads travelled as several messages each: "
                    + String.join(", ", fragmented) + ". Raise fs.mqueue.msgsize_max / kernel.msgmax to measure them whole.");
        }
        long noisy = rows.stream().filter(Row::noisy).count();
        if (noisy > 0) {
            c.add(noisy + " of " + rows.size() + " results vary by more than " + Math.round(Report.NOISY * 100)
                    + "% across repetitions (marked 'noisy' in the table): compare those with care, or run with more --repeat.");
        }
        List<String> envs = runs.stream().map(r -> r.doc().environment()).filter(Objects::nonNull)
                .map(e -> e.cpuModel() + " / " + e.kernel() + " / " + e.onlineCpus() + " CPUs").distinct().toList();
        if (envs.size() > 1) {
            c.add("The inputs come from different environments (" + String.join("; ", envs) + "): numbers from different "
                    + "machines are not comparable.");
        }
        c.add("The host may be shared and drift: compare results measured side by side in one run, not absolute numbers "
                + "across runs.");
        return c;
    }
}
