package io.ipcbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipcbench.core.result.ResultsFile;
import io.ipcbench.report.Compare.Line;
import io.ipcbench.report.Compare.Metric;
import io.ipcbench.report.Compare.Outcome;
import io.ipcbench.report.Compare.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compare on the committed quick run and on copies of it with known changes. */
class CompareTest {
    @TempDir
    Path dir;

    private static Outcome compare(Path a, Path b) throws ReportException {
        return Compare.compare(RunResults.load(List.of(a)), RunResults.load(List.of(b)), Compare.Settings.defaults());
    }

    private static Line line(Outcome o, String key, Metric m) {
        return o.lines().stream().filter(l -> l.key().equals(key) && l.metric() == m).findFirst().orElseThrow();
    }

    @Test
    void shouldFindNothingBetweenAResultAndItself() throws Exception {
        Outcome o = compare(Fixtures.RUN, Fixtures.RUN);
        assertFalse(o.regression());
        assertTrue(o.warnings().isEmpty(), o.warnings().toString());
        // 32 rtt cases x p50, p99, p99.9 + 32 stream cases
        assertEquals(32 * 3 + 32, o.lines().size());
        assertTrue(o.lines().stream().allMatch(l -> l.verdict() == Verdict.UNCHANGED), CompareFormat.text(o));
        // p99 comes from the histogram logs: three repetitions a side
        assertEquals(3, line(o, "pipe block rtt 4096 B", Metric.P99).baselineReps());
    }

