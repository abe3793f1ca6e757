package io.ipcbench.report;

import org.knowm.xchart.BitmapEncoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns result files into {@code report.html} (self-contained: charts as data URIs), one PNG per
 * chart and {@code results.csv}. Everything is rendered in memory first; only then is each file
 * written under a temporary name and renamed, the page last, so a failure never leaves a report
 * that looks complete. Depends on result records only, never on a transport.
 */
public final class Report {
    public static final String HTML = "report.html";
    public static final String CSV = "results.csv";
    /** Spread across repetitions above which a result is marked noisy. */
    static final double NOISY = 0.10;
    /** The size the CPU chart shows, when the results have it. */
    static final int CPU_SIZE = 4096;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** The files of a report, by name, in the order they are written (the page last). */
    public record Rendered(Map<String, byte[]> files, int charts, int results) {
    }

    private Report() {
    }

    /** Reads the inputs and writes the report into {@code outDir}; returns the page's path. */
    public static Path build(List<Path> inputs, Path outDir) throws ReportException {
        return write(render(RunResults.load(inputs)), outDir);
    }

    public static Rendered render(List<RunResults> runs) throws ReportException {
        List<Row> rows = new ArrayList<>();
        for (RunResults run : runs) {
            if (run.doc().results() != null) {
                run.doc().results().forEach(r -> rows.add(new Row(r, run)));
            }
        }
        rows.sort(Comparator.comparing((Row r) -> r.r().transport()).thenComparing(r -> r.r().waitStrategy())
                .thenComparing(r -> r.r().mode()).thenComparingInt(r -> r.r().payloadBytes())
                .thenComparingDouble(r -> r.r().load() == null ? 0 : r.r().load().rate()));
        if (rows.isEmpty()) {
            throw new ReportException("no results to report (an empty result set)");
        }
        List<Charts.Named> charts = new Charts(rows).all(rows, cpuSize(rows));
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Charts.Named c : charts) {
            try {
                files.put(c.file(), BitmapEncoder.getBitmapBytes(c.chart(), BitmapEncoder.BitmapFormat.PNG));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot render the chart " + c.file() + ": " + e, e);
            }
        }
        files.put(CSV, Csv.of(rows).getBytes(StandardCharsets.UTF_8));
        String html = Html.page(runs, rows, Summary.verdicts(rows), Summary.waitOverMechanism(rows), Summary.caveats(rows, runs),
                charts, files);
        files.put(HTML, html.getBytes(StandardCharsets.UTF_8));
        return new Rendered(files, charts.size(), rows.size());
    }

    private static int cpuSize(List<Row> rows) {
        TreeSet<Integer> sizes = Charts.sizes(rows, r -> r.r().cpu() != null);
        if (sizes.contains(CPU_SIZE) || sizes.isEmpty()) {
            return CPU_SIZE;
        }
        return sizes.stream().skip(sizes.size() / 2).findFirst().orElse(CPU_SIZE);
    }

    /** Writes every file (temporary name, then rename), the page last; refuses an unwritable directory up front. */
    public static Path write(Rendered report, Path outDir) throws ReportException {
        try {
            Files.createDirectories(outDir);
        } catch (FileSystemException e) {
            throw new ReportException("--out: cannot create " + outDir + " (" + reason(e) + ")");
        } catch (IOException e) {
            throw new ReportException("--out: cannot create " + outDir + " (" + e.getMessage() + ")");
        }
        if (!Files.isDirectory(outDir) || !Files.isWritable(outDir)) {
            throw new ReportException("--out: cannot write to " + outDir + " (" + (Files.isDirectory(outDir) ? "permission denied" : "not a directory") + ")");
        }
        List<Path> written = new ArrayList<>();
        try {
            for (Map.Entry<String, byte[]> f : report.files().entrySet()) {
                Path target = outDir.resolve(f.getKey());
                Path tmp = outDir.resolve("." + f.getKey() + ".tmp");
                Files.write(tmp, f.getValue());
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                written.add(target);
            }
        } catch (IOException e) {
            for (Path p : written) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: the page is written last, so without it nothing looks complete
                }
            }
            throw new ReportException("--out: cannot write the report into " + outDir + " (" + e.getMessage() + ")");
        }
        return outDir.resolve(HTML);
    }

    private static String reason(FileSystemException e) {
        return e instanceof AccessDeniedException ? "permission denied" : e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
    }
}
