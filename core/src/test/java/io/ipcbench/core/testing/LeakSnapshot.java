package io.ipcbench.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What ipcbench could leave behind: System V objects ({@code ipcs -m -q -s}), /dev/shm and
 * /dev/mqueue entries, ipcbench temp directories, and child processes of this JVM. Take one
 * before a test and {@link #assertNothingNewSince} after it.
 */
public record LeakSnapshot(Set<String> sysv, Set<String> devShm, Set<String> mqueue, Set<String> tempDirs) {

    public static LeakSnapshot take() {
        return new LeakSnapshot(ipcs(), list(Path.of("/dev/shm")), list(Path.of("/dev/mqueue")),
                list(Path.of(System.getProperty("java.io.tmpdir")), "ipcbench"));
    }

    /** Fails if anything appeared since {@code before}, after giving child processes a few seconds to end. */
    public static void assertNothingNewSince(LeakSnapshot before) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.current().children().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            sleep(50);
        }
        List<String> children = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
        LeakSnapshot after = take();
        List<String> leaks = new ArrayList<>();
        diff("System V object", before.sysv, after.sysv, leaks);
        diff("/dev/shm entry", before.devShm, after.devShm, leaks);
        diff("/dev/mqueue entry", before.mqueue, after.mqueue, leaks);
        diff("temp dir", before.tempDirs, after.tempDirs, leaks);
        children.forEach(c -> leaks.add("child process still running: " + c));
        if (!leaks.isEmpty()) {
            fail("left behind: " + String.join("; ", leaks));
        }
    }

    private static void diff(String what, Set<String> before, Set<String> after, List<String> leaks) {
        for (String s : after) {
            if (!before.contains(s)) {
                leaks.add(what + " " + s);
            }
        }
    }

    private static Set<String> list(Path dir) {
        return list(dir, "");
    }

    private static Set<String> list(Path dir, String prefix) {
        Set<String> names = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).forEach(names::add);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
        return names;
    }

    private static Set<String> ipcs() {
        Set<String> ids = new TreeSet<>();
        for (String kind : new String[] {"-m", "-q", "-s"}) {
            try {
                Process p = new ProcessBuilder("ipcs", kind).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                for (String line : out.split("\n")) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 2 && f[0].startsWith("0x") && f[1].matches("\\d+")) {
                        ids.add(kind + " id " + f[1] + " key " + f[0]);
                    }
                }
            } catch (IOException e) {
                // no ipcs on this machine: nothing to compare
                return ids;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ids;
            }
        }
        return ids;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
