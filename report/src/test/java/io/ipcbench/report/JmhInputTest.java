package io.ipcbench.report;

import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.result.ResultsDocument;
import io.ipcbench.core.result.ResultsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JMH's JSON as JMH writes it, read into result records and rendered. The fixtures are kept in
 * {@code fixtures/jmh} (see its README): a real {@code ipcbench jmh --quick -prof gc} file, a
 * real one-iteration file (NaN written as strings), and the pre-1.37 labelling.
 */
class JmhInputTest {
    static final Path DIR = Path.of("src/test/resources/fixtures/jmh");
    static final Path QUICK_GC = DIR.resolve("jmh-1.37-quick-gc.json");
    static final Path ONE_ITERATION = DIR.resolve("jmh-1.37-one-iteration.json");
    static final Path PRE_137 = DIR.resolve("jmh-1.36-style-labels.json");

    @TempDir
    Path dir;

    private static Map<String, ResultRecord> byKey(ResultsDocument doc) {
        return doc.results().stream().collect(Collectors.toMap(
                r -> r.transport() + " " + r.waitStrategy() + " " + r.payloadBytes() + " " + r.mode(), r -> r));
    }

    @Test
    void shouldReadRoundTripsStreamsAllocationAndBaselines() throws Exception {
        ResultsDocument doc = ResultsFile.read(QUICK_GC);
        assertEquals("jmh", doc.tool());
        assertEquals("1.37", doc.version());
        Map<String, ResultRecord> r = byKey(doc);
        assertEquals(8, r.size(), r.keySet().toString());
        ResultRecord rtt = r.get("pipe block 64 rtt");
        assertNotNull(rtt);
        var l = rtt.latencyNs();
        assertTrue(l.min() <= l.p50() && l.p50() <= l.p90() && l.p90() <= l.p99() && l.p99() <= l.p999() && l.p999() <= l.max(),
                l.toString());
        assertTrue(l.p50() > 1_000 && l.p50() < 10_000_000, "us/op became ns: " + l);
        assertTrue(rtt.messages() > 1000, "samples counted: " + rtt.messages());
        assertEquals(3, rtt.repetitions(), "one per measurement iteration");
        assertEquals("p50Ns", rtt.spread().metric());
        assertEquals(3, rtt.spread().values().size());
        assertTrue(rtt.transportFacts().get("jmhAverageTimeNs") instanceof Double, rtt.transportFacts().toString());
        assertNotNull(rtt.allocation(), "-prof gc's gc.alloc.rate.norm");
        assertTrue(rtt.allocation().driverBytesPerOp() >= 0);

        ResultRecord stream = r.get("in-process block 4096 stream");
        assertNotNull(stream);
        assertTrue(stream.msgsPerSec() > 1000);
        // payloadBytes, the secondary metric, is the payload rate: size x messages/s
        assertEquals(stream.msgsPerSec() * 4096, stream.bytesPerSec(), stream.bytesPerSec() * 0.001);
        assertEquals("msgsPerSec", stream.spread().metric());

        @SuppressWarnings("unchecked")
        List<String> others = (List<String>) doc.settings().get("other benchmarks");
        assertTrue(others.stream().anyMatch(s -> s.startsWith("Baseline.jnaDirect avgt: ") && s.endsWith("ns/op")), others.toString());
        assertTrue(others.stream().anyMatch(s -> s.startsWith("Baseline.jnaInterface avgt: ")), others.toString());
    }

    @Test
    void shouldAcceptNanAsStringsAndNegativeConfidenceBounds() throws Exception {
        String text = Files.readString(ONE_ITERATION);
        assertTrue(text.contains("\"NaN\""), "the fixture has JMH's NaN strings");
        ResultsDocument doc = ResultsFile.read(ONE_ITERATION);
        assertTrue(doc.results().size() >= 2);
        for (ResultRecord r : doc.results()) {
            assertTrue(r.mode().equals("rtt") ? r.latencyNs().p50() > 0 : r.msgsPerSec() > 0, r.toString());
            assertTrue(String.valueOf(r.transportFacts().get("jmhScoreError")).startsWith("NaN")
                    || r.mode().equals("rtt"), r.toString());
        }
        // the quick fixture has a lower bound below zero (3 short iterations, wide error): it is read, not refused
        assertTrue(Files.readString(QUICK_GC).matches("(?s).*\"scoreConfidence\": \\[-.*"), "fixture has a negative lower bound");
    }

    @Test
    void shouldReadLabelsFromBeforeJmh137() throws Exception {
        assertTrue(Files.readString(PRE_137).contains("\"\u00b7gc.alloc.rate.norm\""));
        ResultsDocument old = ResultsFile.read(PRE_137);
        ResultsDocument now = ResultsFile.read(QUICK_GC);
        Map<String, ResultRecord> a = byKey(old);
        Map<String, ResultRecord> b = byKey(now);
        assertEquals(b.keySet(), a.keySet());
        for (String k : a.keySet()) {
            assertEquals(b.get(k).allocation(), a.get(k).allocation(), k);
            assertEquals(b.get(k).bytesPerSec(), a.get(k).bytesPerSec(), k);
            assertEquals(b.get(k).latencyNs(), a.get(k).latencyNs(), k);
        }
    }

    @Test
    void shouldRenderJmhInputIntoTheReport() throws Exception {
        Path page = Report.build(List.of(QUICK_GC), dir.resolve("out"));
        String html = Files.readString(page);
        assertTrue(html.contains("JMH inputs"), "the method says how JMH results map");
        assertTrue(html.contains("Baseline.jnaDirect"), "baselines are listed");
        assertTrue(Files.exists(dir.resolve("out").resolve("rtt-by-size.png")));
        assertTrue(Files.exists(dir.resolve("out").resolve("throughput-mbps.png")));
        assertNull(RunResults.load(List.of(QUICK_GC)).get(0).doc().environment(), "JMH records no machine facts");
    }

    @Test
    void shouldRefuseAnArrayThatIsNotJmh() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "[{\"name\": \"x\"}]");
        ReportException e = assertThrows(ReportException.class, () -> RunResults.load(List.of(bad)));
        assertTrue(e.getMessage().contains("not a JMH JSON file"), e.getMessage());
        Path empty = Files.writeString(dir.resolve("empty.json"), "[]");
        ReportException e2 = assertThrows(ReportException.class, () -> RunResults.load(List.of(empty)));
        assertTrue(e2.getMessage().contains("no results"), e2.getMessage());
    }
}
