package io.ipcbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipcbench.core.result.ResultsFile;
import io.ipcbench.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LeakCheck.class)
class CliTest {
    @TempDir
    Path dir;

    record Outcome(int code, String out, String err) {
    }

    /** A refused input: exit 2, one line on stderr that says {@code message}, no stack trace. */
    static void assertRefused(Outcome o, String message) {
        assertEquals(2, o.code(), o.out() + o.err());
        String err = o.err().trim();
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.contains(message), "says '" + message + "': " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
    }

    static Outcome ipcbench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = IpcBench.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--transport nosuch               | --transport",
            "--size 0                         | --size",
            "--size -4                        | --size",
            "--size 4X                        | --size",
            "--size 100M                      | --size",
            "--duration 5                     | --duration",
            "--duration 2h                    | --duration",
            "--warmup fast                    | --warmup",
            "--mode pingpong                  | --mode",
            "--wait sleepy                    | --wait",
            "--wait backoff                   | --wait",
            "--repeat 0                       | --repeat",
            "--count 0                        | --count",
            "--pin 0,0                        | --pin",
            "--pin 0,99                       | --pin",
            "--pin left                       | --pin",
            "--timeout 1ms                    | --timeout",
            "--pipe-size 2G                   | --pipe-size",
            "--pipe-size 100                  | --pipe-size",
            "--bogus                          | --bogus",
            "-t shm-sysv -s 4K --shm-ring-size 1K | --shm-ring-size",
            "-t shm-posix --wait banana        | --wait",
            "-t uds --uds-io mmap              | --uds-io",
            "-t uds-jdk --uds-wait epoll       | --uds-wait",
            "-t fifo --pipe-io mmap            | --pipe-io",
            "-t fifo --pipe-size 1             | --pipe-size",
            "-t uds-jdk --wait backoff         | --wait",
            "-m load --rate 0                  | --rate",
            "-m load --rate -5k                | --rate",
            "-m load --rate fast               | --rate",
            "-m load --rate 1e5                | --rate",
            "-m load --rate 50000M             | --rate",
            "-m load --rate sweep,10k          | --rate",
            "-m load                           | --rate",
            "-m load --rate sweep              | --count",
            "-m load --rate 10k --slo fast     | --slo",
            "-m load --rate 10k --slo p42=1ms  | --slo",
            "-m load --rate 10k --arrivals bursty | --arrivals",
            "-m load --rate 10k --arrival-seed 3 | --arrival-seed",
            "--rate 10k                        | --rate",
            "--slo 50us                        | --slo",
            "--arrivals poisson                | --arrivals",
    })
    void shouldRefuseBadInputWithOneLineAndExitTwo(String args, String option) {
        String[] argv = ("run --transport pipe --count 10 --repeat 1 --out " + dir.resolve("out") + " " + args).trim().split("\\s+");
        Outcome o = ipcbench(argv);
        assertRefused(o, option);
        assertFalse(Files.exists(dir.resolve("out").resolve(ResultsFile.NAME)));
    }

    /**
     * The load mode's first "done when": one-way corrected and uncorrected percentiles per rate,
     * every message verified, the load table, the report's load chart; then a sweep that reports a
     * knee and the SLO's rate.
     */
    @Test
    void shouldRunALoadAtFixedRatesAndASweep() throws IOException {
        Path out = dir.resolve("load");
        Outcome o = ipcbench("run", "--transport", "pipe", "--size", "64", "--mode", "load", "--rate", "2k,4.5k", "--arrivals",
                "poisson", "--arrival-seed", "11", "--duration", "200ms", "--warmup", "50ms", "--repeat", "2", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("load 4.5k/s") && o.out().contains("corrected p50/p99/p99.9"), o.out());
        JsonNode doc = ResultsFile.json().readTree(out.resolve(ResultsFile.NAME).toFile());
        assertEquals(2, doc.get("results").size());
        assertEquals(11, doc.get("settings").get("arrivalSeed").asLong());
        for (JsonNode r : doc.get("results")) {
            assertEquals("load", r.get("mode").asText());
            JsonNode l = r.get("load");
            double rate = l.get("rate").asDouble();
            assertTrue(rate == 2000 || rate == 4500, r.toString());
            assertEquals("poisson", l.get("arrivals").asText());
            assertTrue(l.get("achievedRate").asDouble() > 0, r.toString());
            assertTrue(l.has("saturated") && l.has("lateSends") && l.has("worstLagNs"), r.toString());
            assertTrue(l.get("corrected").get("p99").asLong() >= l.get("uncorrected").get("p99").asLong(), r.toString());
            assertEquals(r.get("messages").asLong(), r.get("verifiedMessages").asLong());
            assertTrue(Files.isRegularFile(out.resolve(r.get("histogramLog").asText())));
            assertTrue(Files.isRegularFile(out.resolve(l.get("uncorrectedLog").asText())));
        }
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("Under load") && html.contains("load-by-rate-64.png") && html.contains("under load (knee"), "report");
        assertTrue(Files.isRegularFile(out.resolve("load-spectrum-pipe-block-64.png")));

        Path sweep = dir.resolve("sweep");
        Outcome s = ipcbench("run", "--transport", "pipe", "--size", "64", "--mode", "load", "--rate", "sweep", "--slo", "p99=1s",
                "--duration", "100ms", "--warmup", "50ms", "--repeat", "1", "--no-report", "--out", sweep.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.err().contains("sweep pipe block 64 at 1k/s") && s.err().contains("sweep pipe block 64: knee "), s.err());
        assertTrue(s.out().contains("knee pipe block 64") && s.out().contains("p99 <= 1000000 us up to"), s.out());
        JsonNode points = ResultsFile.json().readTree(sweep.resolve(ResultsFile.NAME).toFile()).get("results");
        assertTrue(points.size() >= 2, "a sweep measures more than its first rate");
        assertEquals(1000, points.get(0).get("load").get("rate").asDouble());
        assertEquals(2000, points.get(1).get("load").get("rate").asDouble());
    }

    @Test
    void shouldRefuseAnUnwritableOut() throws IOException {
        Path file = Files.createFile(dir.resolve("a-file"));
        Outcome o = ipcbench("run", "--transport", "pipe", "--count", "10", "--out", file.resolve("sub").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--out"), o.err());
        assertEquals(1, o.err().trim().lines().count(), o.err());
    }

    @Test
    void shouldWarmUpPastItsTimeUntilTheOperationsAreDone() throws IOException {
        Path out = dir.resolve("warm");
        Outcome o = ipcbench("run", "--transport", "pipe", "--size", "64", "--mode", "rtt", "--warmup", "20ms",
                "--warmup-ops", "500", "--count", "100", "--repeat", "1", "--no-report", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode doc = ResultsFile.json().readTree(out.resolve(ResultsFile.NAME).toFile());
        assertEquals(500, doc.get("settings").get("warmupOps").asLong());
        JsonNode rep = doc.get("results").get(0).get("perRepetition").get(0);
        long warmed = rep.get("warmupOperations").asLong();
        long warmedNs = rep.get("warmupNanos").asLong();
        // past its 20 ms until the 500 are done, or until its cap of 4 x 20 ms more on a host too slow for 500 in 100 ms
        assertTrue(warmedNs >= 20_000_000L, "warm-up time " + warmedNs);
        assertTrue(warmed >= 500 || warmedNs >= 100_000_000L, "warm-up operations " + warmed + " in " + warmedNs + " ns");

        assertRefused(ipcbench("run", "--transport", "pipe", "--warmup-ops", "many", "--out", dir.resolve("x").toString()),
                "--warmup-ops");
        assertRefused(ipcbench("run", "--transport", "pipe", "--warmup-ops", "-1", "--out", dir.resolve("x").toString()),
                "--warmup-ops");
        assertRefused(ipcbench("run", "--transport", "pipe", "--warmup", "0ms", "--warmup-ops", "100", "--out",
                dir.resolve("x").toString()), "--warmup-ops");
    }

    @Test
    void shouldRunAndWriteVerifiedResults() throws IOException {
        Path out = dir.resolve("run");
        Outcome o = ipcbench("run", "--transport", "pipe", "--size", "64,4K", "--mode", "rtt,stream", "--wait", "block,backoff",
                "--count", "300", "--warmup", "0ms", "--repeat", "2", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("pipe has no 'backoff' wait strategy"), o.err());
        assertTrue(o.err().contains("[1/8]") && o.err().contains("left"), "progress with time left: " + o.err());
        assertTrue(o.out().contains("pipe") && o.out().contains("results: "), o.out());

        JsonNode doc = ResultsFile.json().readTree(out.resolve(ResultsFile.NAME).toFile());
        assertEquals(1, doc.get("schema").asInt());
        assertTrue(doc.get("environment").get("ipcLimits").has("fs.mqueue.msgsize_max"));
        assertEquals(4, doc.get("results").size());
        for (JsonNode r : doc.get("results")) {
            for (String field : new String[] {"transport", "wait", "mode", "payloadBytes", "messages", "verifiedMessages",
                    "repetitions", "cpu"}) {
                assertTrue(r.has(field), field + " in " + r);
            }
            assertEquals(600, r.get("messages").asLong());
            assertEquals(r.get("messages").asLong(), r.get("verifiedMessages").asLong());
            if (r.get("mode").asText().equals("rtt")) {
                for (String p : new String[] {"p50", "p90", "p99", "p999", "p9999", "max", "mean"}) {
                    assertTrue(r.get("latencyNs").get(p).asDouble() > 0, p);
                }
                assertTrue(Files.isRegularFile(out.resolve(r.get("histogramLog").asText())));
            } else {
                assertTrue(r.get("msgsPerSec").asDouble() > 0);
                assertTrue(r.get("bytesPerSec").asDouble() > 0);
            }
        }
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary files left");
        }
        // the run ends with its report
        assertTrue(o.out().contains("report:  " + out.resolve("report.html")), o.out());
        assertTrue(Files.readString(out.resolve("report.html")).contains("data:image/png;base64,"));
        assertTrue(Files.isRegularFile(out.resolve("results.csv")));

        Outcome again = ipcbench("report", out.toString(), "--out", dir.resolve("again").toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(Files.isRegularFile(dir.resolve("again").resolve("report.html")));
    }

    @Test
    void shouldInterleaveSeededRoundsWithAHostProbeAndWorkPerSide() throws IOException {
        Path out = dir.resolve("interleaved");
        Outcome o = ipcbench("run", "--transport", "pipe,shm-sysv", "--size", "64,4K", "--mode", "stream", "--count", "20000",
                "--warmup", "0ms", "--repeat", "2", "--seed", "42", "--no-report", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("interleaved, shuffled with seed 42"), o.err());
        assertTrue(o.err().contains("[6/12]") && o.err().contains("host probes"), o.err());
        JsonNode doc = ResultsFile.json().readTree(out.resolve(ResultsFile.NAME).toFile());
        assertEquals(42, doc.get("settings").get("seed").asLong());
        assertEquals("interleaved", doc.get("settings").get("order").asText());
        JsonNode results = doc.get("results");
        assertEquals(6, results.size(), "pipe block, shm-sysv spin and block (its default waits), two sizes each");
        java.util.Map<String, Integer> firstRound = new java.util.TreeMap<>();
        for (JsonNode r : results) {
            String label = r.get("transport").asText() + " " + r.get("wait").asText() + " " + r.get("payloadBytes").asInt();
            JsonNode reps = r.get("perRepetition");
            assertEquals(2, reps.size(), label);
            // round 1 of every case before any round 2
            assertTrue(reps.get(0).get("runIndex").asInt() < 6 && reps.get(1).get("runIndex").asInt() >= 6, label + ": " + reps);
            firstRound.put(label, reps.get(0).get("runIndex").asInt());
            for (JsonNode rep : reps) {
                JsonNode host = rep.get("host");
                assertTrue(host.get("cacheLineRttNs").asDouble() > 0 && host.get("wakeupRttNs").asDouble() > 0
                        && host.get("timerMaxGapNs").asLong() > 0, label + ": " + host);
                assertTrue(rep.has("startedAt") && rep.has("work"), label + ": " + rep);
                // the count in eighths, each with its own msgs/s: 20000 messages give 2500 a part, enough to judge a step by
                JsonNode slices = rep.get("slices");
                assertEquals(8, slices.get("operations").size(), label + ": " + slices);
                long parts = 0;
                for (JsonNode n : slices.get("operations")) {
                    assertEquals(2500, n.asLong(), label + ": " + slices);
                    parts += n.asLong();
                }
                assertEquals(rep.get("operations").asLong(), parts, label + ": " + slices);
                assertTrue(slices.get("ratio").asDouble() >= 1, label + ": " + slices);
            }
            JsonNode work = r.get("work");
            JsonNode driver = work.get("driver");
            JsonNode peer = work.get("peer");
            double frame = r.get("frameBytes").asDouble();
            double kernelBytes = driver.get("readBytes").asDouble() + driver.get("writeBytes").asDouble()
                    + peer.get("readBytes").asDouble() + peer.get("writeBytes").asDouble();
            if (r.get("transport").asText().equals("pipe")) {
                // one write per message; a read takes one frame and at most one payload more, and a 4 KiB frame
                // (above PIPE_BUF, so not written atomically) sometimes arrives in two reads: well under the two
                // reads a message that reading header and payload apart would make
                assertEquals(1.0, driver.get("writeCalls").asDouble(), 0.01, label + ": " + work);
                assertTrue(peer.get("readCalls").asDouble() <= 1.25 && peer.get("readCalls").asDouble() > 0, label + ": " + work);
                assertEquals(2 * frame, kernelBytes, 0.02 * frame, label + ": " + work);
            } else if (r.get("wait").asText().equals("spin")) {
                assertTrue(driver.get("systemCalls").asDouble() + peer.get("systemCalls").asDouble() < 0.01, label + ": " + work);
                assertTrue(kernelBytes < 1, label + ": " + work);
            }
        }
        Outcome again = ipcbench("run", "--transport", "pipe,shm-sysv", "--size", "64,4K", "--mode", "stream", "--count", "200",
                "--warmup", "0ms", "--repeat", "1", "--seed", "42", "--no-report", "--out", dir.resolve("again").toString());
        assertEquals(0, again.code(), again.err());
        java.util.Map<String, Integer> againRound = new java.util.TreeMap<>();
        for (JsonNode r : ResultsFile.json().readTree(dir.resolve("again").resolve(ResultsFile.NAME).toFile()).get("results")) {
            againRound.put(r.get("transport").asText() + " " + r.get("wait").asText() + " " + r.get("payloadBytes").asInt(),
                    r.get("perRepetition").get(0).get("runIndex").asInt());
        }
        assertEquals(firstRound, againRound, "the same seed, the same order");

        Outcome sequential = ipcbench("run", "--transport", "pipe", "--size", "64,4K", "--mode", "rtt", "--count", "50",
                "--warmup", "0ms", "--repeat", "2", "--order", "sequential", "--no-report", "--out", dir.resolve("seq").toString());
        assertEquals(0, sequential.code(), sequential.err());
        JsonNode seq = ResultsFile.json().readTree(dir.resolve("seq").resolve(ResultsFile.NAME).toFile());
        assertEquals("sequential", seq.get("settings").get("order").asText());
        assertEquals(1, seq.get("results").get(0).get("perRepetition").get(1).get("runIndex").asInt(), "back to back");
        assertRefused(ipcbench("run", "--transport", "pipe", "--order", "sequential", "--seed", "3", "--out",
                dir.resolve("x").toString()), "--seed");
        assertRefused(ipcbench("run", "--transport", "pipe", "--order", "random", "--out", dir.resolve("x").toString()), "--order");
    }

    @Test
    void shouldRefuseBadReportInputsWithOneLineAndExitTwo() throws IOException {
        Path notResults = Files.writeString(dir.resolve("x.json"), "[1, 2]");
        Path future = Files.writeString(dir.resolve("future.json"), "{\"schema\": 7, \"results\": []}");
        Path empty = Files.writeString(dir.resolve("empty.json"), "{\"schema\": 1, \"results\": []}");
        Path file = Files.createFile(dir.resolve("plain-file"));
        Path truncated = Files.writeString(dir.resolve("truncated.json"), "{\"schema\": 1, \"results\": [{\"transport\": \"pi");
        Path truncatedJmh = Files.writeString(dir.resolve("truncated-jmh.json"), "[{\"benchmark\": \"io.ipcbench.cli.jmh.Round");
        Path notJson = Files.writeString(dir.resolve("not.json"), "transport,p50\npipe,24000\n");
        String[][] cases = {
                {"report", dir.resolve("missing.json").toString()},
                {"report", notResults.toString()},
                {"report", future.toString()},
                {"report", empty.toString()},
                {"report", truncated.toString()},
                {"report", truncatedJmh.toString()},
                {"report", notJson.toString()},
                {"report", "src/test/resources/no-such-dir"},
                {"report"},
        };
        for (String[] args : cases) {
            Outcome o = ipcbench(args);
            assertEquals(2, o.code(), String.join(" ", args) + ": " + o.err());
            assertEquals(1, o.err().trim().lines().count(), o.err());
            assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), o.err());
        }
        Outcome unwritable = ipcbench("run", "--transport", "pipe", "--count", "20", "--repeat", "1", "--size", "64",
                "--mode", "rtt", "--no-report", "--out", dir.resolve("run").toString());
        assertEquals(0, unwritable.code(), unwritable.err());
        assertFalse(Files.exists(dir.resolve("run").resolve("report.html")), "--no-report");
        Outcome o = ipcbench("report", dir.resolve("run").toString(), "--out", file.resolve("sub").toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("--out"), o.err());
        assertFalse(Files.exists(dir.resolve("run").resolve("report.html")));
    }

    @Test
    void shouldListTransportsAndShowTheEnvironment() throws IOException {
        Outcome list = ipcbench("list");
        assertEquals(0, list.code());
        assertTrue(list.out().contains("pipe") && list.out().contains("fs.pipe-max-size"), list.out());

        Outcome env = ipcbench("env", "--json");
        assertEquals(0, env.code());
        JsonNode json = ResultsFile.json().readTree(env.out());
        assertTrue(json.get("ipcLimits").has("kernel.msgmnb"));
        // the host signature: a real C probe where a compiler is (this machine and CI have gcc), else the reason
        JsonNode sig = json.get("hostSignature");
        boolean gcc = Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "gcc")));
        if (gcc || !sig.has("missing")) {
            assertTrue(sig.get("pipeRttP50Ns").asLong() > 1_000 && sig.get("shmSpinRttP50Ns").asLong() > 10
                    && sig.get("memcpyGBps").asDouble() > 0.1, sig.toString());
        } else {
            assertTrue(sig.get("missing").asText().contains("C compiler"), sig.toString());
        }

        Outcome text = ipcbench("env", "--no-signature");
        assertTrue(text.out().contains("sysctl -w fs.mqueue.msgsize_max=N"), text.out());
        assertFalse(text.out().contains("host signature"), text.out());
    }
}
