package io.ipcbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipcbench.core.result.ResultsFile;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transport added from outside (one class and one services line on the class path, nothing
 * else changed) gets its option as a flag: {@code list} shows it, {@code run} measures with it
 * through real forked peers, and a bad value is refused naming the flag.
 */
@ExtendWith(LeakCheck.class)
class NewTransportTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    private Result ipcbench(String... args) throws Exception {
        Path services = dir.resolve("plugin").resolve("META-INF").resolve("services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(Transport.class.getName()), ThrowawayTransport.class.getName() + "\n");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path") + File.pathSeparator + dir.resolve("plugin"), IpcBench.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile())
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ipcbench did not finish");
        return new Result(p.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }

    @Test
    void shouldOfferListAcceptAndRefuseTheOptionOfATransportAddedFromOutside() throws Exception {
        Result list = ipcbench("list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("throwaway") && list.out().contains("option --throwaway-buffer SIZE"), list.out());

        Result json = ipcbench("list", "--json");
        assertEquals(0, json.code(), json.err());
        JsonNode doc = ResultsFile.json().readTree(json.out());
        JsonNode mine = null;
        for (JsonNode t : doc.get("transports")) {
            if (t.get("name").asText().equals("throwaway")) {
                mine = t;
            }
        }
        assertTrue(mine != null, json.out());
        assertEquals("pipe", mine.get("family").asText());
        assertEquals("--throwaway-buffer", mine.get("options").get(0).get("flag").asText());
        assertEquals(4096, mine.get("options").get(0).get("min").asLong());

        Result help = ipcbench("run", "--help");
        assertTrue(help.out().contains("--throwaway-buffer=SIZE") && help.out().contains("throwaway: the pipe buffer"), help.out());

        Path out = dir.resolve("run");
        Result run = ipcbench("run", "-t", "throwaway", "--throwaway-buffer", "128K", "-s", "64,4K", "-m", "rtt,stream",
                "--count", "500", "--repeat", "1", "--no-report", "--out", out.toString());
        assertEquals(0, run.code(), run.out() + run.err());
        JsonNode results = ResultsFile.json().readTree(out.resolve(ResultsFile.NAME).toFile());
        assertEquals("131072", results.get("settings").get("options").get("throwaway.buffer").asText());
        assertEquals(4, results.get("results").size());
        for (JsonNode r : results.get("results")) {
            assertEquals("throwaway", r.get("transport").asText());
            assertEquals("pipe", r.get("family").asText());
            assertEquals(r.get("messages").asLong(), r.get("verifiedMessages").asLong());
            assertEquals(131072, r.get("transportFacts").get("pipeBufferBytes").asInt(), "the option reached the kernel: " + r);
        }

        Result bad = ipcbench("run", "-t", "throwaway", "--throwaway-buffer", "1K", "--count", "10", "--out",
                dir.resolve("bad").toString());
        assertEquals(2, bad.code(), bad.out() + bad.err());
        assertTrue(bad.err().contains("--throwaway-buffer: 1024 is outside 4096..1048576"), bad.err());
        assertEquals(1, bad.err().trim().lines().count(), bad.err());
        assertFalse(bad.err().contains("Exception"), bad.err());
    }
}
