package io.ipcbench.report;

import io.ipcbench.core.env.Environment;
import io.ipcbench.core.result.ResultRecord;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report page: one self-contained HTML file (charts as data URIs, inline CSS, no script). */
final class Html {
    private final StringBuilder b = new StringBuilder(1 << 16);

    private Html() {
    }

    static String esc(Object o) {
        String s = String.valueOf(o);
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    static String page(List<RunResults> runs, List<Row> rows, List<Summary.Verdict> verdicts, List<String> insights,
                       List<String> caveats, List<Charts.Named> charts, Map<String, byte[]> pngs) {
        Html h = new Html();
        h.b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>ipcbench report</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}\n")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:13px}th,td{border:1px solid #ccc;padding:3px 6px;text-align:right}\n")
                .append("th{background:#f0f0f0}td.l,th.l{text-align:left}tr.noisy td{background:#fff4e0}\n")
                .append("figure{margin:2em 0}figcaption{color:#444;max-width:900px}img{max-width:100%;border:1px solid #ddd}\n")
                .append(".verdict td{font-size:15px}.note{color:#555}code{background:#f4f4f4;padding:0 3px}\n")
                .append("</style></head><body>\n");
        h.b.append("<h1>ipcbench report</h1>\n<p class=\"note\">")
                .append(rows.size()).append(" results from ");
        for (int i = 0; i < runs.size(); i++) {
            RunResults r = runs.get(i);
            h.b.append(i > 0 ? ", " : "").append("<code>").append(esc(r.file())).append("</code> (")
                    .append(esc(r.doc().createdAt())).append(")");
        }
        h.b.append(". Which IPC mechanism is fastest on this machine, measured with verified messages between two processes.</p>\n");
        h.summary(verdicts, insights, caveats);
        h.load(rows);
        h.charts(charts, pngs);
        h.results(rows);
        h.environment(runs);
        h.method(runs);
        h.b.append("<h2 id=\"files\">Files</h2>\n<p>Next to this page: <a href=\"").append(Report.CSV).append("\">")
                .append(Report.CSV).append("</a> (every result, one row each)");
        for (Charts.Named c : charts) {
            h.b.append(", <a href=\"").append(esc(c.file())).append("\">").append(esc(c.file())).append("</a>");
        }
        h.b.append(".</p>\n</body></html>\n");
        return h.b.toString();
    }

    private void summary(List<Summary.Verdict> verdicts, List<String> insights, List<String> caveats) {
        b.append("<h2 id=\"summary\">Summary: which IPC should I use here?</h2>\n");
        if (verdicts.isEmpty()) {
            b.append("<p>Not enough results for a verdict.</p>\n");
        } else {
            b.append("<table class=\"verdict\"><tr><th class=\"l\">payloads</th><th class=\"l\">for</th><th class=\"l\">waits</th>")
                    .append("<th class=\"l\">fastest</th><th>its value</th><th>its CPU</th><th class=\"l\">best other mechanism</th>")
                    .append("<th class=\"l\">margin</th><th class=\"l\">basis</th></tr>\n");
            for (Summary.Verdict v : verdicts) {
                b.append("<tr><td class=\"l\">").append(esc(v.sizes())).append("</td><td class=\"l\">").append(esc(v.metric()))
                        .append("</td><td class=\"l\">").append(esc(v.waits()))
                        .append("</td><td class=\"l\"><b>").append(esc(v.winner())).append("</b></td><td>").append(esc(v.value()))
                        .append("</td><td>").append(esc(v.cpu()))
                        .append("</td><td class=\"l\">").append(esc(v.runnerUp())).append("</td><td class=\"l\">").append(esc(v.margin()))
                        .append("</td><td class=\"l\">").append(esc(v.basis())).append("</td></tr>\n");
            }
            b.append("</table>\n");
            b.append("<p class=\"note\">Blocking waits sleep in the kernel and leave the CPU free; spinning keeps a CPU busy on each ")
                    .append("waiting side (its CPU per operation shows it). Choose within the row that fits your design.</p>\n");
        }
        if (!insights.isEmpty()) {
            b.append("<ul class=\"insights\">\n");
            for (String i : insights) {
                b.append("<li><b>").append(esc(i)).append("</b></li>\n");
            }
            b.append("</ul>\n");
        }
        b.append("<h3>Caveats</h3>\n<ul>\n");
        for (String c : caveats) {
            b.append("<li>").append(esc(c)).append("</li>\n");
        }
        b.append("</ul>\n");
    }

    /** The knee (and the SLO's rate, when the run set one) of every load case, then each point. */
    private void load(List<Row> rows) {
        Map<String, List<Row>> byCase = new java.util.LinkedHashMap<>();
        for (Row r : rows) {
            if (r.load()) {
                byCase.computeIfAbsent(r.label() + " " + Charts.sizeLabel(r.r().payloadBytes()) + " B", k -> new java.util.ArrayList<>())
                        .add(r);
            }
        }
        if (byCase.isEmpty()) {
            return;
        }
        b.append("<h2 id=\"load\">Under load</h2>\n<p class=\"note\">Messages offered on a schedule (open loop); latency is ")
                .append("one-way, from each message's intended send time (corrected) or its actual one (uncorrected). The knee is the ")
                .append("highest rate measured that was not saturated (achieved at least 95% of the rate) and kept its median repetition's ")
                .append("corrected p99 within ").append((int) io.ipcbench.core.load.Sweep.P99_GROWTH)
                .append("x the median of the lower rates that coped (one host stall in one repetition does not make a knee).</p>\n");
        b.append("<table><tr><th class=\"l\">case</th><th>knee</th><th class=\"l\">latency target</th><th>highest rate meeting it</th></tr>\n");
        for (Map.Entry<String, List<Row>> e : byCase.entrySet()) {
            List<ResultRecord> points = e.getValue().stream().map(Row::r).toList();
            Object sloText = e.getValue().get(0).run().doc().settings() == null ? null
                    : e.getValue().get(0).run().doc().settings().get("slo");
            String target = "";
            String met = "";
            if (sloText != null) {
                try {
                    io.ipcbench.core.load.Sweep.Slo slo = io.ipcbench.core.load.Sweep.Slo.parse(sloText.toString());
                    target = slo.label();
                    Double at = io.ipcbench.core.load.Sweep.sloRate(points, slo);
                    met = at == null ? "none measured" : io.ipcbench.core.load.Load.rateLabel(at) + "/s";
                } catch (IllegalArgumentException ex) {
                    target = "unreadable: " + sloText;
                }
            }
            b.append("<tr><td class=\"l\">").append(esc(e.getKey())).append("</td><td>")
                    .append(esc(io.ipcbench.core.load.Sweep.kneeText(points)))
                    .append("</td><td class=\"l\">").append(esc(target)).append("</td><td>").append(esc(met)).append("</td></tr>\n");
        }
        b.append("</table>\n<table><tr><th class=\"l\">case</th><th>rate/s</th><th>achieved/s</th><th class=\"l\">saturated</th>")
                .append("<th>corrected p50</th><th>p99</th><th>p99.9</th><th>max</th><th>uncorrected p50</th><th>p99</th><th>p99.9</th>")
                .append("<th>late sends</th><th>worst lag</th></tr>\n");
        for (Map.Entry<String, List<Row>> e : byCase.entrySet()) {
            for (ResultRecord r : io.ipcbench.core.load.Sweep.byRate(e.getValue().stream().map(Row::r).toList())) {
                io.ipcbench.core.result.LoadResult l = r.load();
                b.append("<tr><td class=\"l\">").append(esc(e.getKey())).append("</td><td>")
                        .append(esc(io.ipcbench.core.load.Load.rateLabel(l.rate()))).append("</td><td>")
                        .append(esc(io.ipcbench.core.load.Load.rateLabel(l.achievedRate()))).append("</td><td class=\"l\">")
                        .append(l.saturated() ? "<b>saturated</b>" : "").append("</td>");
                for (long v : new long[] {l.corrected().p50(), l.corrected().p99(), l.corrected().p999(), l.corrected().max(),
                        l.uncorrected().p50(), l.uncorrected().p99(), l.uncorrected().p999()}) {
                    b.append("<td>").append(esc(Summary.fmt(v / 1e3))).append(" us</td>");
                }
                b.append("<td>").append(l.lateSends()).append("</td><td>").append(esc(Summary.fmt(l.worstLagNs() / 1e3)))
                        .append(" us</td></tr>\n");
            }
        }
        b.append("</table>\n");
    }

    private void charts(List<Charts.Named> charts, Map<String, byte[]> pngs) {
        b.append("<h2 id=\"charts\">Charts</h2>\n");
        for (Charts.Named c : charts) {
            b.append("<figure><h3>").append(esc(c.title())).append("</h3>\n<img alt=\"").append(esc(c.title()))
                    .append("\" width=\"").append(Charts.WIDTH).append("\" height=\"").append(Charts.HEIGHT)
                    .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(pngs.get(c.file())))
                    .append("\">\n<figcaption>").append(esc(c.howToRead())).append(" (<a href=\"").append(esc(c.file()))
                    .append("\">").append(esc(c.file())).append("</a>)</figcaption></figure>\n");
        }
    }

    private void results(List<Row> rows) {
        b.append("<h2 id=\"results\">Every result</h2>\n<p class=\"note\">Latency in microseconds over all repetitions merged; ")
                .append("throughput is the median over repetitions (MB/s = 1e6 payload bytes/s); CPU is user+system microseconds ")
                .append("per round trip (rtt) or message (stream), driver | peer; syscalls, kernel B (bytes copied into and out of the ")
                .append("kernel) and context switches are per round trip or message too, of both measuring threads; ")
                .append("spread = (max - min) / median across repetitions; ")
                .append("rows above ").append(Math.round(Report.NOISY * 100)).append("% are marked noisy.</p>\n");
        b.append("<table><tr><th class=\"l\">transport</th><th class=\"l\">wait</th><th class=\"l\">mode</th><th>payload B</th>")
                .append("<th>fragments</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>p99.99</th><th>max</th>")
                .append("<th>MB/s</th><th>msgs/s</th><th>CPU driver</th><th>CPU peer</th><th>syscalls driver+peer</th>")
                .append("<th>kernel B</th><th>ctx switches</th><th>spread</th><th>verified</th>")
                .append("<th>reps</th><th class=\"l\">pinning</th></tr>\n");
        for (Row row : rows) {
            ResultRecord r = row.r();
            b.append(row.noisy() ? "<tr class=\"noisy\">" : "<tr>");
            cell(r.transport(), true);
            cell(r.waitStrategy(), true);
            cell(r.caseMode(), true);
            cell(r.payloadBytes(), false);
            cell(r.fragments(), false);
            var l = r.latencyNs();
            for (Long v : l == null ? new Long[] {null, null, null, null, null, null}
                    : new Long[] {l.p50(), l.p90(), l.p99(), l.p999(), l.p9999(), l.max()}) {
                cell(v == null ? "" : Summary.fmt(v / 1e3), false);
            }
            cell(r.bytesPerSec() == null ? "" : Summary.fmt(r.bytesPerSec() / 1e6), false);
            cell(r.msgsPerSec() == null ? "" : String.format(Locale.ROOT, "%.0f", r.msgsPerSec()), false);
            var c = r.cpu();
            cell(c == null ? "" : Summary.fmt((c.driverUserNs() + c.driverSystemNs()) / 1e3), false);
            cell(c == null ? "" : Summary.fmt((c.peerUserNs() + c.peerSystemNs()) / 1e3), false);
            var w = r.work();
            cell(w == null ? "" : String.format(Locale.ROOT, "%.2f+%.2f", w.driver().systemCalls(), w.peer().systemCalls()), false);
            cell(w == null ? "" : String.format(Locale.ROOT, "%.0f", w.kernelBytes()), false);
            cell(w == null ? "" : String.format(Locale.ROOT, "%.2f", w.ctxSwitches()), false);
            cell(r.spread() == null ? "" : String.format(Locale.ROOT, "%.1f%%%s", r.spread().relative() * 100, row.noisy() ? " noisy" : ""),
                    false);
            cell(r.verifiedMessages() + "/" + r.messages(), false);
            cell(r.repetitions(), false);
            cell(r.pinning(), true);
            b.append("</tr>\n");
        }
        b.append("</table>\n");
    }

    private void cell(Object v, boolean left) {
        b.append(left ? "<td class=\"l\">" : "<td>").append(esc(v == null ? "" : v)).append("</td>");
    }

    private void environment(List<RunResults> runs) {
        b.append("<h2 id=\"environment\">Environment</h2>\n");
        for (RunResults run : runs) {
            Environment e = run.doc().environment();
            b.append("<h3><code>").append(esc(run.file())).append("</code></h3>\n");
            if (e == null) {
                b.append("<p>No environment recorded.</p>\n");
                continue;
            }
            b.append("<table>\n");
            kv("hostname", e.hostname());
            kv("kernel", e.kernel());
            kv("CPU model", e.cpuModel());
            kv("online CPUs", e.onlineCpus());
            kv("allowed CPUs", e.allowedCpus());
            kv("cgroup cpu.max", e.cgroupCpuMax());
            kv("cpuidle driver", e.cpuidleDriver());
            kv("guest halt poll ns", e.guestHaltPollNs());
            kv("scaling governor", e.scalingGovernor());
            kv("JVM", e.jvmVendor() + " " + e.jvmVersion());
            kv("java.home", e.javaHome());
            kv("JVM flags", e.jvmFlags());
            if (e.ipcLimits() != null) {
                e.ipcLimits().forEach((k, v) -> kv("limit " + k, v));
            }
            b.append("</table>\n");
        }
    }

    private void kv(String k, Object v) {
        b.append("<tr><th class=\"l\">").append(esc(k)).append("</th><td class=\"l\">").append(esc(v)).append("</td></tr>\n");
    }

    private void method(List<RunResults> runs) {
        b.append("<h2 id=\"method\">Method</h2>\n<ul>\n")
                .append("<li><b>rtt</b>: closed-loop ping-pong; the driver times each round trip from before its send to after the ")
                .append("whole echo is received (HdrHistogram, 3 significant digits); both sides verify every byte outside the timed part.</li>\n")
                .append("<li><b>stream</b>: one-way messages back to back between two sync points; the peer verifies every message and ")
                .append("reports its count, bytes and sequence sum, which the driver checks.</li>\n")
                .append("<li>Every message carries a 24-byte header (type, length, sequence, send time) before the payload; payloads are ")
                .append("windows of a shared pseudo-random pattern, compared byte for byte on arrival.</li>\n")
                .append("<li>Each repetition uses a fresh peer JVM; driver and peer measuring threads are pinned to different CPUs when possible.</li>\n")
                .append("<li>CPU: getrusage of each whole process over the measured phases.</li>\n")
                .append("<li>Work: for each side's measuring thread, <code>/proc/thread-self/io</code> (read and write system calls, ")
                .append("bytes read and written) and <code>getrusage(RUSAGE_THREAD)</code> (context switches, page faults) at the start ")
                .append("and end of the measured phase; the system calls those do not count (futex, poll, epoll_wait, mq_*, msg*) ")
                .append("are counted by the transport itself.</li>\n")
                .append("<li>Order: repetitions are interleaved (round 1 of every case in a shuffled, seeded order, then round 2, ...), ")
                .append("each with a fresh peer and its own warm-up, and a host probe (cross-CPU cache-line round trip, blocking ")
                .append("wake-up round trip, largest timer gap) runs before each one.</li>\n");
        if (runs.stream().anyMatch(r -> "jmh".equals(r.doc().tool()))) {
            b.append("<li><b>JMH inputs</b> (<code>ipcbench jmh</code>): the same messages and verification, timed by JMH around ")
                    .append("each operation. rtt = RoundTrip in SampleTime (percentiles of JMH's samples; the AverageTime score is ")
                    .append("kept as a fact), stream = Stream in Throughput; a repetition is one measurement iteration; one peer per ")
                    .append("trial; no pinning and no CPU cost; other benchmarks (the baselines) are listed in the settings.</li>\n");
        }
        b.append("</ul>\n");
        for (RunResults run : runs) {
            b.append("<h3>Settings of <code>").append(esc(run.file())).append("</code></h3>\n<table>\n");
            kv("tool", run.doc().tool() + " " + run.doc().version() + ", schema " + run.doc().schema());
            if (run.doc().settings() != null) {
                run.doc().settings().forEach(this::kv);
            }
            b.append("</table>\n");
        }
    }
}
