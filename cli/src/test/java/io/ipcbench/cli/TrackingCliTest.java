package io.ipcbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ipcbench.core.result.ResultsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** compare, history and export from the command line: exit codes, outputs, bad input. */
class TrackingCliTest {
    static final Path RUN = Path.of("../report/src/test/resources/fixtures/quick-all");
    static final Path JMH = Path.of("../report/src/test/resources/fixtures/jmh/jmh-1.37-quick-gc.json");

    @TempDir
    Path dir;

    /** results.json with every latency (merged and per repetition) times {@code factor}; no histogram logs. */
    private Path slower(double factor) throws Exception {
        ObjectNode doc = (ObjectNode) ResultsFile.json().readTree(RUN.resolve(ResultsFile.NAME).toFile());
        for (JsonNode n : doc.get("results")) {
            ObjectNode r = (ObjectNode) n;
            r.remove("histogramLog");
            if (r.get("mode").asText().equals("rtt")) {
                ObjectNode l = (ObjectNode) r.get("latencyNs");
                List<String> fields = new ArrayList<>();
                for (Iterator<String> it = l.fieldNames(); it.hasNext(); ) {
                    fields.add(it.next());
                }
                for (String f : fields) {
                    l.put(f, l.get(f).asDouble() * factor);
                }
                var values = (com.fasterxml.jackson.databind.node.ArrayNode) r.get("spread").get("values");
                for (int i = 0; i < values.size(); i++) {
                    values.set(i, values.get(i).asDouble() * factor);
                }
            }
        }
        Path out = dir.resolve("slower.json");
        Files.write(out, ResultsFile.json().writeValueAsBytes(doc));
        return out;
    }

    @Test
    void shouldExitZeroForAResultComparedWithItself() {
        CliTest.Outcome o = CliTest.ipcbench("compare", RUN.toString(), RUN.resolve("results.json").toString());
        assertEquals(0, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("0 regressions"), o.out());
    }

    @Test
    void shouldExitThreeWhenEveryLatencyIsThirtyPercentHigher() throws Exception {
        CliTest.Outcome o = CliTest.ipcbench("compare", RUN.toString(), slower(1.3).toString());
        assertEquals(3, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("REGRESSION: pipe block rtt 4096 B p50 +30.0%"), o.out());
    }

    @Test
    void shouldWriteMarkdownAndJson() throws Exception {
        Path slower = slower(1.3);
        CliTest.Outcome md = CliTest.ipcbench("compare", "--format", "markdown", RUN.toString(), slower.toString());
        assertEquals(3, md.code());
        assertTrue(md.out().startsWith("### ipcbench compare"), md.out());
        CliTest.Outcome json = CliTest.ipcbench("compare", "--format", "json", "--threshold", "50%", RUN.toString(), slower.toString());
        assertEquals(0, json.code(), "a 30% change under a 50% threshold is no regression: " + json.out());
        assertFalse(ResultsFile.json().readTree(json.out()).get("regression").asBoolean());
    }

    @Test
    void shouldCompareJmhJsonAndWarnThatItHasNoEnvironment() {
        CliTest.Outcome o = CliTest.ipcbench("compare", JMH.toString(), JMH.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().startsWith("!!! ENVIRONMENT UNKNOWN"), o.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "compare nosuch.json RUN                       | nosuch.json",
            "compare RUN                                   | CURRENT",
            "compare --format html RUN RUN                 | --format",
            "compare --threshold 5x RUN RUN                | --threshold",
            "compare --threshold p42=5% RUN RUN            | unknown metric 'p42'",
            "compare --alpha 2 RUN RUN                     | --alpha",
            "compare --max-spread 0% RUN RUN               | --max-spread",
            "compare RUN JMH_ONE                           | nothing to compare",
            "export --format csv --out OUT RUN             | --format",
            "export --format bencher RUN                   | --out",
            "history RUN                                   | at least two runs",
            "history --metric p42 RUN RUN                  | --metric",
    })
    void shouldRefuseBadInputWithOneLineAndExitTwo(String args, String message) throws Exception {
        // the in-process baseline's results only: no case in common with the quick run
        com.fasterxml.jackson.databind.node.ArrayNode inProcess = ResultsFile.json().createArrayNode();
        for (JsonNode b : ResultsFile.json().readTree(JMH.toFile())) {
            if (b.path("params").path("transport").asText().equals("in-process")) {
                inProcess.add(b);
            }
        }
        Path jmhOne = Files.write(dir.resolve("in-process.json"), ResultsFile.json().writeValueAsBytes(inProcess));
        List<String> argv = new ArrayList<>();
        for (String a : args.trim().split("\\s+")) {
            argv.add(switch (a) {
                case "RUN" -> RUN.toString();
                case "OUT" -> dir.resolve("out").toString();
                case "JMH_ONE" -> jmhOne.toString();
                default -> a;
            });
        }
        CliTest.Outcome o = CliTest.ipcbench(argv.toArray(String[]::new));
        CliTest.assertRefused(o, message);
    }

    @Test
    void shouldExportBothFormatsAndDrawAHistory() throws Exception {
        CliTest.Outcome gab = CliTest.ipcbench("export", "--format", "github-action-benchmark", RUN.toString(), "--out",
                dir.resolve("gab").toString());
        assertEquals(0, gab.code(), gab.err());
        assertTrue(Files.exists(dir.resolve("gab").resolve("benchmark-smaller-is-better.json")));
        assertTrue(Files.exists(dir.resolve("gab").resolve("benchmark-bigger-is-better.json")));
        CliTest.Outcome bmf = CliTest.ipcbench("export", "--format", "bencher", JMH.toString(), "--out", dir.resolve("bmf").toString());
        assertEquals(0, bmf.code(), bmf.err());
        assertTrue(ResultsFile.json().readTree(dir.resolve("bmf").resolve("bencher.json").toFile()).isObject());

        CliTest.Outcome h = CliTest.ipcbench("history", RUN.toString(), slower(1.1).toString(), "--metric", "p50,p99",
                "--out", dir.resolve("history").toString());
        assertEquals(0, h.code(), h.err());
        assertTrue(Files.exists(dir.resolve("history").resolve("history.html")));
        assertTrue(Files.exists(dir.resolve("history").resolve("history-p99-64.png")));
    }
}
