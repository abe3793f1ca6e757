package io.ipcbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipcbench.core.result.ResultsFile;
import io.ipcbench.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static io.ipcbench.cli.CliTest.assertRefused;
import static io.ipcbench.cli.CliTest.ipcbench;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ipcbench ab} with real worker JVMs and real peers: bad input, a same-code run, and a real slowdown caught. */
@ExtendWith(LeakCheck.class)
class AbCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseBadInputInOneLineAndWriteNothing() throws Exception {
        Path out = dir.resolve("out");
        assertRefused(ipcbench("ab", "--a-jar", dir.resolve("missing.jar").toString(), "-t", "pipe", "--out", out.toString()), "no such file");
        Path notIpcbench = Files.writeString(dir.resolve("empty.jar"), "not a jar");
        assertRefused(ipcbench("ab", "--b-jar", notIpcbench.toString(), "-t", "pipe", "--out", out.toString()),
                "side B: " + notIpcbench + " is not an ipcbench jar");
        Path oldJava = Files.writeString(dir.resolve("java"), "#!/bin/sh\necho 'java.specification.version = 11' >&2\n");
        Files.setPosixFilePermissions(oldJava, PosixFilePermissions.fromString("rwx------"));
        assertRefused(ipcbench("ab", "--a-java", oldJava.toString(), "-t", "pipe", "--out", out.toString()), "needs JDK 17 or newer");
        assertRefused(ipcbench("ab", "--pairs", "3", "-t", "pipe", "--out", out.toString()), "--pairs");
        assertRefused(ipcbench("ab", "-t", "pipe", "--b-opt=--bogus", "--out", out.toString()), "side B: ");
        assertRefused(ipcbench("ab", "-t", "pipe", "--b-opt=--pipe-size=100", "--out", out.toString()), "--pipe-size");
        assertRefused(ipcbench("ab", "-t", "nosuch", "--out", out.toString()), "--transport");
        assertRefused(ipcbench("ab", "-t", "pipe", "-w", "backoff", "--out", out.toString()), "no case in common");
        assertRefused(ipcbench("ab", "-t", "pipe", "-m", "load", "--rate", "sweep", "--out", out.toString()), "--rate");
        assertRefused(ipcbench("ab", "-t", "pipe", "-m", "load", "--out", out.toString()), "--rate");
        assertRefused(ipcbench("ab", "-t", "pipe", "--rate", "10k", "--out", out.toString()), "--rate");
        assertFalse(Files.exists(out), "bad input writes nothing");
    }

    /** A load case is a case per rate, judged on its corrected one-way latency, both sides at the same rate. */
    @Test
    void shouldCompareALoadCaseByRate() throws Exception {
        Path same = dir.resolve("load");
        CliTest.Outcome aa = ipcbench("ab", "-t", "pipe", "-s", "64", "-m", "load", "--rate", "5k", "--pairs", "6", "--warmup",
                "50ms", "--duration", "100ms", "--format", "json", "--out", same.toString());
        assertTrue(aa.code() == 0 || aa.code() == 3, aa.out() + aa.err());
        JsonNode doc = ResultsFile.json().readTree(aa.out().substring(0, aa.out().lastIndexOf("results: ")));
        boolean p99 = false;
        for (JsonNode l : doc.get("lines")) {
            assertTrue(l.get("case").asText().contains("load 5k/s"), l.toString());
            p99 |= l.get("metric").asText().equals("p99");
        }
        assertTrue(p99, "judged on the corrected p99: " + aa.out());
        JsonNode r = ResultsFile.json().readTree(same.resolve("b").resolve("pair-01").resolve(ResultsFile.NAME).toFile())
                .get("results").get(0);
        assertEquals(5000, r.get("load").get("rate").asDouble());
    }

    @Test
    void shouldPassTheSameCodeAndCatchAPipeTooSmallForTheFrame() throws Exception {
        Path same = dir.resolve("same");
        CliTest.Outcome aa = ipcbench("ab", "-t", "pipe", "-s", "4K", "-m", "stream", "--pairs", "6", "--warmup", "50ms",
                "--duration", "100ms", "--seed", "7", "--format", "json", "--out", same.toString());
        assertEquals(0, aa.code(), aa.out() + aa.err());
        assertTrue(aa.err().contains("shuffled with seed 7") && aa.err().contains("[12/12]"), aa.err());
        JsonNode doc = ResultsFile.json().readTree(aa.out().substring(0, aa.out().lastIndexOf("results: ")));
        assertFalse(doc.get("regression").asBoolean(), aa.out());
        JsonNode syscalls = null;
        for (JsonNode l : doc.get("lines")) {
            if (l.get("metric").asText().equals("syscalls/op")) {
                syscalls = l;
            }
        }
        assertTrue(syscalls != null && syscalls.get("pairs").asInt() + syscalls.get("setAside").asInt() == 6, aa.out());
        for (String side : new String[] {"a", "b"}) {
            for (int k = 1; k <= 6; k++) {
                Path results = same.resolve(side).resolve(String.format("pair-%02d", k)).resolve(ResultsFile.NAME);
                assertTrue(Files.isRegularFile(results), results.toString());
            }
        }
        CliTest.Outcome compare = ipcbench("compare", same.resolve("a").toString(), same.resolve("b").toString(), "--threshold", "400%");
        assertTrue(compare.code() == 0 || compare.code() == 3, compare.out() + compare.err());
        assertTrue(Files.isRegularFile(same.resolve("probes.json")), "the run's own host probes are kept for --analyse");
        CliTest.Outcome again = ipcbench("ab", "--analyse", same.toString(), "--pairs", "6", "--format", "json");
        assertEquals(0, again.code(), again.out() + again.err());
        assertRefused(ipcbench("ab", "--analyse", same.toString(), "--pairs", "8"), "holds 6 pairs, fewer than 8");

        // a 4 KiB payload and its 24 B header no longer fit a 4 KiB pipe: every message is two writes and two wake-ups
        Path small = dir.resolve("small");
        CliTest.Outcome ab = ipcbench("ab", "-t", "pipe", "-s", "4K", "-m", "stream", "--pairs", "6", "--warmup", "50ms",
                "--duration", "100ms", "--b-opt=--pipe-size=4096", "--out", small.toString());
        assertEquals(3, ab.code(), ab.out() + ab.err());
        assertTrue(ab.out().lines().anyMatch(l -> l.contains("syscalls/op") && l.contains("regression")), ab.out());
    }
}
