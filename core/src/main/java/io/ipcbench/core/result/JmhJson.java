package io.ipcbench.core.result;

import io.ipcbench.core.Transports;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipcbench.core.frame.Frame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH's JSON result file ({@code -rf json}) as JMH writes it, into the same records as
 * {@code results.json}, so the report (and comparisons) treat both alike:
 * <ul>
 *   <li>{@code RoundTrip} in SampleTime becomes an rtt result with its percentiles, the spread of
 *       per-iteration medians, and the AverageTime score (if run) as a fact;</li>
 *   <li>{@code Stream} in Throughput becomes a stream result (its {@code payloadBytes} secondary
 *       metric is the payload rate);</li>
 *   <li>every other benchmark (the baselines, anything not over the SPI) is kept as a line in the
 *       settings, score and unit as JMH gave them;</li>
 *   <li>{@code gc.alloc.rate.norm} from {@code -prof gc} becomes the driver's allocation per operation.</li>
 * </ul>
 * What JMH writes that a strict reader would trip on is accepted: NaN and infinities as strings,
 * params as strings, negative lower confidence bounds, and labels from before JMH 1.37, which
 * begin with {@code ·} (U+00B7).
 */
public final class JmhJson {
    /** Facts of an rtt result: p99 and p99.9 of each measurement iteration, in ns (for comparisons). */
    public static final String P99_PER_ITERATION = "p99NsPerIteration";
    public static final String P999_PER_ITERATION = "p999NsPerIteration";

    private JmhJson() {
    }

    /** The smallest value with at least {@code q} of the {@code n} samples at or below it; pairs sorted by value. */
    private static double quantile(List<double[]> pairs, long n, double q) {
        long seen = 0;
        for (double[] p : pairs) {
            seen += (long) p[1];
            if (seen >= Math.ceil(q * n)) {
                return p[0];
            }
        }
        return pairs.get(pairs.size() - 1)[0];
    }

    /** A JMH result file is a JSON array of benchmark results (results.json is an object). */
    public static boolean looksLike(JsonNode tree) {
        return tree != null && tree.isArray();
    }

    public static ResultsDocument convert(Path file, JsonNode tree) throws IOException {
        Map<String, ResultRecord> rtt = new LinkedHashMap<>();
        Map<String, Double> averages = new LinkedHashMap<>();
        List<ResultRecord> stream = new ArrayList<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        List<String> others = new ArrayList<>();
        int index = 0;
        for (JsonNode b : tree) {
            String where = file + ": result " + index++;
            if (!b.isObject() || !b.hasNonNull("benchmark") || !b.hasNonNull("mode") || !b.path("primaryMetric").isObject()) {
                throw new IOException(where + " is not a JMH result (no benchmark, mode and primaryMetric): not a JMH JSON file");
            }
            if (settings.isEmpty()) {
                describe(b, settings);
            }
            String benchmark = b.get("benchmark").asText();
            String mode = b.get("mode").asText();
            JsonNode pm = b.get("primaryMetric");
            JsonNode params = b.path("params");
            String kind = simpleClass(benchmark);
            boolean spi = params.hasNonNull("transport") && params.hasNonNull("size") && params.hasNonNull("wait");
            if (spi && kind.equals("RoundTrip") && mode.equals("sample")) {
                ResultRecord r = latency(where, b, pm, params);
                rtt.put(key(params), r);
            } else if (spi && kind.equals("RoundTrip") && (mode.equals("avgt") || mode.equals("ss"))) {
                averages.put(key(params), toNanos(where, number(pm.get("score")), text(pm, "scoreUnit")));
            } else if (spi && kind.equals("Stream") && mode.equals("thrpt")) {
                stream.add(throughput(where, b, pm, params));
            } else {
                others.add(shortName(benchmark) + " " + mode + paramText(params) + ": " + fmt(number(pm.get("score")))
                        + " ± " + fmt(number(pm.get("scoreError"))) + " " + text(pm, "scoreUnit"));
            }
        }
        List<ResultRecord> results = new ArrayList<>();
        for (Map.Entry<String, ResultRecord> e : rtt.entrySet()) {
            ResultRecord r = e.getValue();
            Double avg = averages.remove(e.getKey());
            if (avg != null) {
                Map<String, Object> facts = new LinkedHashMap<>(r.transportFacts());
                facts.put("jmhAverageTimeNs", round1(avg));
                r = withFacts(r, facts);
            }
            results.add(r);
        }
        averages.forEach((k, v) -> others.add("RoundTrip avgt " + k + ": " + fmt(v) + " ns/op (no SampleTime result to chart)"));
        results.addAll(stream);
        if (!others.isEmpty()) {
            settings.put("other benchmarks", others);
        }
        String created = Instant.ofEpochMilli(Files.getLastModifiedTime(file).toMillis()).toString();
        return new ResultsDocument(ResultsDocument.SCHEMA, "jmh", settings.getOrDefault("jmhVersion", "?").toString(), created, null,
                settings, results);
    }

