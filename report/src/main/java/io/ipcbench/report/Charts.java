package io.ipcbench.report;

import io.ipcbench.core.result.CpuCost;
import io.ipcbench.core.result.HostState;
import io.ipcbench.core.spi.Family;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The report's charts, built with XChart from result rows. Log axes cannot show values <= 0
 * (XChart refuses them), so every value drawn on one goes through {@link #positive}.
 */
final class Charts {
    static final int WIDTH = 900;
    static final int HEIGHT = 520;
    /** The percentiles of a spectrum, HdrHistogram style: x = 1 / (1 - p). */
    static final double[] PERCENTILES = {0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99};
    private static final double LOG_FLOOR = 1e-3;

    /** A chart with its file name and the sentence under it. */
    record Named(String file, String title, String howToRead, Chart<?, ?> chart) {
    }

    /** Distinct colours; a transport and wait keeps its colour in every chart of a report. */
    private static final java.awt.Color[] PALETTE = {
        new java.awt.Color(0x1f77b4), new java.awt.Color(0xd62728), new java.awt.Color(0x2ca02c), new java.awt.Color(0xff7f0e),
        new java.awt.Color(0x9467bd), new java.awt.Color(0x8c564b), new java.awt.Color(0xe377c2), new java.awt.Color(0x17becf),
        new java.awt.Color(0xbcbd22), new java.awt.Color(0x7f7f7f), new java.awt.Color(0x393b79), new java.awt.Color(0xad494a),
    };

    private final Map<String, java.awt.Color> colors = new TreeMap<>();

    Charts(List<Row> rows) {
        rows.stream().map(Row::label).sorted().distinct()
                .forEach(l -> colors.put(l, PALETTE[colors.size() % PALETTE.length]));
    }

    private java.awt.Color color(String label) {
        return colors.getOrDefault(label, java.awt.Color.DARK_GRAY);
    }

    static double positive(double v) {
        return Double.isFinite(v) && v > LOG_FLOOR ? v : LOG_FLOOR;
    }

    List<Named> all(List<Row> rows, int cpuSize) {
        List<Named> charts = new ArrayList<>();
        if (rows.stream().anyMatch(Row::rtt)) {
            charts.add(rttBySize(rows));
            for (int size : sizes(rows, Row::rtt)) {
                charts.add(spectrum(rows, size));
            }
        }
        if (rows.stream().anyMatch(Row::load)) {
            for (int size : sizes(rows, Row::load)) {
                charts.add(loadByRate(rows, size));
                for (String label : byLabel(rows, r -> r.load() && r.r().payloadBytes() == size).keySet()) {
                    charts.add(loadSpectrum(rows, size, label));
                }
            }
        }
        if (rows.stream().anyMatch(Row::stream)) {
            charts.add(throughputBySize(rows, true));
            charts.add(throughputBySize(rows, false));
        }
        cpu(rows, cpuSize).ifPresent(charts::add);
        work(rows, true).ifPresent(charts::add);
        work(rows, false).ifPresent(charts::add);
        hostTimeline(rows).ifPresent(charts::add);
        speedup(rows, true).ifPresent(charts::add);
        speedup(rows, false).ifPresent(charts::add);
        return charts;
    }

    static TreeSet<Integer> sizes(List<Row> rows, Predicate<Row> which) {
        return rows.stream().filter(which).map(r -> r.r().payloadBytes()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static XYChart logLog(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        style(c.getStyler(), null);
        return c;
    }

    /**
     * Log-log when {@code xLabels} is null. XChart computes linear ticks as soon as a label
     * function is set, so the spectrum draws log10 of its x values on a linear axis instead and
     * labels only the decades.
     */
    private static void style(XYStyler st, Function<Double, String> xLabels) {
        st.setXAxisLogarithmic(xLabels == null);
        st.setYAxisLogarithmic(true);
        if (xLabels != null) {
            st.setxAxisTickLabelsFormattingFunction(xLabels);
        }
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setChartBackgroundColor(java.awt.Color.WHITE);
        st.setMarkerSize(6);
    }

    static String sizeLabel(double bytes) {
        long b = Math.round(bytes);
        if (b >= 1 << 20 && b % (1 << 20) == 0) {
            return (b >> 20) + "M";
        }
        if (b >= 1 << 10 && b % (1 << 10) == 0) {
            return (b >> 10) + "K";
        }
        return Long.toString(b);
    }

    /** Rows grouped by label, each list sorted by payload size. */
    private static Map<String, List<Row>> byLabel(List<Row> rows, Predicate<Row> which) {
        Map<String, List<Row>> m = new TreeMap<>();
        rows.stream().filter(which).sorted(java.util.Comparator.comparingInt(r -> r.r().payloadBytes()))
                .forEach(r -> m.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r));
        return m;
    }

    private XYSeries line(XYChart c, String name, String label, List<Row> rows, ToDoubleFunction<Row> y) {
        double[] xs = rows.stream().mapToDouble(r -> r.r().payloadBytes()).toArray();
        double[] ys = rows.stream().mapToDouble(y).map(Charts::positive).toArray();
        XYSeries s = c.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(color(label));
        s.setMarkerColor(color(label));
        return s;
    }

    Named rttBySize(List<Row> rows) {
        XYChart c = logLog("Round-trip latency by payload size (p50 solid, p99 dashed)", "payload bytes", "round trip (us)");
        for (Map.Entry<String, List<Row>> e : byLabel(rows, Row::rtt).entrySet()) {
            line(c, e.getKey() + " p50", e.getKey(), e.getValue(), r -> r.r().latencyNs().p50() / 1e3);
            line(c, e.getKey() + " p99", e.getKey(), e.getValue(), r -> r.r().latencyNs().p99() / 1e3)
                    .setLineStyle(SeriesLines.DASH_DASH);
        }
        return new Named("rtt-by-size.png", "Round-trip latency against payload size",
                "Lower is better. One colour per transport and wait strategy; solid p50, dashed p99. Both axes are logarithmic.", c);
    }

    Named spectrum(List<Row> rows, int size) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Latency by percentile, " + sizeLabel(size) + " B payload").xAxisTitle("percentile")
                .yAxisTitle("round trip (us)").build();
        style(c.getStyler(), Charts::percentileLabel);
        for (Map.Entry<String, List<Row>> e : byLabel(rows, r -> r.rtt() && r.r().payloadBytes() == size).entrySet()) {
            Row row = e.getValue().get(0);
            double[][] points = spectrumPoints(row);
            XYSeries series = c.addSeries(e.getKey(), points[0], points[1]);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setLineColor(color(e.getKey()));
            series.setMarkerColor(color(e.getKey()));
        }
        return new Named("spectrum-" + sizeLabel(size) + ".png", "Latency spectrum at " + sizeLabel(size) + " B",
                "HdrHistogram style: the x-axis is the percentile on a 1/(1-p) scale, so the tail (99%, 99.9%, 99.99%) gets "
                        + "as much room as the median. Lower is better; a line that rises steeply on the right has a heavy tail.", c);
    }

    /**
     * Corrected one-way latency against the offered rate at one size: p50 solid, p99 dashed, p99.9
     * dotted per transport and wait, log axes; saturated points (achieved below 95% of the rate)
     * get a cross, so a flat line there is not read as coping.
     */
    Named loadByRate(List<Row> rows, int size) {
        XYChart c = logLog("One-way latency under load against the offered rate, " + sizeLabel(size) + " B (corrected)",
                "offered rate (messages/s)", "one-way latency (us)");
        List<double[]> saturated = new ArrayList<>();
        for (Map.Entry<String, List<Row>> e : byLabel(rows, r -> r.load() && r.r().payloadBytes() == size).entrySet()) {
            List<Row> pts = new ArrayList<>(e.getValue());
            pts.sort(java.util.Comparator.comparingDouble(r -> r.r().load().rate()));
            double[] xs = pts.stream().mapToDouble(r -> r.r().load().rate()).toArray();
            String[] names = {" p50", " p99", " p99.9"};
            java.awt.BasicStroke[] styles = {SeriesLines.SOLID, SeriesLines.DASH_DASH, SeriesLines.DOT_DOT};
            for (int i = 0; i < names.length; i++) {
                int which = i;
                double[] ys = pts.stream().mapToDouble(r -> {
                    io.ipcbench.core.result.LatencyNs l = r.r().load().corrected();
                    return (which == 0 ? l.p50() : which == 1 ? l.p99() : l.p999()) / 1e3;
                }).map(Charts::positive).toArray();
                XYSeries sr = c.addSeries(e.getKey() + names[i], xs, ys);
                sr.setMarker(SeriesMarkers.CIRCLE);
                sr.setLineColor(color(e.getKey()));
                sr.setMarkerColor(color(e.getKey()));
                sr.setLineStyle(styles[i]);
            }
            for (Row r : pts) {
                if (r.r().load().saturated()) {
                    saturated.add(new double[] {r.r().load().rate(), positive(r.r().load().corrected().p99() / 1e3)});
                }
            }
        }
        if (!saturated.isEmpty()) {
            XYSeries sat = c.addSeries("saturated (p99)", saturated.stream().mapToDouble(a -> a[0]).toArray(),
                    saturated.stream().mapToDouble(a -> a[1]).toArray());
            sat.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            sat.setMarker(SeriesMarkers.CROSS);
            sat.setMarkerColor(java.awt.Color.RED);
        }
        return new Named("load-by-rate-" + sizeLabel(size) + ".png", "Latency under load at " + sizeLabel(size) + " B",
                "Lower is better. Messages offered on a schedule at each rate; latency from each one's intended send time, so a "
                        + "stall counts for every message due during it. Solid p50, dashed p99, dotted p99.9; a red cross marks a "
                        + "saturated point (achieved below 95% of the rate). Both axes logarithmic.", c);
    }

    /** The corrected spectrum of one transport and wait at each rate (solid), the uncorrected one dashed. */
    Named loadSpectrum(List<Row> rows, int size, String label) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("One-way latency by percentile under load, " + label + ", " + sizeLabel(size) + " B").xAxisTitle("percentile")
                .yAxisTitle("one-way latency (us)").build();
        style(c.getStyler(), Charts::percentileLabel);
        List<Row> pts = rows.stream().filter(r -> r.load() && r.r().payloadBytes() == size && r.label().equals(label))
                .sorted(java.util.Comparator.comparingDouble(r -> r.r().load().rate())).toList();
        for (int i = 0; i < pts.size(); i++) {
            Row row = pts.get(i);
            java.awt.Color colour = PALETTE[i % PALETTE.length];
            String rate = io.ipcbench.core.load.Load.rateLabel(row.r().load().rate()) + "/s";
            double[][] corrected = spectrumPoints(row.histogramLog(), row.r().load().corrected());
            XYSeries a = c.addSeries(rate + " corrected", corrected[0], corrected[1]);
            a.setMarker(SeriesMarkers.CIRCLE);
            a.setLineColor(colour);
            a.setMarkerColor(colour);
            Path unc = row.r().load().uncorrectedLog() == null ? null : row.run().dir().resolve(row.r().load().uncorrectedLog());
            double[][] uncorrected = spectrumPoints(unc, row.r().load().uncorrected());
            XYSeries b = c.addSeries(rate + " uncorrected", uncorrected[0], uncorrected[1]);
            b.setMarker(SeriesMarkers.NONE);
            b.setLineColor(colour);
            b.setLineStyle(SeriesLines.DASH_DASH);
        }
        return new Named("load-spectrum-" + label.replace(' ', '-') + "-" + sizeLabel(size) + ".png",
                "Latency spectrum under load, " + label + " at " + sizeLabel(size) + " B",
                "One colour per offered rate: solid from the intended send times (corrected), dashed from the actual ones "
                        + "(uncorrected). Where the two part, the sender fell behind and a closed-loop measurement would hide it.", c);
    }

    /** The label of {@code x} = log10(1 / (1 - p)) on the spectrum's axis: the decades only (0%, 90%, 99%, ...). */
    static String percentileLabel(double x) {
        if (Math.abs(x - Math.rint(x)) > 1e-9 || x < 0) {
            return "";
        }
        java.math.BigDecimal hundred = java.math.BigDecimal.valueOf(100);
        return hundred.subtract(hundred.movePointLeft((int) Math.rint(x))).stripTrailingZeros().toPlainString() + "%";
    }

    /** x = log10(1/(1-p)), y = latency in us: from the run's histogram log when it is there, else the summary percentiles. */
    static double[][] spectrumPoints(Row row) {
        return spectrumPoints(row.histogramLog(), row.r().latencyNs());
    }

    static double[][] spectrumPoints(Path log, io.ipcbench.core.result.LatencyNs l) {
        Histogram h = readHistogram(log);
        List<double[]> pts = new ArrayList<>();
        if (h != null && h.getTotalCount() > 0) {
            for (double p : PERCENTILES) {
                pts.add(new double[] {Math.log10(1 / (1 - p / 100)), h.getValueAtPercentile(p) / 1e3});
            }
        } else {
            double[][] summary = {{0, l.min()}, {50, l.p50()}, {90, l.p90()}, {99, l.p99()}, {99.9, l.p999()}, {99.99, l.p9999()}};
            for (double[] s : summary) {
                pts.add(new double[] {Math.log10(1 / (1 - s[0] / 100)), s[1] / 1e3});
            }
        }
        double[] xs = pts.stream().mapToDouble(p -> p[0]).toArray();
        double[] ys = pts.stream().mapToDouble(p -> positive(p[1])).toArray();
        return new double[][] {xs, ys};
    }

    /** All intervals of a histogram log, merged; null if there is none or it cannot be read. */
    static Histogram readHistogram(Path log) {
        if (log == null || !Files.isRegularFile(log)) {
            return null;
        }
        try (HistogramLogReader reader = new HistogramLogReader(log.toFile())) {
            Histogram merged = null;
            while (reader.hasNext()) {
                if (reader.nextIntervalHistogram() instanceof Histogram h) {
                    if (merged == null) {
                        merged = new Histogram(h.getLowestDiscernibleValue(), h.getHighestTrackableValue(),
                                h.getNumberOfSignificantValueDigits());
                    }
                    merged.add(h);
                }
            }
            return merged;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    Named throughputBySize(List<Row> rows, boolean megabytes) {
        XYChart c = logLog("Stream throughput by payload size" + (megabytes ? " (MB/s)" : " (messages/s)"), "payload bytes",
                megabytes ? "MB/s (1e6 payload bytes/s)" : "messages/s");
        for (Map.Entry<String, List<Row>> e : byLabel(rows, Row::stream).entrySet()) {
            line(c, e.getKey(), e.getKey(), e.getValue(), r -> megabytes ? r.r().bytesPerSec() / 1e6 : r.r().msgsPerSec());
        }
        return new Named(megabytes ? "throughput-mbps.png" : "throughput-msgs.png",
                "Stream throughput against payload size, in " + (megabytes ? "MB/s" : "messages/s"),
                "Higher is better. One-way messages back to back, every one verified by the peer; both axes logarithmic.", c);
    }

    /** CPU per message at {@code size} (stream results; rtt per round trip if a transport has no stream result). */
    Optional<Named> cpu(List<Row> rows, int size) {
        Map<String, Row> chosen = new TreeMap<>();
        for (Row r : rows) {
            if (r.r().payloadBytes() == size && r.r().cpu() != null && (r.stream() || r.rtt())) {
                chosen.merge(r.label(), r, (a, b) -> a.stream() ? a : b);
            }
        }
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        List<String> labels = new ArrayList<>();
        for (Map.Entry<String, Row> e : chosen.entrySet()) {
            labels.add(e.getKey() + (e.getValue().stream() ? "" : " (per round trip)"));
        }
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("CPU time per message, " + sizeLabel(size) + " B payload").xAxisTitle("transport, wait")
                .yAxisTitle("CPU us per message").build();
        CategoryStyler st = c.getStyler();
        st.setStacked(true);
        st.setXAxisLabelRotation(30);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setChartBackgroundColor(java.awt.Color.WHITE);
        List<Row> values = new ArrayList<>(chosen.values());
        addBars(c, "driver user", labels, values, CpuCost::driverUserNs);
        addBars(c, "driver system", labels, values, CpuCost::driverSystemNs);
        addBars(c, "peer user", labels, values, CpuCost::peerUserNs);
        addBars(c, "peer system", labels, values, CpuCost::peerSystemNs);
        return Optional.of(new Named("cpu-" + sizeLabel(size) + ".png", "CPU cost per message at " + sizeLabel(size) + " B",
                "Lower is better. User and system time of both whole processes (JIT and GC included) per message of the stream "
                        + "(per round trip where there is no stream result). Spinning transports burn a CPU while they wait.", c));
    }

    private static void addBars(CategoryChart c, String name, List<String> labels, List<Row> rows, ToDoubleFunction<CpuCost> f) {
        List<Double> ys = rows.stream().map(r -> f.applyAsDouble(r.r().cpu()) / 1e3).toList();
        c.addSeries(name, labels, ys);
    }

    /**
     * Kernel work per stream message, by transport and size: system calls of both sides, or bytes
     * through the kernel in multiples of the frame (2 = copied in by the sender and out by the
     * receiver, 0 = never touched by the kernel). Linear axes: the zeros are the point.
     */
    Optional<Named> work(List<Row> rows, boolean calls) {
        List<Row> streams = rows.stream().filter(r -> r.stream() && r.r().work() != null).toList();
        if (streams.isEmpty()) {
            return Optional.empty();
        }
        List<String> labels = streams.stream().map(Row::label).distinct().sorted().toList();
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(calls ? "System calls per message (stream, driver + peer)" : "Bytes through the kernel per message (stream)")
                .xAxisTitle("transport, wait").yAxisTitle(calls ? "system calls per message" : "kernel bytes / frame bytes").build();
        CategoryStyler st = c.getStyler();
        st.setXAxisLabelRotation(30);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setChartBackgroundColor(java.awt.Color.WHITE);
        for (int size : sizes(streams, r -> true)) {
            List<Double> ys = new ArrayList<>();
            for (String label : labels) {
                Optional<Row> r = streams.stream().filter(x -> x.label().equals(label) && x.r().payloadBytes() == size).findFirst();
                ys.add(r.map(x -> calls ? x.r().work().systemCalls() : x.r().work().kernelBytes() / x.r().frameBytes()).orElse(0.0));
            }
            c.addSeries(sizeLabel(size) + " B", labels, ys);
        }
        return Optional.of(calls
                ? new Named("work-syscalls.png", "System calls per message",
                        "Lower is less kernel work. Read and write calls from /proc/thread-self/io, plus the calls the kernel does not "
                                + "count there (futex, poll, epoll_wait, mq_*, msg*), counted by each transport, of both measuring "
                                + "threads, per message of the stream. Pipes, FIFOs, sockets and queues enter the kernel for every message "
                                + "on both sides (fewer reads than messages when a read takes several); shared memory with spinning does not "
                                + "enter it at all. These counts barely move when the host gets slower.", c)
                : new Named("work-kernel-bytes.png", "Bytes through the kernel per message",
                        "Bytes both measuring threads copied into and out of the kernel per message (rchar + wchar, plus the "
                                + "message bytes of queue calls, which the kernel does not count there), in multiples of the frame (payload "
                                + "plus its 24-byte header): 2 means the sender copied it in and the receiver copied it out, as every "
                                + "message-passing mechanism must; 0 means the kernel never touched it (shared memory).", c));
    }

    /** The host probes before each repetition against the run's time line: when they move, the host changed. */
    Optional<Named> hostTimeline(List<Row> rows) {
        record Point(Instant at, HostState host) {
        }
        List<Point> points = new ArrayList<>();
        for (Row r : rows) {
            if (r.r().perRepetition() == null) {
                continue;
            }
            for (var rep : r.r().perRepetition()) {
                if (rep.host() != null && rep.startedAt() != null) {
                    try {
                        points.add(new Point(Instant.parse(rep.startedAt()), rep.host()));
                    } catch (DateTimeParseException e) {
                        // a foreign time stamp: leave the point out
                    }
                }
            }
        }
        if (points.size() < 2) {
            return Optional.empty();
        }
        points.sort(Comparator.comparing(Point::at));
        Instant t0 = points.get(0).at();
        double[] xs = points.stream().mapToDouble(p -> Duration.between(t0, p.at()).toMillis() / 60_000.0).toArray();
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Host state before each repetition")
                .xAxisTitle("minutes into the run").yAxisTitle("us (log)").build();
        XYStyler st = c.getStyler();
        st.setYAxisLogarithmic(true);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setChartBackgroundColor(java.awt.Color.WHITE);
        st.setMarkerSize(5);
        for (HostStates.Probe p : List.of(HostStates.CACHE_LINE, HostStates.WAKEUP, HostStates.TIMER_GAP)) {
            // a 0 was not measured (the probe ran out of time): left out
            List<Integer> measured = IntStream.range(0, points.size())
                    .filter(i -> p.value().applyAsDouble(points.get(i).host()) > 0).boxed().toList();
            if (measured.isEmpty()) {
                continue;
            }
            double[] px = measured.stream().mapToDouble(i -> xs[i]).toArray();
            double[] ys = measured.stream().mapToDouble(i -> p.value().applyAsDouble(points.get(i).host()) / 1e3).toArray();
            XYSeries series = c.addSeries(p.label(), px, ys);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        return Optional.of(new Named("host-state.png", "Host state over the run",
                "Each point is the probe taken just before one repetition: a cache line passed between the two measuring CPUs "
                        + "(median round trip), a blocking wake-up passed between two threads on them (median round trip), and the "
                        + "largest gap in a tight clock loop. A step in these is the host changing speed; results whose repetitions "
                        + "straddle such a step are named in the caveats.", c));
    }

    /**
     * How many times faster the best shared-memory variant is than each message-passing
     * transport, per size: RTT p50 (theirs / shm's) or stream MB/s (shm's / theirs).
     */
    Optional<Named> speedup(List<Row> rows, boolean latency) {
        Predicate<Row> kind = latency ? Row::rtt : Row::stream;
        ToDoubleFunction<Row> metric = latency ? r -> r.r().latencyNs().p50() : r -> r.r().bytesPerSec();
        Map<Integer, Double> bestShm = new TreeMap<>();
        for (Row r : rows) {
            if (kind.test(r) && r.sharedMemory()) {
                double v = metric.applyAsDouble(r);
                bestShm.merge(r.r().payloadBytes(), v, latency ? Math::min : Math::max);
            }
        }
        Map<String, List<Row>> others = byLabel(rows, r -> kind.test(r) && !r.sharedMemory() && bestShm.containsKey(r.r().payloadBytes()));
        if (bestShm.isEmpty() || others.isEmpty()) {
            return Optional.empty();
        }
        XYChart c = logLog("Shared memory's speedup over message passing, " + (latency ? "RTT p50" : "stream MB/s"),
                "payload bytes", "speedup (x)");
        Function<Row, Double> ratio = r -> {
            double shm = bestShm.get(r.r().payloadBytes());
            double other = metric.applyAsDouble(r);
            return latency ? other / shm : shm / other;
        };
        for (Map.Entry<String, List<Row>> e : others.entrySet()) {
            line(c, "vs " + e.getKey(), e.getKey(), e.getValue(), ratio::apply);
        }
        return Optional.of(new Named(Family.SHM.id() + (latency ? "-speedup-rtt.png" : "-speedup-stream.png"),
                "Shared memory against message passing (" + (latency ? "round-trip p50" : "stream throughput") + ")",
                "How many times faster the best shared-memory variant (any shm transport and wait) is than each other transport "
                        + "at the same size: above 1, shared memory wins. This measures the claim that shared memory saves "
                        + "copies and system calls.", c));
    }
}
