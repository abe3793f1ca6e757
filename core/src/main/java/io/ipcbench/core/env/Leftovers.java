package io.ipcbench.core.env;

import io.ipcbench.core.io.PrivateDir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the IPC objects ipcbench created whose creator is gone (what a kill -9 of both sides at
 * the wrong moment leaves), by the marks every transport puts in its names and keys:
 * <ul>
 *   <li>System V segments, key {@code 0x1B......} (the demo's {@code 0x1BDE<uid>}), no process
 *       attached and the creator gone;</li>
 *   <li>System V message queues, key {@code 0x1C......}, the last sender and receiver gone (a queue
 *       records no creator pid) and older than the minimum age;</li>
 *   <li>{@code /dev/shm/ipcbench-<pid>-<hex>} and {@code /dev/mqueue/ipcbench-<pid>-<hex>-to-peer|-from-peer};</li>
 *   <li>{@code <tmpdir>/ipcbench-fifo|uds|uds-jdk-<pid>-<digits>} directories.</li>
 * </ul>
 * Only objects owned by the current user are ever listed: nothing that is not ours is touched.
 */
public final class Leftovers {
    /** The top byte of every System V segment key ipcbench makes (the low 24 bits are random). */
    public static final int SHM_KEY_MARK = 0x1B000000;
    /** The top byte of every System V message queue key ipcbench makes. */
    public static final int MSG_KEY_MARK = 0x1C000000;
    /** POSIX shm and queue names start with this, then {@code <pid>-<16 hex digits>}. */
    public static final String POSIX_PREFIX = "/ipcbench-";
    private static final Pattern POSIX_NAME = Pattern.compile(
            Pattern.quote(POSIX_PREFIX.substring(1)) + "(\\d+)-[0-9a-f]{16}(-to-peer|-from-peer)?");
    private static final Pattern DIR_NAME = Pattern.compile(
            Pattern.quote(PrivateDir.PREFIX) + "(fifo|uds|uds-jdk)-(\\d+)-\\d+");

    /** One leftover: what it is, its name, the process that made or last used it, and how to remove it. */
    public record Leftover(String kind, String name, String creator, Remover remover) {
    }

    /** Removes one leftover. */
    @FunctionalInterface
    public interface Remover {
        void remove() throws IOException;
    }

    private Leftovers() {
    }

    /** Every leftover of the current user; queues younger than {@code minAge} are left to the run that may own them. */
    public static List<Leftover> find(Path tmpDir, Duration minAge) throws IOException {
        int uid = currentUid();
        List<Leftover> found = new ArrayList<>();
        sysv(Path.of("/proc/sysvipc/shm"), uid, minAge, true, found);
        sysv(Path.of("/proc/sysvipc/msg"), uid, minAge, false, found);
        named(Path.of("/dev/shm"), POSIX_NAME, 1, "POSIX shared memory", uid, found);
        named(Path.of("/dev/mqueue"), POSIX_NAME, 1, "POSIX message queue", uid, found);
        named(tmpDir, DIR_NAME, 2, "FIFO/socket directory", uid, found);
        return found;
    }

    private static void sysv(Path table, int uid, Duration minAge, boolean shm, List<Leftover> found) throws IOException {
        if (!Files.isReadable(table)) {
            return;
        }
        List<String> lines = Files.readAllLines(table);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 14) {
                continue;
            }
            long key = Long.parseLong(f[0]) & 0xFFFFFFFFL;
            int id = Integer.parseInt(f[1]);
            if ((key & 0xFF000000L) != (shm ? SHM_KEY_MARK : MSG_KEY_MARK)) {
                continue;
            }
            if (shm) {
                // key perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime
                long cpid = Long.parseLong(f[4]);
                long nattch = Long.parseLong(f[6]);
                if (Integer.parseInt(f[9]) != uid || nattch > 0 || alive(cpid)) {
                    continue;
                }
                found.add(new Leftover("System V segment", String.format("key 0x%08x shmid %d", key, id), "pid " + cpid + " (gone)",
                        () -> ipcrm("-m", id)));
            } else {
                // key msqid perms cbytes qnum lspid lrpid uid gid cuid cgid stime rtime ctime
                long lspid = Long.parseLong(f[5]);
                long lrpid = Long.parseLong(f[6]);
                long ctime = Long.parseLong(f[13]);
                boolean young = Instant.ofEpochSecond(ctime).plus(minAge).isAfter(Instant.now());
                if (Integer.parseInt(f[9]) != uid || alive(lspid) || alive(lrpid) || young) {
                    continue;
                }
                found.add(new Leftover("System V message queue", String.format("key 0x%08x msqid %d", key, id),
                        "last used by pids " + lspid + "/" + lrpid + " (gone)", () -> ipcrm("-q", id)));
            }
        }
    }

    private static void named(Path dir, Pattern pattern, int pidGroup, String kind, int uid, List<Leftover> found) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                Matcher m = pattern.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                long pid = Long.parseLong(m.group(pidGroup));
                Optional<Integer> owner = owner(p);
                if (owner.isEmpty() || owner.get() != uid || alive(pid)) {
                    continue;
                }
                Remover r = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? () -> PrivateDir.removeTree(p)
                        : () -> Files.deleteIfExists(p);
                found.add(new Leftover(kind, p.toString(), "pid " + pid + " (gone)", r));
            }
        }
    }

    /** The owner's uid, or empty when it cannot be read (then the entry is left alone). */
    private static Optional<Integer> owner(Path p) {
        try {
            return Optional.of((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static boolean alive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void ipcrm(String kind, int id) throws IOException {
        try {
            Process p = new ProcessBuilder("ipcrm", kind, Integer.toString(id)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || (p.exitValue() != 0 && !out.contains("invalid id"))) {
                throw new IOException("ipcrm " + kind + " " + id + " failed: " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while removing " + id, e);
        }
    }
}
