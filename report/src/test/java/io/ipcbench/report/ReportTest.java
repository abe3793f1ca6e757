package io.ipcbench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A report built from the committed fixture, and every bad input refused with nothing half-written. */
class ReportTest {
    @TempDir
    Path dir;

    @Test
    void shouldBuildASelfContainedReportWithSummaryChartsTablesAndCsv() throws Exception {
        Path page = Report.build(List.of(Fixtures.RUN), dir.resolve("out"));
        String html = Files.readString(page);
        for (String section : new String[] {"id=\"summary\"", "id=\"charts\"", "id=\"results\"", "id=\"environment\"",
                "id=\"method\"", "Caveats"}) {
            assertTrue(html.contains(section), section);
        }
        assertFalse(html.contains("<script"), "no JavaScript needed");
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing from the network");
        int images = count(html, "src=\"data:image/png;base64,");
        long pngs;
        try (var files = Files.list(dir.resolve("out"))) {
            pngs = files.filter(p -> p.toString().endsWith(".png")).count();
        }
        assertEquals(pngs, images, "every chart is a PNG file and embedded");
        assertTrue(images >= 10, "charts: " + images);
        // the verdicts name a winner for small and large payloads, latency and throughput, among blocking waits and
        // (where spinning wins) when spinning is allowed
        int verdicts = count(html, "<tr><td class=\"l\">small") + count(html, "<tr><td class=\"l\">large");
        assertTrue(verdicts >= 4 && verdicts <= 8, "verdicts: " + verdicts);
        assertEquals(4, count(html, "<td class=\"l\">" + Summary.BLOCKING + "</td>"), "one blocking verdict per question");
        assertTrue(html.contains(Summary.SPINNING), "shared memory spinning wins somewhere");
        assertTrue(html.contains("fragments"), "fragmented message-queue results are called out");

        List<String> csv = Files.readAllLines(dir.resolve("out").resolve(Report.CSV), StandardCharsets.UTF_8);
        assertEquals(Csv.HEADER, csv.get(0));
        int results = RunResults.load(List.of(Fixtures.RUN)).get(0).doc().results().size();
        assertEquals(results + 1, csv.size());
        int columns = Csv.HEADER.split(",").length;
        for (String line : csv.subList(1, csv.size())) {
            assertEquals(columns, fields(line), line);
        }
        try (var files = Files.list(dir.resolve("out"))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files");
        }
    }