    private static void describe(JsonNode b, Map<String, Object> s) {
        s.put("source", "JMH JSON (ipcbench jmh or any JMH run)");
        s.put("jmhVersion", b.path("jmhVersion").asText("?"));
        s.put("jvm", b.path("jvm").asText(""));
        s.put("jdkVersion", b.path("jdkVersion").asText("") + " (" + b.path("vmName").asText("") + " "
                + b.path("vmVersion").asText("") + ")");
        List<String> args = new ArrayList<>();
        b.path("jvmArgs").forEach(a -> args.add(a.asText()));
        s.put("jvmArgs", args);
        s.put("forks", b.path("forks").asInt());
        s.put("threads", b.path("threads").asInt());
        s.put("warmup", b.path("warmupIterations").asInt() + " x " + b.path("warmupTime").asText(""));
        s.put("measurement", b.path("measurementIterations").asInt() + " x " + b.path("measurementTime").asText(""));
    }

    private static ResultRecord latency(String where, JsonNode b, JsonNode pm, JsonNode params) throws IOException {
        String unit = text(pm, "scoreUnit");
        JsonNode pct = pm.path("scorePercentiles");
        if (!pct.isObject()) {
            throw new IOException(where + ": a SampleTime result without scorePercentiles");
        }
        LatencyNs l = new LatencyNs(ns(where, pct, "50.0", unit), ns(where, pct, "90.0", unit), ns(where, pct, "99.0", unit),
                ns(where, pct, "99.9", unit), ns(where, pct, "99.99", unit), ns(where, pct, "100.0", unit),
                ns(where, pct, "0.0", unit), round1(toNanos(where, number(pm.get("score")), unit)));
        // rawDataHistogram: forks -> iterations -> [[value, count], ...]
        List<Double> medians = new ArrayList<>();
        List<Double> p99s = new ArrayList<>();
        List<Double> p999s = new ArrayList<>();
        long samples = 0;
        for (JsonNode fork : pm.path("rawDataHistogram")) {
            for (JsonNode iteration : fork) {
                List<double[]> pairs = new ArrayList<>();
                long n = 0;
                for (JsonNode p : iteration) {
                    double v = number(p.get(0));
                    long c = p.get(1).asLong();
                    pairs.add(new double[] {v, c});
                    n += c;
                }
                samples += n;
                if (n > 0) {
                    pairs.sort((x, y) -> Double.compare(x[0], y[0]));
                    medians.add((double) Math.round(toNanos(where, quantile(pairs, n, 0.50), unit)));
                    p99s.add((double) Math.round(toNanos(where, quantile(pairs, n, 0.99), unit)));
                    p999s.add((double) Math.round(toNanos(where, quantile(pairs, n, 0.999), unit)));
                }
            }
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("jmhBenchmark", b.get("benchmark").asText());
        facts.put("jmhScoreError", fmt(number(pm.get("scoreError"))) + " " + unit);
        if (!p99s.isEmpty()) {
            facts.put(P99_PER_ITERATION, p99s);
            facts.put(P999_PER_ITERATION, p999s);
        }
        return record(params, "rtt", samples, medians.isEmpty() ? 1 : medians.size(), l, null, null,
                medians.isEmpty() ? null : Spread.of("p50Ns", medians), allocation(b), facts);
    }

    private static ResultRecord throughput(String where, JsonNode b, JsonNode pm, JsonNode params) throws IOException {
        String unit = text(pm, "scoreUnit");
        double perSecond = perSecond(where, number(pm.get("score")), unit);
        int size = size(where, params);
        JsonNode bytesMetric = secondary(b, "payloadBytes");
        double bytes = bytesMetric == null ? perSecond * size
                : perSecond(where, number(bytesMetric.get("score")), text(bytesMetric, "scoreUnit"));
        List<Double> perIteration = new ArrayList<>();
        for (JsonNode fork : pm.path("rawData")) {
            for (JsonNode v : fork) {
                perIteration.add(perSecond(where, number(v), unit));
            }
        }
        double seconds = seconds(b.path("measurementTime").asText(""));
        long messages = Math.round(perIteration.stream().mapToDouble(Double::doubleValue).sum() * seconds);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("jmhBenchmark", b.get("benchmark").asText());
        facts.put("jmhScoreError", fmt(number(pm.get("scoreError"))) + " " + unit);
        return record(params, "stream", messages, Math.max(1, perIteration.size()), null, round1(perSecond), round1(bytes),
                perIteration.isEmpty() ? null : Spread.of("msgsPerSec", perIteration), allocation(b), facts);
    }

    private static ResultRecord record(JsonNode params, String mode, long messages, int repetitions, LatencyNs l, Double msgs,
                                       Double bytes, Spread spread, AllocationCost alloc, Map<String, Object> facts)
            throws IOException {
        int size = size("params", params);
        String transport = params.get("transport").asText();
        String family = Transports.byName(transport).map(t -> t.family().id()).orElse(null);
        return new ResultRecord(transport, family, params.get("wait").asText(), mode, size,
                Frame.HEADER_BYTES + size, 1, messages, messages, repetitions, l, msgs, bytes, null, null, alloc, spread,
                "none (JMH does not pin)", facts, null, null, null);
    }

    private static ResultRecord withFacts(ResultRecord r, Map<String, Object> facts) {
        return new ResultRecord(r.transport(), r.family(), r.waitStrategy(), r.mode(), r.payloadBytes(), r.frameBytes(), r.fragments(),
                r.messages(), r.verifiedMessages(), r.repetitions(), r.latencyNs(), r.msgsPerSec(), r.bytesPerSec(), r.cpu(),
                r.work(), r.allocation(), r.spread(), r.pinning(), facts, r.histogramLog(), r.perRepetition(), r.load());
    }

    /** The driver's bytes per operation from {@code -prof gc}; the peer's are not measured under JMH (NaN). */
    private static AllocationCost allocation(JsonNode b) {
        JsonNode norm = secondary(b, "gc.alloc.rate.norm");
        return norm == null ? null : new AllocationCost(number(norm.get("score")), Double.NaN);
    }

    /** A secondary metric by name, with or without the {@code ·} that JMH before 1.37 put in front. */
    static JsonNode secondary(JsonNode b, String name) {
        JsonNode all = b.path("secondaryMetrics");
        for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (label(e.getKey()).equals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A metric label without the {@code ·} prefix of JMH before 1.37. */
    public static String label(String raw) {
        return raw.startsWith("\u00b7") ? raw.substring(1) : raw;
    }

    /** A JSON number, or one of the strings JMH writes for values JSON cannot hold ("NaN", "Infinity", "-Infinity"). */
    public static double number(JsonNode n) {
        if (n == null || n.isNull()) {
            return Double.NaN;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        String t = n.asText().trim();
        return switch (t) {
            case "NaN" -> Double.NaN;
            case "Infinity", "+Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
        };
    }

    private static long ns(String where, JsonNode pct, String key, String unit) throws IOException {
        double v = toNanos(where, number(pct.get(key)), unit);
        return Double.isFinite(v) ? Math.round(v) : -1;
    }

    static double toNanos(String where, double v, String unit) throws IOException {
        return switch (unit) {
            case "ns/op" -> v;
            case "us/op" -> v * 1e3;
            case "ms/op" -> v * 1e6;
            case "s/op" -> v * 1e9;
            default -> throw new IOException(where + ": unknown time unit '" + unit + "'");
        };
    }

    static double perSecond(String where, double v, String unit) throws IOException {
        return switch (unit) {
            case "ops/s" -> v;
            case "ops/ms" -> v * 1e3;
            case "ops/us" -> v * 1e6;
            case "ops/ns" -> v * 1e9;
            default -> throw new IOException(where + ": unknown rate unit '" + unit + "'");
        };
    }

    /** JMH's TimeValue text, e.g. "1 s", "300 ms"; 0 if unreadable. */
    static double seconds(String t) {
        String[] p = t.trim().split("\\s+");
        if (p.length != 2) {
            return 0;
        }
        double v;
        try {
            v = Double.parseDouble(p[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
        return switch (p[1]) {
            case "ns" -> v / 1e9;
            case "us" -> v / 1e6;
            case "ms" -> v / 1e3;
            case "s" -> v;
            case "min" -> v * 60;
            default -> 0;
        };
    }

    private static int size(String where, JsonNode params) throws IOException {
        try {
            return Integer.parseInt(params.get("size").asText().trim());
        } catch (NumberFormatException e) {
            throw new IOException(where + ": size '" + params.get("size").asText() + "' is not a byte count");
        }
    }

    private static String key(JsonNode params) {
        return params.get("transport").asText() + " " + params.get("wait").asText() + " " + params.get("size").asText() + " B";
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).asText("");
    }

    private static String simpleClass(String benchmark) {
        String[] p = benchmark.split("\\.");
        return p.length >= 2 ? p[p.length - 2] : benchmark;
    }

    private static String shortName(String benchmark) {
        String[] p = benchmark.split("\\.");
        return p.length >= 2 ? p[p.length - 2] + "." + p[p.length - 1] : benchmark;
    }

    private static String paramText(JsonNode params) {
        if (!params.isObject() || params.isEmpty()) {
            return "";
        }
        List<String> kv = new ArrayList<>();
        params.fields().forEachRemaining(e -> kv.add(e.getKey() + "=" + e.getValue().asText()));
        return " (" + String.join(", ", kv) + ")";
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.3f", v) : Double.toString(v);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
