package io.ipcbench.report;

import io.ipcbench.core.result.ResultRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every result as one CSV row (RFC 4180 quoting), raw units: nanoseconds, bytes/s, messages/s. */
final class Csv {
    static final String HEADER = "source,transport,wait,mode,payload_bytes,frame_bytes,fragments,messages,verified_messages,"
            + "repetitions,p50_ns,p90_ns,p99_ns,p999_ns,p9999_ns,max_ns,min_ns,mean_ns,msgs_per_sec,bytes_per_sec,"
            + "cpu_per,driver_user_ns,driver_system_ns,peer_user_ns,peer_system_ns,spread_metric,spread_relative,noisy,pinning,"
            + "work_per,driver_syscalls,peer_syscalls,kernel_bytes,ctx_switches,minor_faults,host_wakeup_ns_min,host_wakeup_ns_max";

    private Csv() {
    }

    static String of(List<Row> rows) {
        StringBuilder b = new StringBuilder(HEADER).append("\r\n");
        for (Row row : rows) {
            ResultRecord r = row.r();
            List<Object> f = new ArrayList<>();
            f.add(row.run().file());
            f.add(r.transport());
            f.add(r.waitStrategy());
            f.add(r.caseMode());
            f.add(r.payloadBytes());
            f.add(r.frameBytes());
            f.add(r.fragments());
            f.add(r.messages());
            f.add(r.verifiedMessages());
            f.add(r.repetitions());
            var l = r.latencyNs();
            if (l != null) {
                f.addAll(List.of(l.p50(), l.p90(), l.p99(), l.p999(), l.p9999(), l.max(), l.min(), l.mean()));
            } else {
                for (int i = 0; i < 8; i++) {
                    f.add(null);
                }
            }
            f.add(r.msgsPerSec());
            f.add(r.bytesPerSec());
            var c = r.cpu();
            if (c != null) {
                f.addAll(List.of(c.per(), c.driverUserNs(), c.driverSystemNs(), c.peerUserNs(), c.peerSystemNs()));
            } else {
                for (int i = 0; i < 5; i++) {
                    f.add(null);
                }
            }
            f.add(r.spread() == null ? null : r.spread().metric());
            f.add(r.spread() == null ? null : r.spread().relative());
            f.add(row.noisy());
            f.add(r.pinning());
            var w = r.work();
            if (w != null) {
                f.addAll(List.of(w.per(), w.driver().systemCalls(), w.peer().systemCalls(), w.kernelBytes(), w.ctxSwitches(),
                        w.driver().minorFaults() + w.peer().minorFaults()));
            } else {
                for (int i = 0; i < 6; i++) {
                    f.add(null);
                }
            }
            double[] wake = HostStates.values(row, HostStates.WAKEUP);
            f.add(wake.length == 0 ? null : java.util.Arrays.stream(wake).min().getAsDouble());
            f.add(wake.length == 0 ? null : java.util.Arrays.stream(wake).max().getAsDouble());
            for (int i = 0; i < f.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(field(f.get(i)));
            }
            b.append("\r\n");
        }
        return b.toString();
    }

    static String field(Object o) {
        if (o == null) {
            return "";
        }
        String s = o instanceof Double d ? String.format(Locale.ROOT, "%s", d) : String.valueOf(o);
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