    @Test
    void shouldGateWorkCountersOnTheirOwnAndShowTheHostProbes() throws Exception {
        Outcome same = compare(Fixtures.PROBED, Fixtures.PROBED);
        assertFalse(same.regression(), CompareFormat.text(same));
        assertTrue(same.lines().stream().anyMatch(l -> l.metric() == Metric.SYSCALLS), "work metrics compared");
        assertTrue(same.warnings().stream().anyMatch(w -> w.startsWith("host probes")), same.warnings().toString());
        assertTrue(same.warnings().stream().noneMatch(w -> w.startsWith("HOST STATE DIFFERS")), same.warnings().toString());

        // the same times, but pipe's 64 B stream makes 10% more system calls and its host woke up 3x slower
        Path more = Files.createDirectories(dir.resolve("more"));
        JsonNode doc = ResultsFile.json().readTree(Fixtures.PROBED.resolve(ResultsFile.NAME).toFile());
        for (JsonNode r : doc.get("results")) {
            for (JsonNode rep : r.get("perRepetition")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) rep.get("host")).put("wakeupRttNs",
                        rep.get("host").get("wakeupRttNs").asDouble() * 3);
            }
            if (r.get("transport").asText().equals("pipe") && r.get("mode").asText().equals("stream")
                    && r.get("payloadBytes").asInt() == 64) {
                List<JsonNode> works = new java.util.ArrayList<>();
                works.add(r.get("work"));
                r.get("perRepetition").forEach(rep -> works.add(rep.get("work")));
                for (JsonNode w : works) {
                    var d = (com.fasterxml.jackson.databind.node.ObjectNode) w.get("driver");
                    d.put("systemCalls", d.get("systemCalls").asDouble() * 1.10);
                }
            }
        }
        ResultsFile.json().writeValue(more.resolve(ResultsFile.NAME).toFile(), doc);
        Outcome o = compare(Fixtures.PROBED, more);
        assertTrue(o.regression(), CompareFormat.text(o));
        Line syscalls = line(o, "pipe block stream 64 B", Metric.SYSCALLS);
        assertEquals(Verdict.REGRESSION, syscalls.verdict(), syscalls.toString());
        assertEquals(1, o.count(Verdict.REGRESSION), CompareFormat.text(o));
        assertTrue(o.warnings().stream().anyMatch(w -> w.startsWith("HOST STATE DIFFERS")), o.warnings().toString());
        assertTrue(CompareFormat.text(o).contains("wake-up round trip"), CompareFormat.text(o));
    }

    @Test
    void shouldFlagATwentyPercentP50RegressionInOneCase() throws Exception {
        Path worse = Derived.copy(dir.resolve("worse"), Derived.only(k -> k.equals("fifo rtt 4096"), 1.20), Derived.SAME, null, null);
        Outcome o = compare(Fixtures.RUN, worse);
        assertTrue(o.regression());
        Line l = line(o, "fifo block rtt 4096 B", Metric.P50);
        assertEquals(Verdict.REGRESSION, l.verdict(), l.toString());
        assertEquals(0.20, l.change(), 0.01);
        assertTrue(l.pValue() <= 0.05, "3 against 3, completely separated: p " + l.pValue()
                + " (exactly 0.05 without ties; Commons Statistics uses the normal approximation when a side has ties)");
        assertEquals(Verdict.REGRESSION, line(o, "fifo block rtt 4096 B", Metric.P99).verdict(), "p99 +20% exceeds its 15%");
        long others = o.lines().stream().filter(x -> !x.key().equals("fifo block rtt 4096 B") && x.verdict() != Verdict.UNCHANGED).count();
        assertEquals(0, others, CompareFormat.text(o));
        String text = CompareFormat.text(o);
        assertTrue(text.contains("REGRESSION: fifo block rtt 4096 B p50 +20.0%"), text);
    }

    @Test
    void shouldCallAThroughputGainAnImprovementAndNotFail() throws Exception {
        Path better = Derived.copy(dir.resolve("better"), Derived.SAME, Derived.only(k -> k.equals("mq-sysv stream 4096"), 1.25), null, null);
        Outcome o = compare(Fixtures.RUN, better);
        assertFalse(o.regression());
        assertEquals(Verdict.IMPROVEMENT, line(o, "mq-sysv block stream 4096 B", Metric.MSGS).verdict());
        assertEquals(1, o.count(Verdict.IMPROVEMENT));
    }

    @Test
    void shouldLeaveANoiseOnlyPairAlone() throws Exception {
        Path noisy = Derived.copy(dir.resolve("noisy"), Derived.noise(0.03), Derived.noise(0.03), null, null);
        Outcome o = compare(Fixtures.RUN, noisy);
        assertFalse(o.regression(), CompareFormat.text(o));
        assertEquals(0, o.count(Verdict.IMPROVEMENT), CompareFormat.text(o));
    }

    @Test
    void shouldFlagEveryLatencyThirtyPercentHigherButNotAnUnstableCase() throws Exception {
        Path slower = Derived.copy(dir.resolve("slower"), (t, m, s, r) -> 1.30, Derived.SAME, null, null);
        Outcome o = compare(Fixtures.RUN, slower);
        assertTrue(o.regression());
        assertEquals(Verdict.REGRESSION, line(o, "pipe block rtt 4096 B", Metric.P50).verdict());
        // uds-jdk 4 KiB: its three medians spread 48% (27.5, 26.5, 39.6 us): it cannot resolve 30%
        assertEquals(Verdict.UNSTABLE, line(o, "uds-jdk block rtt 4096 B", Metric.P50).verdict());
        assertTrue(o.lines().stream().filter(l -> l.metric() == Metric.MSGS).allMatch(l -> l.verdict() == Verdict.UNCHANGED));
    }

    @Test
    void shouldSayLoudlyWhenTheEnvironmentsDiffer() throws Exception {
        Path elsewhere = Derived.copy(dir.resolve("elsewhere"), Derived.SAME, Derived.SAME, null, "Some Other CPU @ 5GHz");
        Outcome o = compare(Fixtures.RUN, elsewhere);
        assertEquals(1, o.warnings().size());
        assertTrue(o.warnings().get(0).startsWith("DIFFERENT ENVIRONMENTS"), o.warnings().get(0));
        assertTrue(CompareFormat.text(o).startsWith("!!! DIFFERENT ENVIRONMENTS"));
        assertTrue(CompareFormat.markdown(o).contains("> [!WARNING]"));
    }

    @Test
    void shouldCompareJmhIterationsAndWarnThatJmhRecordsNoMachine() throws Exception {
        Outcome o = compare(JmhInputTest.QUICK_GC, JmhInputTest.PRE_137);
        assertFalse(o.regression());
        assertTrue(o.warnings().get(0).startsWith("ENVIRONMENT UNKNOWN"), o.warnings().toString());
        Line p99 = line(o, "pipe block rtt 64 B", Metric.P99);
        assertEquals(3, p99.baselineReps(), "JMH's iterations are the repetitions");
    }

    @Test
    void shouldReportCasesOnOneSideOnly() throws Exception {
        Outcome o = Compare.compare(RunResults.load(List.of(Fixtures.RUN)), RunResults.load(List.of(JmhInputTest.QUICK_GC)),
                Compare.Settings.defaults());
        assertTrue(o.count(Verdict.ONLY_BASELINE) > 0);
        assertTrue(o.count(Verdict.ONLY_CURRENT) > 0, "in-process is only in the JMH file");
    }

    @Test
    void shouldWriteJsonAndMarkdown() throws Exception {
        Path worse = Derived.copy(dir.resolve("worse"), Derived.only(k -> k.equals("fifo rtt 4096"), 1.20), Derived.SAME, null, null);
        Outcome o = compare(Fixtures.RUN, worse);
        JsonNode j = ResultsFile.json().readTree(CompareFormat.json(o));
        assertTrue(j.get("regression").asBoolean());
        assertEquals(o.lines().size(), j.get("results").size());
        assertEquals("regression", j.get("results").findValues("verdict").stream().map(JsonNode::asText)
                .filter(v -> v.equals("regression")).findFirst().orElse(""));
        String md = CompareFormat.markdown(o);
        assertTrue(md.contains("**Regression.**"), md);
        assertTrue(md.contains("|fifo|block|rtt|4K|p50|"), md);
        assertFalse(md.contains("|pipe|block|rtt|4K|p50|"), "unchanged rows are left out: " + md);
    }

    @Test
    void shouldPoolSeveralBaselineRunsSoThatDriftBetweenThemCountsAsSpread() throws Exception {
        Path runs = dir.resolve("main-runs");
        Derived.copy(runs.resolve("1"), Derived.SAME, Derived.SAME, null, null);
        Derived.copy(runs.resolve("2"), (t, m, s, r) -> 1.30, Derived.SAME, null, null);
        Path slower = Derived.copy(dir.resolve("slower"), (t, m, s, r) -> 1.30, Derived.SAME, null, null);
        Outcome alone = compare(runs.resolve("1"), slower);
        assertTrue(alone.regression(), "against one run, +30% is a regression");
        Outcome pooled = Compare.compare(RunResults.load(History.expand(List.of(runs))), RunResults.load(List.of(slower)),
                Compare.Settings.defaults());
        assertFalse(pooled.regression(), "one of the main runs was as slow: " + CompareFormat.text(pooled));
        Line l = line(pooled, "pipe block rtt 4096 B", Metric.P50);
        assertEquals(6, l.baselineReps(), "both runs' repetitions");
        assertEquals(Verdict.UNSTABLE, l.verdict(), l.toString());
    }

    @Test
    void shouldComputeExactMannWhitneyTails() {
        double[] a = {1, 2, 3};
        double[] b = {4, 5, 6};
        assertEquals(1 / 20.0, Compare.pGreater(a, b), 1e-12);
        assertEquals(1.0, Compare.pGreater(b, a), 1e-12);
        assertEquals(1 / 252.0, Compare.pGreater(new double[] {1, 2, 3, 4, 5}, new double[] {6, 7, 8, 9, 10}), 1e-12);
        // one overlap out of 9 pairs: U = 8, P(U >= 8) = 2/20
        assertEquals(2 / 20.0, Compare.pGreater(new double[] {1, 2, 4.5}, new double[] {4, 5, 6}), 1e-12);
        double tied = Compare.pGreater(new double[] {1, 1, 2}, new double[] {2, 3, 3});
        assertTrue(tied > 0.02 && tied < 0.1, "normal approximation with ties: " + tied);
    }
}
