package io.ipcbench.report;

import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.spi.Family;

import java.nio.file.Path;

/** One result with where it came from: what every chart, table and summary is built of. */
record Row(ResultRecord r, RunResults run) {
    /** The line a chart draws for it: transport and wait strategy, e.g. {@code pipe block}. */
    String label() {
        return r.transport() + " " + r.waitStrategy();
    }

    boolean rtt() {
        return "rtt".equals(r.mode()) && r.latencyNs() != null;
    }

    boolean stream() {
        return "stream".equals(r.mode()) && r.msgsPerSec() != null;
    }

    /** An open-loop load result at one rate. */
    boolean load() {
        return r.load() != null && r.latencyNs() != null;
    }

    boolean sharedMemory() {
        return Family.SHM.id().equals(family());
    }

    /** The mechanism it belongs to, as its results say; a file from before families were recorded: the transport itself. */
    String family() {
        return r.family() != null ? r.family() : r.transport();
    }

    /** Spread across repetitions above 10%: reported, marked noisy. */
    boolean noisy() {
        return r.spread() != null && r.spread().relative() > Report.NOISY;
    }

    /** The HdrHistogram log of an rtt result, if the run directory still has it. */
    Path histogramLog() {
        return r.histogramLog() == null ? null : run.dir().resolve(r.histogramLog());
    }
}
