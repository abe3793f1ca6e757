package io.ipcbench.cli;

import io.ipcbench.core.result.CpuCost;
import io.ipcbench.core.result.LatencyNs;
import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.result.Slices;
import io.ipcbench.core.result.WorkCost;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results as a text table. */
final class Table {
    private Table() {
    }

    static void print(PrintWriter out, List<ResultRecord> results) {
        out.printf("%-10s %-7s %6s %-13s | %9s %9s %9s %9s | %9s %11s | %7s | %-23s | %-21s | %s%n",
                "transport", "wait", "size", "mode", "p50 us", "p99 us", "p99.9 us", "max us", "MB/s", "msgs/s",
                "spread", "cpu us/op drv | peer", "syscalls/op | kernel B", "verified");
        for (ResultRecord r : results) {
            LatencyNs l = r.latencyNs();
            CpuCost c = r.cpu();
            String cpu = String.format("%.2f+%.2f | %.2f+%.2f", c.driverUserNs() / 1e3, c.driverSystemNs() / 1e3,
                    c.peerUserNs() / 1e3, c.peerSystemNs() / 1e3);
            out.printf("%-10s %-7s %6s %-13s | %9s %9s %9s %9s | %9s %11s | %6.1f%% | %-23s | %-21s | %d/%d%s%n",
                    r.transport(), r.waitStrategy(), Units.formatSize(r.payloadBytes()), r.caseMode(),
                    l == null ? "" : us(l.p50()), l == null ? "" : us(l.p99()), l == null ? "" : us(l.p999()),
                    l == null ? "" : us(l.max()),
                    r.bytesPerSec() == null ? "" : String.format("%.1f", r.bytesPerSec() / 1e6),
                    r.msgsPerSec() != null ? String.format("%.0f", r.msgsPerSec())
                            : r.load() != null ? String.format("%.0f", r.load().achievedRate()) : "",
                    r.spread().relative() * 100, cpu, work(r.work()), r.verifiedMessages(), r.messages(),
                    r.fragments() > 1 ? " (" + r.fragments() + " fragments each)" : "");
        }
        out.println("load rows: corrected one-way latency, msgs/s achieved (see the load table below);");
        out.println("spread = (max - min) / median across repetitions, of p50 (rtt, load) or msgs/s (stream); "
                + "cpu = user+system per round trip (rtt) or message (stream); MB/s = 1e6 payload bytes/s;");
        out.println("syscalls/op = system calls of the driver's + the peer's measuring thread per op; "
                + "kernel B = bytes both copied into and out of the kernel per op");
        List<String> stepped = new ArrayList<>();
        for (ResultRecord r : results) {
            Double ratio = Slices.step(r);
            if (ratio != null) {
                stepped.add(String.format(Locale.ROOT, "%s %s %s %s (%.2fx)", r.transport(), r.waitStrategy(),
                        Units.formatSize(r.payloadBytes()), r.caseMode(), ratio));
            }
        }
        if (!stepped.isEmpty()) {
            out.println("changed state within a repetition (the p50 or msgs/s of its eighths differ by more than "
                    + Slices.STEP + "x; its p99 mixes both states): " + String.join(", ", stepped));
        }
    }

    private static String work(WorkCost w) {
        if (w == null) {
            return "";
        }
        return String.format("%.2f+%.2f | %.0f", w.driver().systemCalls(), w.peer().systemCalls(), w.kernelBytes());
    }

    private static String us(long ns) {
        return ns >= 100_000 ? String.format("%.0f", ns / 1e3) : String.format("%.2f", ns / 1e3);
    }
}
