package io.ipcbench.report;

import io.ipcbench.report.Compare.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trend charts from several runs, in time order, never mixing environments silently. */
class HistoryTest {
    @TempDir
    Path dir;

    @Test
    void shouldDrawTrendsFromSeveralRunsInTimeOrder() throws Exception {
        Path runs = dir.resolve("ipcbench-results");
        // written out of order: the history sorts by time, not by name
        Derived.copy(runs.resolve("b"), Derived.only(k -> k.startsWith("pipe rtt"), 1.1), Derived.SAME, "2026-12-03T10:00:00Z", null);
        Derived.copy(runs.resolve("a"), Derived.SAME, Derived.SAME, "2026-12-02T10:00:00Z", null);
        Path page = History.build(List.of(Fixtures.RUN, runs), dir.resolve("out"), List.of(Metric.P50, Metric.MSGS));
        String html = Files.readString(page);
        assertTrue(html.contains("3 runs, oldest first"), html);
        assertFalse(html.contains("different environments"), "one environment: no warning");
        String table = html.substring(html.indexOf("<h2>Runs</h2>"));
        int first = table.indexOf("2026-11-30T14:49");
        int second = table.indexOf("2026-12-02T10:00");
        int third = table.indexOf("2026-12-03T10:00");
        assertTrue(first > 0 && first < second && second < third, "time order in the table");
        assertTrue(Files.size(dir.resolve("out").resolve("history-p50-4K.png")) > 5_000);
        assertTrue(Files.exists(dir.resolve("out").resolve("history-msgs-per-s-64.png")));
        assertTrue(html.contains("src=\"data:image/png;base64,"));
    }

    @Test
    void shouldMarkWhereASeriesShiftsWithTheFirstRunAfterIt() throws Exception {
        Path runs = dir.resolve("steps");
        for (int i = 1; i <= 12; i++) {
            // pipe round trips 1.5x slower from run 7 on, with a little noise; everything else as it was
            double f = (i >= 7 ? 1.5 : 1.0) * (1 + 0.01 * (i % 3));
            Derived.copy(runs.resolve(String.format("run-%02d", i)), Derived.only(k -> k.startsWith("pipe rtt"), f), Derived.SAME,
                    String.format("2026-12-%02dT10:00:00Z", i), null);
        }
        Path page = History.build(List.of(runs), dir.resolve("out"), List.of(Metric.P50));
        String html = Files.readString(page);
        String changes = html.substring(html.indexOf("<h2>Change points</h2>"), html.indexOf("<h2>", html.indexOf("<h2>Change points</h2>") + 5));
        assertTrue(changes.contains("pipe block, p50") && changes.contains("from run #7"), changes);
        assertFalse(changes.contains("fifo"), "unchanged series are not marked: " + changes);
    }

    @Test
    void shouldKeepOtherEnvironmentsApartAndSaySo() throws Exception {
        Path other = Derived.copy(dir.resolve("other"), Derived.SAME, Derived.SAME, "2026-12-05T10:00:00Z", "Other CPU");
        Path page = History.build(List.of(Fixtures.RUN, other), dir.resolve("out"), List.of(Metric.P50));
        String html = Files.readString(page);
        assertTrue(html.contains("These runs come from 2 different environments"), html);
        assertTrue(html.contains("env 2"), html);
    }

    @Test
    void shouldRefuseFewerThanTwoRunsAndDirectoriesWithoutRuns() throws Exception {
        ReportException one = assertThrows(ReportException.class,
                () -> History.build(List.of(Fixtures.RUN), dir.resolve("out"), List.of(Metric.P50)));
        assertTrue(one.getMessage().contains("at least two runs"), one.getMessage());
        Files.createDirectories(dir.resolve("empty"));
        ReportException none = assertThrows(ReportException.class,
                () -> History.build(List.of(dir.resolve("empty")), dir.resolve("out"), List.of(Metric.P50)));
        assertTrue(none.getMessage().contains("no results.json"), none.getMessage());
    }
}
