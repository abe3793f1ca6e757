package io.ipcbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ipcbench.core.result.ResultsFile;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.function.Predicate;

/**
 * Copies of the committed quick run with known changes, for comparison tests: every latency
 * (the merged percentiles, the per-repetition medians and every value of the histogram logs) or
 * every throughput scaled, in all cases or in those a predicate picks.
 */
final class Derived {
    private Derived() {
    }

    /** {@code what} gets (transport, mode, payload size, repetition index) and returns the factor. */
    interface Factor {
        double of(String transport, String mode, int size, int rep);
    }

    static Path copy(Path to, Factor latency, Factor throughput, String createdAt, String cpuModel) throws IOException {
        Files.createDirectories(to.resolve("histograms"));
        ObjectNode doc = (ObjectNode) ResultsFile.json().readTree(Fixtures.RUN.resolve(ResultsFile.NAME).toFile());
        if (createdAt != null) {
            doc.put("createdAt", createdAt);
        }
        if (cpuModel != null) {
            ((ObjectNode) doc.get("environment")).put("cpuModel", cpuModel);
        }
        for (JsonNode n : doc.get("results")) {
            ObjectNode r = (ObjectNode) n;
            String t = r.get("transport").asText();
            String mode = r.get("mode").asText();
            int size = r.get("payloadBytes").asInt();
            ArrayNode values = (ArrayNode) r.get("spread").get("values");
            if (mode.equals("rtt")) {
                double whole = latency.of(t, mode, size, -1);
                ObjectNode l = (ObjectNode) r.get("latencyNs");
                for (Iterator<String> it = l.fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    l.put(f, f.equals("mean") ? l.get(f).asDouble() * whole : Math.round(l.get(f).asLong() * whole));
                }
                for (int i = 0; i < values.size(); i++) {
                    values.set(i, values.get(i).asDouble() * latency.of(t, mode, size, i));
                }
                String log = r.get("histogramLog").asText();
                scaleLog(Fixtures.RUN.resolve(log), to.resolve(log), i -> latency.of(t, mode, size, i));
            } else {
                double whole = throughput.of(t, mode, size, -1);
                r.put("msgsPerSec", r.get("msgsPerSec").asDouble() * whole);
                r.put("bytesPerSec", r.get("bytesPerSec").asDouble() * whole);
                for (int i = 0; i < values.size(); i++) {
                    values.set(i, values.get(i).asDouble() * throughput.of(t, mode, size, i));
                }
            }
        }
        Files.write(to.resolve(ResultsFile.NAME), ResultsFile.json().writeValueAsBytes(doc));
        return to;
    }

    interface IntFactor {
        double of(int rep);
    }

    private static void scaleLog(Path from, Path to, IntFactor f) throws IOException {
        try (HistogramLogReader reader = new HistogramLogReader(from.toFile());
             PrintStream out = new PrintStream(Files.newOutputStream(to), false, "UTF-8")) {
            HistogramLogWriter w = new HistogramLogWriter(out);
            w.outputLogFormatVersion();
            w.outputLegend();
            int i = 0;
            double start = 0;
            while (reader.hasNext()) {
                Histogram h = (Histogram) reader.nextIntervalHistogram();
                Histogram s = new Histogram(h.getHighestTrackableValue() * 2, 3);
                double factor = f.of(i++);
                for (HistogramIterationValue v : h.recordedValues()) {
                    s.recordValueWithCount(Math.round(v.getValueIteratedTo() * factor), v.getCountAtValueIteratedTo());
                }
                w.outputIntervalHistogram(start, start + 1, s, 1.0);
                start += 1;
            }
        }
    }

    static Factor only(Predicate<String> which, double factor) {
        return (t, mode, size, rep) -> which.test(t + " " + mode + " " + size) ? factor : 1.0;
    }

    static final Factor SAME = (t, mode, size, rep) -> 1.0;

    /** A deterministic factor within +-{@code amplitude} per case and repetition: noise, no trend. */
    static Factor noise(double amplitude) {
        return (t, mode, size, rep) -> {
            long h = (t + mode + size + "#" + rep).hashCode() * 0x9E3779B97F4A7C15L;
            double u = ((h >>> 11) & ((1L << 53) - 1)) / (double) (1L << 53);
            return 1 + amplitude * (2 * u - 1);
        };
    }

}
