package io.ipcbench.report;

import io.ipcbench.core.env.Environment;
import io.ipcbench.core.result.Slices;

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
 * fastest transport and wait here for latency (RTT p50) and for throughput (stream MB/s), once
 * among blocking waits and once when spinning is allowed (a spinning side burns a CPU, so the two
 * are different questions), each with its CPU per operation and the margin over the best
 * transport of another mechanism; the lines that say when the wait strategy matters more than
 * the mechanism; and the caveats the environment and the results call for.
 */
final class Summary {
    static final int SMALL_MAX = 4096;
    static final int LARGE_MIN = 65536;
    static final String BLOCKING = "blocking waits";
    static final String SPINNING = "spinning allowed";

    /** One verdict: e.g. small payloads, latency, blocking waits: pipe block, 52 us, 1.3x lower than uds block. */
    record Verdict(String sizes, String metric, String waits, String winner, String value, String cpu, String runnerUp,
                   String margin, String basis) {
    }

    private record SizeClass(String name, Predicate<Row> test) {
    }

    private record Question(String metric, Predicate<Row> kind, ToDoubleFunction<Row> value, boolean lowerIsBetter,
                            String unit) {
    }

    private static final List<SizeClass> CLASSES = List.of(
            new SizeClass("small (<= 4 KiB)", r -> r.r().payloadBytes() <= SMALL_MAX),
            new SizeClass("large (>= 64 KiB)", r -> r.r().payloadBytes() >= LARGE_MIN));
    private static final List<Question> QUESTIONS = List.of(
            new Question("latency (RTT p50)", Row::rtt, r -> r.r().latencyNs().p50() / 1e3, true, " us"),
            new Question("throughput (stream MB/s)", Row::stream, r -> r.r().bytesPerSec() / 1e6, false, " MB/s"));
    private static final Predicate<Row> BLOCKS = r -> "block".equals(r.r().waitStrategy());

    private Summary() {
    }

    static List<Verdict> verdicts(List<Row> rows) {
        List<Verdict> v = new ArrayList<>();
        List<Question> questions = new ArrayList<>(QUESTIONS);
        java.util.Set<io.ipcbench.core.result.ResultRecord> knees = kneeRows(rows);
        if (!knees.isEmpty()) {
            // the third question: the highest offered rate each copes with (its knee)
            questions.add(new Question("under load (knee, messages/s)", r -> knees.contains(r.r()), r -> r.r().load().rate(), false,
                    " msgs/s"));
        }
        for (SizeClass size : CLASSES) {
            for (Question q : questions) {
                Optional<Score> blocking = best(rows, size, q, BLOCKS);
                Optional<Score> any = best(rows, size, q, r -> true);
                blocking.ifPresent(b -> v.add(verdict(size, q, BLOCKING, b, ranked(rows, size, q, BLOCKS))));
                // the spinning verdict only when it says something the blocking one does not
                any.filter(a -> blocking.isEmpty() || !a.label().equals(blocking.get().label()))
                        .ifPresent(a -> v.add(verdict(size, q, SPINNING, a, ranked(rows, size, q, r -> true))));
            }
        }
        return v;
    }

    /** The result at the knee of each transport x wait x size that has load results. */
    static java.util.Set<io.ipcbench.core.result.ResultRecord> kneeRows(List<Row> rows) {
        Map<String, List<io.ipcbench.core.result.ResultRecord>> byCase = new java.util.LinkedHashMap<>();
        for (Row r : rows) {
            if (r.load()) {
                byCase.computeIfAbsent(r.label() + " " + r.r().payloadBytes(), k -> new ArrayList<>()).add(r.r());
            }
        }
        java.util.Set<io.ipcbench.core.result.ResultRecord> out = new java.util.HashSet<>();
        for (List<io.ipcbench.core.result.ResultRecord> points : byCase.values()) {
            Double knee = io.ipcbench.core.load.Sweep.knee(points);
            if (knee != null) {
                points.stream().filter(p -> p.load().rate() == knee).findFirst().ifPresent(out::add);
            }
        }
        return out;
    }

