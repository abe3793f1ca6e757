package io.ipcbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipcbench.core.result.ResultsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exports against the formats as the tools document them (fixtures/export). */
class ExportTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/export");

    @TempDir
    Path dir;

    /** github-action-benchmark's BenchmarkResult: name, unit, value; range (string or number) and extra (string) optional. */
    static List<String> gabProblems(JsonNode doc) {
        List<String> p = new ArrayList<>();
        if (!doc.isArray()) {
            return List.of("not an array");
        }
        for (JsonNode e : doc) {
            if (!e.path("name").isTextual() || e.get("name").asText().isEmpty()) {
                p.add("no name: " + e);
            }
            if (!e.path("unit").isTextual()) {
                p.add("no unit: " + e);
            }
            if (!e.path("value").isNumber()) {
                p.add("value not a number: " + e);
            }
            if (e.has("range") && !(e.get("range").isTextual() || e.get("range").isNumber())) {
                p.add("range neither string nor number: " + e);
            }
            if (e.has("extra") && !e.get("extra").isTextual()) {
                p.add("extra not a string: " + e);
            }
            e.fieldNames().forEachRemaining(f -> {
                if (!Set.of("name", "unit", "value", "range", "extra").contains(f)) {
                    p.add("field the format does not define: " + f);
                }
            });
        }
        return p;
    }

    /** The BMF JSON schema, checked by hand: {benchmark: {measure: {value (required), lower_value, upper_value: numbers}}}. */
    static List<String> bmfProblems(JsonNode doc) {
        List<String> p = new ArrayList<>();
        if (!doc.isObject()) {
            return List.of("not an object");
        }
        doc.fields().forEachRemaining(b -> {
            if (b.getKey().isEmpty() || !b.getValue().isObject()) {
                p.add("benchmark " + b.getKey() + " is not a non-empty name with an object");
                return;
            }
            b.getValue().fields().forEachRemaining(m -> {
                JsonNode v = m.getValue();
                if (m.getKey().isEmpty() || !v.isObject() || !v.path("value").isNumber()) {
                    p.add(b.getKey() + "/" + m.getKey() + ": no numeric value");
                }
                for (String k : List.of("lower_value", "upper_value")) {
                    if (v.has(k) && !v.get(k).isNumber()) {
                        p.add(b.getKey() + "/" + m.getKey() + ": " + k + " not a number");
                    }
                }
                v.fieldNames().forEachRemaining(f -> {
                    if (!Set.of("value", "lower_value", "upper_value").contains(f)) {
                        p.add("field the schema does not define: " + f);
                    }
                });
            });
        });
        return p;
    }

    @Test
    void shouldAcceptTheToolsOwnExamples() throws Exception {
        assertEquals(List.of(), gabProblems(ResultsFile.json().readTree(FIXTURES.resolve("gab-customBiggerIsBetter.json").toFile())));
        assertEquals(List.of(), gabProblems(ResultsFile.json().readTree(FIXTURES.resolve("gab-customSmallerIsBetter.json").toFile())));
        assertEquals(List.of(), bmfProblems(ResultsFile.json().readTree(FIXTURES.resolve("bmf-example.json").toFile())));
        JsonNode schema = ResultsFile.json().readTree(FIXTURES.resolve("bmf.schema.json").toFile());
        JsonNode measure = schema.get("patternProperties").get(".+").get("patternProperties").get(".+");
        assertEquals(Set.of("value", "lower_value", "upper_value"), fieldNames(measure.get("properties")),
                "the validator checks the fields the schema defines");
        assertEquals("value", measure.get("required").get(0).asText());
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> s = new java.util.HashSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }

    @Test
    void shouldWriteGithubActionBenchmarkFilesSplitByDirection() throws Exception {
        Map<String, Path> files = Export.write(RunResults.load(List.of(Fixtures.RUN)), Export.Format.GITHUB_ACTION_BENCHMARK, dir);
        JsonNode smaller = ResultsFile.json().readTree(files.get(Export.SMALLER).toFile());
        JsonNode bigger = ResultsFile.json().readTree(files.get(Export.BIGGER).toFile());
        assertEquals(List.of(), gabProblems(smaller));
        assertEquals(List.of(), gabProblems(bigger));
        assertEquals(32 * 2, smaller.size(), "p50 and p99 of every rtt case");
        assertEquals(32 * 2, bigger.size(), "msgs/s and MB/s of every stream case");
        Set<String> names = new java.util.HashSet<>();
        for (JsonNode e : smaller) {
            assertEquals("ns", e.get("unit").asText());
            assertTrue(names.add(e.get("name").asText()), "names are unique: " + e);
        }
        assertTrue(names.contains("ipcbench rtt p50 pipe/block 4K"), names.toString());
        JsonNode pipe = find(smaller, "ipcbench rtt p50 pipe/block 4K");
        assertEquals(22031.0, pipe.get("value").asDouble(), 400, "the p50 in ns");
        assertTrue(pipe.get("range").asText().startsWith("± "));
        assertTrue(find(bigger, "ipcbench stream msgs/s shm-sysv/spin 64").get("value").asDouble() > 1e6);
    }

    private static JsonNode find(JsonNode a, String name) {
        for (JsonNode e : a) {
            if (e.get("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no " + name);
    }

    @Test
    void shouldWriteBencherMetricFormat() throws Exception {
        Map<String, Path> files = Export.write(RunResults.load(List.of(Fixtures.RUN, JmhInputTest.QUICK_GC)), Export.Format.BENCHER, dir);
        JsonNode doc = ResultsFile.json().readTree(files.get(Export.BENCHER).toFile());
        assertEquals(List.of(), bmfProblems(doc));
        JsonNode rtt = doc.get("ipcbench/rtt/pipe/block/4K");
        assertTrue(rtt.get("latency").get("lower_value").asDouble() <= rtt.get("latency").get("value").asDouble());
        assertTrue(rtt.get("latency").get("upper_value").asDouble() >= rtt.get("latency").get("value").asDouble());
        assertTrue(rtt.has("latency-p99"));
        assertTrue(doc.get("ipcbench/stream/in-process/block/64").has("throughput"), "JMH input exports too");
        assertFalse(doc.has("Baseline.jnaDirect"), "only transport results are exported");
    }

    @Test
    void shouldRefuseAnUnknownFormat() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Export.Format.of("csv"));
        assertTrue(e.getMessage().contains("github-action-benchmark, bencher"));
    }
}