    /** Fields of one CSV line, quotes respected (RFC 4180). */
    private static int fields(String line) {
        int n = 1;
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                n++;
            }
        }
        return n;
    }

    private static int count(String s, String what) {
        Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(what)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void shouldRefuseAMissingFile() {
        ReportException e = assertThrows(ReportException.class, () -> Report.build(List.of(dir.resolve("nope.json")), dir.resolve("out")));
        assertTrue(e.getMessage().contains("nope.json") && e.getMessage().contains("no such"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void shouldRefuseAFileThatIsNotResults() throws IOException {
        Path notJson = Files.writeString(dir.resolve("a.json"), "hello");
        ReportException e = assertThrows(ReportException.class, () -> Report.build(List.of(notJson), dir.resolve("out")));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        Path other = Files.writeString(dir.resolve("b.json"), "{\"name\": \"x\"}");
        e = assertThrows(ReportException.class, () -> Report.build(List.of(other), dir.resolve("out")));
        assertTrue(e.getMessage().contains("neither an ipcbench results file"), e.getMessage());
        Path noResults = Files.createDirectories(dir.resolve("plain-dir"));
        e = assertThrows(ReportException.class, () -> Report.build(List.of(noResults), dir.resolve("out")));
        assertTrue(e.getMessage().contains("not a run directory"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void shouldRefuseAnUnknownSchema() throws IOException {
        Path future = Files.writeString(dir.resolve("future.json"), "{\"schema\": 99, \"results\": []}");
        ReportException e = assertThrows(ReportException.class, () -> Report.build(List.of(future), dir.resolve("out")));
        assertTrue(e.getMessage().contains("schema 99"), e.getMessage());
    }

    @Test
    void shouldRefuseAnEmptyResultSet() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.json"), "{\"schema\": 1, \"tool\": \"ipcbench\", \"results\": []}");
        ReportException e = assertThrows(ReportException.class, () -> Report.build(List.of(empty), dir.resolve("out")));
        assertTrue(e.getMessage().contains("empty result set"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void shouldRefuseAnUnwritableOutputDirectory() throws IOException {
        Path file = Files.createFile(dir.resolve("a-file"));
        ReportException e = assertThrows(ReportException.class, () -> Report.build(List.of(Fixtures.RUN), file.resolve("sub")));
        assertTrue(e.getMessage().startsWith("--out: cannot create"), e.getMessage());
        ReportException e2 = assertThrows(ReportException.class, () -> Report.build(List.of(Fixtures.RUN), file));
        assertTrue(e2.getMessage().contains("--out"), e2.getMessage());
    }

    @Test
    void shouldShowHostStateWorkChartsAndVerdictsPerWaitFamily() throws Exception {
        Report.build(List.of(Fixtures.PROBED), dir.resolve("probed"));
        Path out = dir.resolve("probed");
        for (String png : new String[] {"host-state.png", "work-syscalls.png", "work-kernel-bytes.png"}) {
            assertTrue(Files.size(out.resolve(png)) > 1000, png);
        }
        String html = Files.readString(out.resolve(Report.HTML), StandardCharsets.UTF_8);
        assertTrue(html.contains(Summary.BLOCKING) && html.contains(Summary.SPINNING), "a verdict per wait family");
        assertTrue(html.contains("the wait strategy matters more than the mechanism"), "spinning shm beats every blocking wait");
        assertTrue(html.contains("syscalls driver+peer"), "work in the table");
        List<String> csv = Files.readAllLines(out.resolve(Report.CSV), StandardCharsets.UTF_8);
        assertTrue(csv.get(0).contains("driver_syscalls"), csv.get(0));
    }
    @Test
    void shouldCallOutResultsWhoseHostChangedStateWithinARepetition() throws Exception {
        Path in = Files.createDirectories(dir.resolve("stepped"));
        Files.createDirectories(in.resolve("histograms"));
        try (var logs = Files.list(Fixtures.PROBED.resolve("histograms"))) {
            for (Path log : logs.toList()) {
                Files.copy(log, in.resolve("histograms").resolve(log.getFileName()));
            }
        }
        var doc = io.ipcbench.core.result.ResultsFile.json().readTree(Fixtures.PROBED.resolve("results.json").toFile());
        int results = 0;
        for (var r : doc.get("results")) {
            results++;
            boolean step = r.get("transport").asText().equals("pipe") && r.get("mode").asText().equals("rtt")
                    && r.get("payloadBytes").asInt() == 64;
            for (var rep : r.get("perRepetition")) {
                var slices = ((com.fasterxml.jackson.databind.node.ObjectNode) rep).putObject("slices");
                slices.putArray("operations").add(300).add(300);
                slices.putArray("values").add(650).add(step && rep == r.get("perRepetition").get(0) ? 1010 : 680);
                slices.put("ratio", step && rep == r.get("perRepetition").get(0) ? 1.554 : 1.046);
            }
        }
        io.ipcbench.core.result.ResultsFile.json().writeValue(in.resolve("results.json").toFile(), doc);
        Path page = Report.build(List.of(in), dir.resolve("stepped-report"));
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertTrue(html.contains("1 of " + results + " results changed state within a repetition"), "the caveat counts the one step");
        assertTrue(html.contains("pipe block 64 B rtt (1.55x)"), "and names it");
        String plain = Files.readString(Report.build(List.of(Fixtures.PROBED), dir.resolve("plain")), StandardCharsets.UTF_8);
        assertFalse(plain.contains("changed state within a repetition"), "files without parts say nothing of steps");
    }
}
