package io.ipcbench.cli;

import io.ipcbench.core.testing.LeakSnapshot;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The textbook writer and reader, each in its own JVM, through a real System V segment. */
class ShmDemoTest {
    record Run(int code, String out) {
    }

    private static Run ipcbench(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                IpcBench.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    @Test
    void shouldPassTextFromOneProcessToAnotherAndRemoveTheSegment() throws Exception {
        LeakSnapshot before = LeakSnapshot.take();
        String key = String.format("0x1bde%04x", new SecureRandom().nextInt(0x10000));
        Run w = ipcbench("demo", "shm-write", "--key", key, "hello from another JVM");
        assertEquals(0, w.code(), w.out());
        assertTrue(w.out().contains("key:         " + key) && w.out().contains("attached at: 0x"), w.out());

        Run r = ipcbench("demo", "shm-read", "--key", key);
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("data:        hello from another JVM"), r.out());

        Run again = ipcbench("demo", "shm-write", "--key", key, "second text");
        assertEquals(0, again.code(), again.out());
        assertTrue(again.out().contains("existing"), again.out());

        Run tooLong = ipcbench("demo", "shm-write", "--key", key, "x".repeat(2000));
        assertEquals(2, tooLong.code(), tooLong.out());
        assertTrue(tooLong.out().contains("--size"), tooLong.out());

        Run remove = ipcbench("demo", "shm-read", "--key", key, "--remove");
        assertEquals(0, remove.code(), remove.out());
        assertTrue(remove.out().contains("data:        second text") && remove.out().contains("IPC_RMID"), remove.out());

        Run gone = ipcbench("demo", "shm-read", "--key", key);
        assertEquals(2, gone.code(), gone.out());
        assertTrue(gone.out().contains("no shared memory segment for key " + key), gone.out());
        assertEquals(1, gone.out().trim().lines().count(), gone.out());
        LeakSnapshot.assertNothingNewSince(before);
    }
}
