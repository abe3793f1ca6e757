package io.ipcbench.cli;

import io.ipcbench.core.load.Load;
import io.ipcbench.core.load.Sweep;
import io.ipcbench.core.result.LatencyNs;
import io.ipcbench.core.result.LoadResult;
import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.rig.Rig;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --rate sweep} for one transport x wait x size: doubles the rate from
 * {@link Sweep#START_RATE} until a point fails {@link Sweep}'s bound (against the median p99 of
 * the rates that coped so far), then bisects once between the last two rates. Each point runs all its repetitions before the next rate is chosen (the choice
 * needs the result), so a sweep is not interleaved with other cases.
 */
final class LoadSweep {
    private LoadSweep() {
    }

    static List<ResultRecord> run(Rig rig, Rig.Case base, int repetitions, double maxRate, Progress progress, PrintWriter err)
            throws IOException {
        List<ResultRecord> points = new ArrayList<>();
        String name = base.transport().name() + " " + base.waitStrategy().id() + " " + Units.formatSize(base.payloadBytes());
        double rate = base.load().rate();
        double lastMet = -1;
        double failed = -1;
        List<ResultRecord> coped = new ArrayList<>();
        while (true) {
            if (rate > maxRate) {
                err.printf(Locale.ROOT, "sweep %s: stops at %s/s, the most the clock can schedule here; the knee is above it%n",
                        name, Load.rateLabel(maxRate));
                break;
            }
            ResultRecord p = point(rig, base, rate, repetitions, progress);
            points.add(p);
            String why = Sweep.failure(p, coped.isEmpty() ? p.load().kneeP99() : Sweep.reference(coped));
            err.println(line(name, p, why));
            if (why != null) {
                failed = rate;
                break;
            }
            coped.add(p);
            lastMet = rate;
            rate *= 2;
        }
        if (lastMet > 0 && failed > 0) {
            ResultRecord p = point(rig, base, (lastMet + failed) / 2, repetitions, progress);
            points.add(p);
            err.println(line(name, p, Sweep.failure(p, Sweep.reference(coped))));
        }
        err.printf(Locale.ROOT, "sweep %s: knee %s%n", name, Sweep.kneeText(points));
        return points;
    }

    private static ResultRecord point(Rig rig, Rig.Case base, double rate, int repetitions, Progress progress) throws IOException {
        progress.more(repetitions);
        Load load = new Load(rate, base.load().arrivals(), base.load().seed());
        return rig.run(new Rig.Case(base.transport(), base.waitStrategy(), base.mode(), base.payloadBytes(), load));
    }

    private static String line(String name, ResultRecord p, String why) {
        LoadResult l = p.load();
        return String.format(Locale.ROOT, "sweep %s at %s/s: achieved %s/s, corrected p99 %.1f us (median repetition's %.1f us): %s",
                name, Load.rateLabel(l.rate()), Load.rateLabel(l.achievedRate()), l.corrected().p99() / 1e3, l.kneeP99() / 1e3, why == null ? "copes" : why);
    }

    /** The load results as a table, then the knee (and the SLO's rate) of each case. */
    static void printLoad(PrintWriter out, List<ResultRecord> results, Sweep.Slo slo) {
        Map<String, List<ResultRecord>> byCase = new LinkedHashMap<>();
        for (ResultRecord r : results) {
            if (r.load() != null) {
                byCase.computeIfAbsent(r.transport() + " " + r.waitStrategy() + " " + Units.formatSize(r.payloadBytes()),
                        k -> new ArrayList<>()).add(r);
            }
        }
        if (byCase.isEmpty()) {
            return;
        }
        out.println();
        out.printf("%-10s %-7s %6s %9s %10s %-4s | %-26s | %-26s | %9s %10s%n", "load", "wait", "size", "rate/s", "achieved",
                "sat", "corrected p50/p99/p99.9 us", "uncorrected p50/p99/p99.9", "late", "worst lag");
        for (List<ResultRecord> points : byCase.values()) {
            for (ResultRecord r : Sweep.byRate(points)) {
                LoadResult l = r.load();
                out.printf(Locale.ROOT, "%-10s %-7s %6s %9s %10s %-4s | %-26s | %-26s | %9d %8.1fus%n", r.transport(),
                        r.waitStrategy(), Units.formatSize(r.payloadBytes()), Load.rateLabel(l.rate()), Load.rateLabel(l.achievedRate()),
                        l.saturated() ? "SAT" : "", pcts(l.corrected()), pcts(l.uncorrected()), l.lateSends(), l.worstLagNs() / 1e3);
            }
        }
        out.println("corrected = from each message's intended send time (the schedule); uncorrected = from when it was "
                + "actually sent; SAT = achieved < 95% of the rate; late = sent more than one interval after its time");
        out.println();
        for (Map.Entry<String, List<ResultRecord>> e : byCase.entrySet()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "knee %-26s %s", e.getKey(),
                    Sweep.kneeText(e.getValue())));
            if (slo != null) {
                Double at = Sweep.sloRate(e.getValue(), slo);
                line.append(at == null ? String.format(Locale.ROOT, "; %s at no rate measured", slo.label())
                        : String.format(Locale.ROOT, "; %s up to %s/s", slo.label(), Load.rateLabel(at)));
            }
            out.println(line);
        }
        out.println("knee = the highest rate measured that was not saturated and kept its median repetition's corrected p99 within "
                + (int) Sweep.P99_GROWTH + "x the median of the lower rates' values");
    }

    private static String pcts(LatencyNs l) {
        return String.format(Locale.ROOT, "%s / %s / %s", us(l.p50()), us(l.p99()), us(l.p999()));
    }

    private static String us(long ns) {
        return ns >= 100_000 ? String.format(Locale.ROOT, "%.0f", ns / 1e3) : String.format(Locale.ROOT, "%.1f", ns / 1e3);
    }
}
