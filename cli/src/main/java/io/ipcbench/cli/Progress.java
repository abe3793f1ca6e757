package io.ipcbench.cli;

import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.rig.Rig;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Progress on stderr: a live line on a terminal, a plain line per repetition otherwise, each with
 * an estimate of the time left (from the repetitions so far, or the settings before the first).
 */
final class Progress implements Rig.Listener {
    private final PrintWriter err;
    private int total;
    private final long estimatePerRep;
    private final boolean live = System.console() != null;
    private final long start = System.nanoTime();
    private int done;

    Progress(PrintWriter err, int total, long estimatePerRepNanos) {
        this.err = err;
        this.total = total;
        this.estimatePerRep = estimatePerRepNanos;
    }

    @Override
    public void repetition(Rig.Case c, int repetition, int of) {
        long elapsed = System.nanoTime() - start;
        long perRep = done == 0 ? estimatePerRep : elapsed / done;
        long leftSeconds = Math.round((total - done) * (double) perRep / 1e9);
        String line = String.format("[%d/%d] %s %s %s %s, repetition %d/%d, about %s left",
                done + 1, total, c.transport().name(), c.waitStrategy().id(), Units.formatSize(c.payloadBytes()),
                c.modeLabel(), repetition, of, leftSeconds >= 60 ? leftSeconds / 60 + "m" + leftSeconds % 60 + "s" : leftSeconds + "s");
        if (live) {
            err.print("\r\033[K" + line);
        } else {
            err.println(line);
        }
        err.flush();
        done++;
    }

    /** A sweep adds its repetitions as it decides on each rate. */
    void more(int repetitions) {
        total += repetitions;
    }

    /** The closing line, with the share of the run's time the host probes took. */
    void done(List<ResultRecord> results) {
        if (live) {
            err.print("\r\033[K");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double probeMs = results.stream().filter(r -> r.perRepetition() != null).flatMap(r -> r.perRepetition().stream())
                .filter(p -> p.host() != null).mapToDouble(p -> p.host().probeMs()).sum();
        err.printf(Locale.ROOT, "done: %d repetitions in %.1f s (host probes %.1f%% of it)%n", total, seconds,
                seconds > 0 ? probeMs / 10 / seconds : 0);
        err.flush();
    }
}
