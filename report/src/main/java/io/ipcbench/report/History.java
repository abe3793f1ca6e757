package io.ipcbench.report;

import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.result.ResultsFile;
import io.ipcbench.report.Compare.Metric;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Trends across many runs, in time order: one chart per metric and payload size, one line per
 * transport and wait. Each point is a run, labelled with its number, and the table under the
 * charts gives each run's time, commit and environment. Runs from different environments are
 * never joined: each environment gets its own lines ("... [env 2]") and the page says so first.
 */
public final class History {
    public static final String HTML = "history.html";

    /** One run in the history. */
    record Point(int index, RunResults run, String time, String commit, String env) {
    }

    private History() {
    }

    /**
     * Run directories, results files or JMH JSON files; a directory without results.json stands
     * for every run directory directly inside it (e.g. {@code ipcbench-results}).
     */
    public static List<Path> expand(List<Path> inputs) throws ReportException {
        List<Path> out = new ArrayList<>();
        for (Path in : inputs) {
            if (!Files.exists(in)) {
                throw new ReportException(in + ": no such file or directory");
            }
            if (Files.isDirectory(in) && !Files.isRegularFile(in.resolve(ResultsFile.NAME))) {
                List<Path> runs = new ArrayList<>();
                try (DirectoryStream<Path> d = Files.newDirectoryStream(in)) {
                    for (Path p : d) {
                        if (Files.isRegularFile(p.resolve(ResultsFile.NAME))) {
                            runs.add(p);
                        }
                    }
                } catch (IOException e) {
                    throw new ReportException(in + ": " + e.getMessage());
                }
                if (runs.isEmpty()) {
                    throw new ReportException(in + ": neither a run directory nor a directory of run directories (no "
                            + ResultsFile.NAME + " in it or its subdirectories)");
                }
                runs.sort(Comparator.naturalOrder());
                out.addAll(runs);
            } else {
                out.add(in);
            }
        }
        return out;
    }

    public static Path build(List<Path> inputs, Path outDir, List<Metric> metrics) throws ReportException {
        List<RunResults> runs = RunResults.load(expand(inputs));
        if (runs.size() < 2) {
            throw new ReportException("a history needs at least two runs, got " + runs.size());
        }
        return Report.write(render(runs, metrics), outDir).resolveSibling(HTML);
    }

    static Report.Rendered render(List<RunResults> runs, List<Metric> metrics) {
        List<RunResults> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparing((RunResults r) -> Objects.toString(r.doc().createdAt(), "")));
        Map<String, String> envNames = new LinkedHashMap<>();
        List<Point> points = new ArrayList<>();
        for (RunResults r : sorted) {
            String env = Compare.environmentKey(r.doc().environment());
            envNames.computeIfAbsent(env, k -> "env " + (envNames.size() + 1));
            Object commit = r.doc().settings() == null ? null : r.doc().settings().get("commit");
            points.add(new Point(points.size() + 1, r, Objects.toString(r.doc().createdAt(), "?"),
                    commit == null ? "unknown" : commit.toString(), env));
        }
        boolean mixed = envNames.size() > 1;
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<String[]> charts = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        for (Metric m : metrics) {
            TreeSet<Integer> sizes = new TreeSet<>();
            for (Point p : points) {
                for (ResultRecord r : p.run().doc().results()) {
                    if (Compare.metrics(r).contains(m)) {
                        sizes.add(r.payloadBytes());
                    }
                }
            }
            for (int size : sizes) {
                XYChart c = chart(points, m, size, envNames, mixed, changes);
                String file = "history-" + slug(m) + "-" + Charts.sizeLabel(size) + ".png";
                try {
                    files.put(file, BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot render " + file + ": " + e, e);
                }
                charts.add(new String[] {file, m.label + " at " + Charts.sizeLabel(size) + " B"});
            }
        }
        files.put(HTML, page(points, envNames, mixed, charts, files, changes).getBytes(StandardCharsets.UTF_8));
        return new Report.Rendered(files, charts.size(), points.size());
    }

    private static String slug(Metric m) {
        return m.label.replace("/", "-per-").replace(".", "");
    }

    /** Change points: a series shifts where a rank test at this level, with at least this shift, says so (see {@link ChangePoints}). */
    static final double CHANGE_ALPHA = 0.01;
    static final double CHANGE_MIN_SHIFT = 0.10;

