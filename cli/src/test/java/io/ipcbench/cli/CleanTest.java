package io.ipcbench.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ipcbench clean}: real leftovers of a dead process are listed and, with --yes, removed;
 * objects of a live process, and objects that are not ipcbench's, are never touched.
 */
class CleanTest {
    interface LibC extends Library {
        int msgget(int key, int flags);

        int msgctl(int id, int cmd, com.sun.jna.Pointer buf);
    }

    private static final LibC C = Native.load("c", LibC.class);

    @Test
    void shouldListAndRemoveOnlyOurLeftoversOfDeadProcesses() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        long dead = gone.pid();
        long alive = ProcessHandle.current().pid();
        String hex = HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));

        Path deadShm = Files.writeString(Path.of("/dev/shm", "ipcbench-" + dead + "-" + hex), "x");
        Path liveShm = Files.writeString(Path.of("/dev/shm", "ipcbench-" + alive + "-" + hex), "x");
        Path foreignShm = Files.writeString(Path.of("/dev/shm", "other-" + dead + "-" + hex), "x");
        Path deadDir = Files.createDirectory(tmp.resolve("ipcbench-fifo-" + dead + "-" + System.nanoTime()));
        Files.writeString(deadDir.resolve("to-peer"), "x");
        int ourKey = 0x1C000000 | (int) (System.nanoTime() & 0xFFFFFF);
        int ourQueue = C.msgget(ourKey, 01000 | 02000 | 0600);
        int foreignQueue = C.msgget(0x2D000000 | (int) (System.nanoTime() & 0xFFFFFF), 01000 | 02000 | 0600);
        try {
            assertTrue(ourQueue >= 0 && foreignQueue >= 0, "msgget");
            CliTest.Outcome list = CliTest.ipcbench("clean", "--min-age", "0ms");
            assertEquals(0, list.code(), list.err());
            assertTrue(list.out().contains(deadShm.toString()), list.out());
            assertTrue(list.out().contains(deadDir.toString()), list.out());
            assertTrue(list.out().contains("msqid " + ourQueue + " "), list.out());
            assertFalse(list.out().contains(liveShm.toString()), "a live process's object: " + list.out());
            assertFalse(list.out().contains(foreignShm.toString()) || list.out().contains("msqid " + foreignQueue + " "),
                    "not ours: " + list.out());
            assertTrue(list.out().contains("run 'ipcbench clean --yes'"), list.out());
            assertTrue(Files.exists(deadShm) && Files.exists(deadDir) && queueExists(ourQueue), "listing removes nothing");

            CliTest.Outcome young = CliTest.ipcbench("clean");
            assertFalse(young.out().contains("msqid " + ourQueue + " "), "a queue younger than --min-age may belong to a starting run");

            CliTest.Outcome remove = CliTest.ipcbench("clean", "--yes", "--min-age", "0ms");
            assertEquals(0, remove.code(), remove.out() + remove.err());
            assertTrue(remove.out().contains("removed"), remove.out());
            assertFalse(Files.exists(deadShm));
            assertFalse(Files.exists(deadDir));
            assertFalse(queueExists(ourQueue));
            assertTrue(Files.exists(liveShm) && Files.exists(foreignShm) && queueExists(foreignQueue), "others untouched");
        } finally {
            Files.deleteIfExists(liveShm);
            Files.deleteIfExists(foreignShm);
            Files.deleteIfExists(deadShm);
            Files.deleteIfExists(deadDir.resolve("to-peer"));
            Files.deleteIfExists(deadDir);
            C.msgctl(ourQueue, 0, null);
            C.msgctl(foreignQueue, 0, null);
        }
    }

    private static boolean queueExists(int msqid) throws IOException {
        return Files.readAllLines(Path.of("/proc/sysvipc/msg"), StandardCharsets.UTF_8).stream().skip(1)
                .map(l -> l.trim().split("\\s+")).anyMatch(f -> f.length > 1 && f[1].equals(Integer.toString(msqid)));
    }
}
