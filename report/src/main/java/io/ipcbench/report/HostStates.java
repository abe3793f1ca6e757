package io.ipcbench.report;

import io.ipcbench.core.result.HostState;
import io.ipcbench.core.result.RepetitionRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The host probes the repetitions of a result carry (see {@link HostState}): their values, and
 * whether a result's repetitions ran in different host states.
 */
final class HostStates {
    /** Probe values of one result further apart than this factor: its repetitions straddle a change of host state. */
    static final double CHANGE = 2.0;

    /** One probe of the three, in ns. */
    record Probe(String label, ToDoubleFunction<HostState> value) {
    }

    static final Probe CACHE_LINE = new Probe("cache-line round trip", HostState::cacheLineRttNs);
    static final Probe WAKEUP = new Probe("wake-up round trip", HostState::wakeupRttNs);
    static final Probe TIMER_GAP = new Probe("largest timer gap", h -> h.timerMaxGapNs());
    /** The probes that tell a host state apart (the timer gap is a maximum, too jumpy to judge by). */
    static final List<Probe> JUDGED = List.of(CACHE_LINE, WAKEUP);

    private HostStates() {
    }

    /** The probe's values over the result's repetitions (none for results without probes). */
    static double[] values(Row row, Probe p) {
        List<RepetitionRecord> reps = row.r().perRepetition();
        if (reps == null) {
            return new double[0];
        }
        return reps.stream().filter(r -> r.host() != null).mapToDouble(r -> p.value().applyAsDouble(r.host()))
                .filter(v -> Double.isFinite(v) && v > 0).toArray();
    }

    /** max / min of the probe over the result's repetitions, 1 with fewer than two. */
    static double ratio(Row row, Probe p) {
        double[] v = values(row, p);
        if (v.length < 2) {
            return 1;
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return max / min;
    }

    /**
     * The probe that tracks what a result waits on: a blocking side sleeps and is woken (the
     * wake-up round trip), a spinning one watches a cache line the other CPU writes.
     */
    static Probe relevant(Row row) {
        return "block".equals(row.r().waitStrategy()) ? WAKEUP : CACHE_LINE;
    }

    /** The results whose repetitions straddle a change of the host state they depend on, each with its probe's range. */
    static List<String> straddling(List<Row> rows) {
        List<String> out = new ArrayList<>();
        for (Row row : rows) {
            Probe p = relevant(row);
            if (ratio(row, p) > CHANGE) {
                double[] v = values(row, p);
                double min = java.util.Arrays.stream(v).min().orElse(0);
                double max = java.util.Arrays.stream(v).max().orElse(0);
                out.add(String.format(Locale.ROOT, "%s %s %s B %s (%s %s-%s us)", row.r().transport(), row.r().waitStrategy(),
                        Charts.sizeLabel(row.r().payloadBytes()), row.r().caseMode(), p.label(), Summary.fmt(min / 1e3),
                        Summary.fmt(max / 1e3)));
            }
        }
        return out;
    }
}
