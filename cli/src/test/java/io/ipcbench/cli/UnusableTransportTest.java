package io.ipcbench.cli;

import io.ipcbench.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Transports that cannot work on this machine are refused up front, one line, exit 2: the
 * machine is changed for one process only (a private mount namespace without /dev/shm, a zero
 * RLIMIT_MSGQUEUE), never for the rest of the system.
 */
@ExtendWith(LeakCheck.class)
class UnusableTransportTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    private Result ipcbench(List<String> prefix, String... args) throws Exception {
        return ipcbench(prefix, List.of(), args);
    }

    private Result ipcbench(List<String> prefix, List<String> jvmArgs, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), IpcBench.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile())
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ipcbench did not finish");
        return new Result(p.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Test
    void shouldRefuseShmPosixWithoutDevShm() throws Exception {
        assumeTrue(root() && Files.isExecutable(Path.of("/usr/bin/unshare")), "needs root and unshare for a private mount namespace");
        // unshare -m: a private copy of the mount table; /dev/shm is unmounted there only (every
        // mount stacked on it: containers often have two)
        List<String> prefix = List.of("/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
                "while grep -q ' /dev/shm ' /proc/self/mounts; do umount -l /dev/shm || exit 9; done; exec \"$0\" \"$@\"");
        Result r = ipcbench(prefix, "run", "--transport", "shm-posix", "--count", "10", "--out", dir.resolve("run").toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("shm-posix does not work on this machine: /dev/shm is not mounted as tmpfs"), r.err());
        assertEquals(1, r.err().trim().lines().count(), r.err());
        assertFalse(Files.exists(dir.resolve("run").resolve("results.json")));
        Result list = ipcbench(prefix, "list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("/dev/shm is not mounted"), list.out());
    }

    @Test
    void shouldRefuseMqPosixWithAZeroQueueLimit() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "needs prlimit");
        Result r = ipcbench(List.of("/usr/bin/prlimit", "--msgqueue=0:0"), "run", "--transport", "mq-posix", "--count", "10",
                "--out", dir.resolve("run").toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("RLIMIT_MSGQUEUE"), r.err());
        assertEquals(1, r.err().trim().lines().count(), r.err());
        assertFalse(Files.exists(dir.resolve("run").resolve("results.json")));
    }

    /** On an architecture without native tables, the transports that need them refuse in one line; the pure-JDK socket still runs. */
    @Test
    void shouldRefuseNativeTransportsOnAnArchitectureWithoutTables() throws Exception {
        List<String> riscv = List.of("-Dipcbench.arch=riscv64");
        for (String t : List.of("shm-sysv", "shm-posix", "pipe", "fifo", "uds", "mq-posix", "mq-sysv")) {
            Result r = ipcbench(List.of(), riscv, "run", "--transport", t, "--count", "10", "--out", dir.resolve("run").toString());
            assertEquals(2, r.code(), t + ": " + r.out() + r.err());
            assertTrue(r.err().contains(t + " does not work on this machine: os.arch riscv64 has no table"), r.err());
            assertEquals(1, r.err().trim().lines().count(), r.err());
        }
        Result jdk = ipcbench(List.of(), riscv, "run", "--transport", "uds-jdk", "--size", "64", "--mode", "rtt", "--count", "100",
                "--repeat", "1", "--no-report", "--out", dir.resolve("jdk").toString());
        assertEquals(0, jdk.code(), jdk.out() + jdk.err());
    }
}