    /**
     * One line per size class and question where the choice of wait strategy moves the result more
     * than the choice of mechanism: spinning beats the best blocking wait by more than the
     * blocking mechanisms differ among themselves.
     */
    static List<String> waitOverMechanism(List<Row> rows) {
        List<String> out = new ArrayList<>();
        for (SizeClass size : CLASSES) {
            for (Question q : QUESTIONS) {
                List<Score> blocking = ranked(rows, size, q, BLOCKS);
                Optional<Score> any = best(rows, size, q, r -> true);
                if (blocking.isEmpty() || any.isEmpty() || any.get().label().equals(blocking.get(0).label())) {
                    continue;
                }
                Score bestBlock = blocking.get(0);
                Score worstBlock = blocking.get(blocking.size() - 1);
                double byWait = factor(q, any.get(), bestBlock);
                double byMechanism = factor(q, bestBlock, worstBlock);
                if (byWait > byMechanism && blocking.size() > 1) {
                    out.add(String.format(Locale.ROOT, "%s payloads, %s: the wait strategy matters more than the mechanism. "
                                    + "Spinning (%s) is %.2fx %s than the best blocking wait (%s), while all %d blocking "
                                    + "transports are within %.2fx of each other.", cap(size.name()), q.metric(),
                            any.get().label(), byWait, q.lowerIsBetter() ? "faster" : "higher", bestBlock.label(),
                            blocking.size(), byMechanism));
                }
            }
        }
        return out;
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** How many times better {@code a} is than {@code b}. */
    private static double factor(Question q, Score a, Score b) {
        return q.lowerIsBetter() ? b.geomean() / a.geomean() : a.geomean() / b.geomean();
    }

    private record Score(String label, String family, double geomean, double cpuNs, List<Row> rows) {
    }

    private static Optional<Score> best(List<Row> rows, SizeClass size, Question q, Predicate<Row> waits) {
        List<Score> r = ranked(rows, size, q, waits);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /**
     * The labels that have a result at every size of the class (so nobody wins by skipping the
     * hard sizes), best first by the geometric mean of the metric over those sizes.
     */
    private static List<Score> ranked(List<Row> rows, SizeClass size, Question q, Predicate<Row> waits) {
        Map<String, List<Row>> byLabel = new HashMap<>();
        rows.stream().filter(size.test()).filter(q.kind()).filter(waits)
                .forEach(r -> byLabel.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r));
        long allSizes = rows.stream().filter(size.test()).filter(q.kind()).map(r -> r.r().payloadBytes()).distinct().count();
        List<Score> scores = new ArrayList<>();
        for (Map.Entry<String, List<Row>> e : byLabel.entrySet()) {
            if (e.getValue().stream().map(r -> r.r().payloadBytes()).distinct().count() == allSizes) {
                double logSum = e.getValue().stream().mapToDouble(q.value()).map(Math::log).sum();
                double cpuLog = e.getValue().stream().mapToDouble(r -> r.r().cpu() == null ? Double.NaN : r.r().cpu().totalNs())
                        .map(Math::log).sum();
                scores.add(new Score(e.getKey(), e.getValue().get(0).family(), Math.exp(logSum / e.getValue().size()),
                        Math.exp(cpuLog / e.getValue().size()), e.getValue()));
            }
        }
        scores.sort(Comparator.comparingDouble(s -> q.lowerIsBetter() ? s.geomean() : -s.geomean()));
        return scores;
    }

    private static Verdict verdict(SizeClass size, Question q, String waits, Score best, List<Score> scores) {
        Optional<Score> next = scores.stream().filter(s -> !s.family().equals(best.family())).findFirst();
        String sizesUsed = best.rows().stream().map(r -> r.r().payloadBytes()).distinct().sorted()
                .map(b -> Charts.sizeLabel(b)).reduce((a, b) -> a + ", " + b).orElse("");
        String margin = next.map(n -> String.format(Locale.ROOT, "%.2fx %s", factor(q, best, n), q.lowerIsBetter() ? "lower" : "higher"))
                .orElse("no other mechanism measured");
        String per = best.rows().get(0).rtt() ? "round trip" : "message";
        String cpu = Double.isFinite(best.cpuNs()) ? fmt(best.cpuNs() / 1e3) + " us per " + per : "-";
        return new Verdict(size.name(), q.metric(), waits, best.label(), fmt(best.geomean()) + q.unit(), cpu,
                next.map(n -> n.label() + " (" + fmt(n.geomean()) + q.unit() + ")").orElse("-"), margin,
                "geometric mean over " + sizesUsed + " B");
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
        List<String> straddling = HostStates.straddling(rows);
        if (!straddling.isEmpty()) {
            int show = Math.min(straddling.size(), 12);
            c.add(straddling.size() + " of " + rows.size() + " results ran their repetitions in different host states (the probe "
                    + "taken before each repetition that tracks what it waits on, the wake-up round trip for blocking waits and the "
                    + "cache-line round trip for spinning, moved more than " + fmt(HostStates.CHANGE) + "x; see the host-state chart): "
                    + String.join("; ", straddling.subList(0, show)) + (straddling.size() > show ? "; and "
                    + (straddling.size() - show) + " more" : "") + ". Their spread is the host's, not the transport's; the "
                    + "work counters (system calls, kernel bytes per message) do not depend on it.");
        }
        List<String> stepped = new ArrayList<>();
        for (Row row : rows) {
            Double ratio = Slices.step(row.r());
            if (ratio != null) {
                stepped.add(String.format(Locale.ROOT, "%s %s %s B %s (%sx)", row.r().transport(), row.r().waitStrategy(),
                        Charts.sizeLabel(row.r().payloadBytes()), row.r().caseMode(), fmt(ratio)));
            }
        }
        if (!stepped.isEmpty()) {
            int show = Math.min(stepped.size(), 12);
            c.add(stepped.size() + " of " + rows.size() + " results changed state within a repetition (the p50 or msgs/s of "
                    + "one eighth of its measured time differs from another's by more than " + fmt(Slices.STEP) + "x; the probe "
                    + "before it cannot see this): " + String.join("; ", stepped.subList(0, show))
                    + (stepped.size() > show ? "; and " + (stepped.size() - show) + " more" : "")
                    + ". Their p99 and p99.9 mix two host states.");
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