    private static XYChart chart(List<Point> points, Metric m, int size, Map<String, String> envNames, boolean mixed,
                                 List<String> changes) {
        String unit = m.displayUnit;
        XYChart c = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title(m.label + ", " + Charts.sizeLabel(size) + " B payload, run by run (" + (m.lowerIsBetter ? "lower" : "higher")
                        + " is better)")
                .xAxisTitle("run (oldest first; see the table)").yAxisTitle(m.label + " (" + unit + ")").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setMarkerSize(7);
        c.getStyler().setxAxisTickLabelsFormattingFunction(x -> Math.abs(x - Math.rint(x)) < 1e-9 ? "#" + Math.round(x) : "");
        Map<String, List<double[]>> series = new TreeMap<>();
        for (Point p : points) {
            for (ResultRecord r : p.run().doc().results()) {
                if (r.payloadBytes() != size || !Compare.metrics(r).contains(m)) {
                    continue;
                }
                Double v = Compare.value(r, m);
                if (v == null || !Double.isFinite(v)) {
                    continue;
                }
                String name = r.transport() + " " + r.waitStrategy() + (r.load() != null ? " " + r.caseMode() : "")
                        + (mixed ? " [" + envNames.get(p.env()) + "]" : "");
                series.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {p.index(), v * m.displayScale});
            }
        }
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            double[] xs = e.getValue().stream().mapToDouble(a -> a[0]).toArray();
            double[] ys = e.getValue().stream().mapToDouble(a -> a[1]).toArray();
            XYSeries s = c.addSeries(e.getKey(), xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            List<ChangePoints.Change> found = ChangePoints.find(ys, CHANGE_ALPHA, CHANGE_MIN_SHIFT);
            if (!found.isEmpty()) {
                double[] cx = found.stream().mapToDouble(f -> xs[f.at()]).toArray();
                double[] cy = found.stream().mapToDouble(f -> ys[f.at()]).toArray();
                XYSeries mark = c.addSeries(e.getKey() + ": shift", cx, cy);
                mark.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                mark.setMarker(SeriesMarkers.DIAMOND);
                for (ChangePoints.Change f : found) {
                    Point first = points.get((int) xs[f.at()] - 1);
                    changes.add(String.format(java.util.Locale.ROOT, "%s, %s at %s B: from run #%d (commit %s), median %s -> %s %s (%+.0f%%, Mann-Whitney p = %.4f)",
                            e.getKey(), m.label, Charts.sizeLabel(size), first.index(), first.commit(), Summary.fmt(f.before()),
                            Summary.fmt(f.after()), m.displayUnit, (f.after() / f.before() - 1) * 100, f.p()));
                }
            }
        }
        if (series.isEmpty()) {
            c.addSeries("no data", new double[] {1}, new double[] {0});
        }
        return c;
    }

    private static String page(List<Point> points, Map<String, String> envNames, boolean mixed, List<String[]> charts,
                               Map<String, byte[]> files, List<String> changes) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ipcbench history</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}")
                .append(".warn{background:#fee;border:2px solid #c00;padding:.5em 1em}img{max-width:100%}</style></head><body>\n")
                .append("<h1>ipcbench history</h1>\n<p>").append(points.size()).append(" runs, oldest first, from ")
                .append(Html.esc(points.get(0).time())).append(" to ").append(Html.esc(points.get(points.size() - 1).time()))
                .append(". Each point is one run (its number is in the table below); one line per transport and wait.</p>\n");
        if (mixed) {
            b.append("<div class=\"warn\"><b>These runs come from ").append(envNames.size())
                    .append(" different environments.</b> Numbers from different machines are not comparable, so each ")
                    .append("environment has its own lines (marked [env N]) and no line joins them:<ul>");
            envNames.forEach((env, name) -> b.append("<li><b>").append(Html.esc(name)).append("</b>: ").append(Html.esc(env)).append("</li>"));
            b.append("</ul></div>\n");
        }
        b.append("<h2>Change points</h2>\n");
        if (changes.isEmpty()) {
            b.append("<p>No series shifts (a split with at least ").append(ChangePoints.MIN_SIDE)
                    .append(" runs on each side, a two-sided Mann-Whitney p below ").append(CHANGE_ALPHA)
                    .append(" and medians at least ").append(Math.round(CHANGE_MIN_SHIFT * 100)).append("% apart).</p>\n");
        } else {
            b.append("<p>Where a series shifts (binary segmentation with a Mann-Whitney test, p below ").append(CHANGE_ALPHA)
                    .append(", medians at least ").append(Math.round(CHANGE_MIN_SHIFT * 100))
                    .append("% apart; diamonds on the charts), with the first run after the shift:</p><ul>\n");
            changes.forEach(ch -> b.append("<li>").append(Html.esc(ch)).append("</li>\n"));
            b.append("</ul>\n");
        }
        for (String[] c : charts) {
            b.append("<h2>").append(Html.esc(c[1])).append("</h2>\n<img alt=\"").append(Html.esc(c[1]))
                    .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(files.get(c[0])))
                    .append("\"> <p>(<a href=\"").append(Html.esc(c[0])).append("\">").append(Html.esc(c[0])).append("</a>)</p>\n");
        }
        b.append("<h2>Runs</h2>\n<table><tr><th>#</th><th>time</th><th>commit</th><th>environment</th><th>tool</th><th>results</th></tr>\n");
        for (Point p : points) {
            b.append("<tr><td>").append(p.index()).append("</td><td>").append(Html.esc(p.time())).append("</td><td><code>")
                    .append(Html.esc(p.commit())).append("</code></td><td>")
                    .append(Html.esc((mixed ? envNames.get(p.env()) + ": " : "") + p.env())).append("</td><td>")
                    .append(Html.esc(p.run().doc().tool() + " " + p.run().doc().version())).append("</td><td><code>")
                    .append(Html.esc(p.run().file())).append("</code></td></tr>\n");
        }
        b.append("</table>\n</body></html>\n");
        return b.toString();
    }
}
