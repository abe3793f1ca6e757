package io.ipcbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipcbench.core.peer.ForkedPeerStarter;
import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.result.ResultsDocument;
import io.ipcbench.core.result.ResultsFile;
import io.ipcbench.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@code ipcbench jmh}: JMH's real runner, real forks, real peers and kernel objects. */
@ExtendWith(LeakCheck.class)
class JmhCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldListEveryParameterWithTheTransportsFoundHere() {
        CliTest.Outcome o = CliTest.ipcbench("jmh", "-lp");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("io.ipcbench.cli.jmh.RoundTrip.run"), o.out());
        assertTrue(o.out().contains("io.ipcbench.cli.jmh.Stream.run"), o.out());
        assertTrue(o.out().contains("io.ipcbench.cli.jmh.Baseline.jnaDirect"), o.out());
        assertTrue(o.out().contains("param \"size\" = {64, 4096, 65536}"), o.out());
        assertTrue(o.out().contains("param \"wait\" = {block}"), o.out());
        for (String t : List.of("pipe", "fifo", "uds", "uds-jdk", "shm-sysv", "shm-posix", "mq-posix", "mq-sysv", "in-process")) {
            assertTrue(o.out().matches("(?s).*param \"transport\" = \\{[^}]*\\b" + t + "\\b.*"), t + ": " + o.out());
        }
        assertFalse(o.out().contains("transport\" = {all}"), o.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "-p transport=nosuch RoundTrip          | unknown transport 'nosuch'",
            "-p transport=pipe -p wait=backoff RoundTrip | pipe has no wait 'backoff'",
            "-p transport=pipe -p wait=sleepy Stream | wait=sleepy",
            "-p transport=pipe -p size=4K RoundTrip  | size=4K",
            "-p transport=pipe -p size=0 RoundTrip   | size 0 B",
            "-p transport=pipe -p size=100000000 RoundTrip | pipe carries 1 to",
            "-wi many                               | JMH option",
            "NoSuchBenchmark                        | no benchmark matches",
    })
    void shouldRefuseBadInputBeforeForkingAnything(String args, String message) {
        List<String> argv = new java.util.ArrayList<>(List.of("jmh", "--peer-logs", dir.resolve("logs").toString()));
        argv.addAll(List.of(args.trim().split("\\s+")));
        CliTest.Outcome o = CliTest.ipcbench(argv.toArray(String[]::new));
        CliTest.assertRefused(o, message);
        assertFalse(o.out().contains("# Fork"), "nothing ran: " + o.out());
    }

    @Test
    void shouldWriteJmhJsonThatTheReportRenders() throws Exception {
        Path json = dir.resolve("out.json");
        Path logs = dir.resolve("run").resolve("peers");
        CliTest.Outcome o = CliTest.ipcbench("jmh", "--quick", "--peer-logs", logs.toString(), "-wi", "1", "-i", "2",
                "-p", "transport=pipe,in-process", "-p", "size=1,65536", "-rf", "json", "-rff", json.toString(), "RoundTrip|Stream");
        assertEquals(0, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("ipcbench report " + json), o.out());
        assertFalse(Files.exists(logs), "silent peers leave no log directory");

        JsonNode tree = ResultsFile.json().readTree(json.toFile());
        assertTrue(tree.isArray());
        Set<String> seen = new HashSet<>();
        for (JsonNode b : tree) {
            seen.add(b.get("benchmark").asText().replace("io.ipcbench.cli.jmh.", "") + " " + b.get("mode").asText() + " "
                    + b.get("params").get("transport").asText() + " " + b.get("params").get("size").asText());
            assertEquals(2, b.get("measurementIterations").asInt());
            assertEquals(1, b.get("forks").asInt(), "--quick still forks");
        }
        for (String t : List.of("pipe", "in-process")) {
            for (String size : List.of("1", "65536")) {
                assertTrue(seen.contains("RoundTrip.run sample " + t + " " + size), seen.toString());
                assertTrue(seen.contains("RoundTrip.run avgt " + t + " " + size), seen.toString());
                assertTrue(seen.contains("Stream.run thrpt " + t + " " + size), seen.toString());
            }
        }

        ResultsDocument doc = ResultsFile.read(json);
        assertEquals("jmh", doc.tool());
        assertEquals(8, doc.results().size(), doc.results().toString());
        for (ResultRecord r : doc.results()) {
            if (r.mode().equals("rtt")) {
                assertTrue(r.latencyNs().p50() > 0 && r.latencyNs().p50() <= r.latencyNs().p99(), r.toString());
                assertTrue(r.transportFacts().containsKey("jmhAverageTimeNs"), r.toString());
            } else {
                assertTrue(r.msgsPerSec() > 0, r.toString());
                assertEquals(r.msgsPerSec() * r.payloadBytes(), r.bytesPerSec(), r.bytesPerSec() * 0.01, r.toString());
            }
        }
        CliTest.Outcome report = CliTest.ipcbench("report", json.toString(), "--out", dir.resolve("report").toString());
        assertEquals(0, report.code(), report.err());
        assertTrue(Files.size(dir.resolve("report").resolve("report.html")) > 10_000);
        assertTrue(Files.exists(dir.resolve("report").resolve("rtt-by-size.png")));
    }

    @Test
    void shouldFailWithinBoundsWhenThePeerIsKilledMidTrial() throws Exception {
        Path logs = dir.resolve("peers");
        long t0 = System.nanoTime();
        CompletableFuture<CliTest.Outcome> run = CompletableFuture.supplyAsync(() -> CliTest.ipcbench("jmh", "--peer-logs",
                logs.toString(), "--timeout", "3s", "-f", "1", "-wi", "0", "-i", "1", "-r", "60s", "-bm", "avgt",
                "-p", "transport=pipe", "-p", "size=64", "RoundTrip"));
        ProcessHandle peer = awaitPeer(run);
        assertTrue(peer.destroyForcibly());
        CliTest.Outcome o = run.get(45, TimeUnit.SECONDS);
        assertNotEquals(0, o.code(), "a run whose peer died must fail: " + o.out());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(50), "bounded, not the 60 s iteration");
        assertTrue(o.out().contains("peer"), "the failure names the peer: " + o.out());
    }

    private static ProcessHandle awaitPeer(CompletableFuture<?> run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (System.nanoTime() < deadline && !run.isDone()) {
            // the peer is a grandchild: this JVM -> JMH fork -> peer
            Optional<ProcessHandle> peer = ProcessHandle.current().descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains(ForkedPeerStarter.MARKER)).findFirst();
            if (peer.isPresent()) {
                Thread.sleep(1500); // into the measured iteration
                return peer.get();
            }
            Thread.sleep(50);
        }
        fail("no peer started" + (run.isDone() ? "; the run ended: " + run.join() : ""));
        return null;
    }

    @Test
    void shouldPrintJmhHelpAfterItsOwn() {
        StringWriter out = new StringWriter();
        int code = IpcBench.execute(new String[] {"jmh", "--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertEquals(0, code);
        assertTrue(out.toString().contains("--quick"), out.toString());
        assertTrue(out.toString().contains("ipcbench jmh -h"), out.toString());
    }
}
