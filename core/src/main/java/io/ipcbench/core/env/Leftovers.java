package io.ipcbench.core.env;

import io.ipcbench.core.io.PrivateDir;
import io.ipcbench.core.spi.LeftoverMark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the IPC objects ipcbench created whose creator is gone (what a kill -9 of both sides at
 * the wrong moment leaves), by the marks the transports declare ({@link LeftoverMark}): System V
 * objects by the top byte of their key, named ones by {@code <prefix><pid>-...}. A segment counts
 * when no process is attached and its creator is gone; a queue (which records no creator) when
 * its last sender and receiver are gone and it is older than the minimum age. Only objects owned
 * by the current user are ever listed: nothing that is not ours is touched.
 */
public final class Leftovers {
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

    /** Every leftover of the current user that one of {@code marks} names; queues younger than {@code minAge} are left to the run that may own them. */
    public static List<Leftover> find(Collection<LeftoverMark> marks, Path tmpDir, Duration minAge) throws IOException {
        int uid = currentUid();
        List<Leftover> found = new ArrayList<>();
        for (LeftoverMark m : new LinkedHashSet<>(marks)) {
            if (m.kind().sysv()) {
                sysv(Path.of(m.kind().where()), m, uid, minAge, found);
            } else {
                Pattern names = Pattern.compile(Pattern.quote(m.prefix()) + "(\\d+)-[0-9A-Za-z-]+");
                named(m.kind().where() == null ? tmpDir : Path.of(m.kind().where()), names, m.kind().label(), uid, found);
            }
        }
        return found;
    }

    private static void sysv(Path table, LeftoverMark mark, int uid, Duration minAge, List<Leftover> found) throws IOException {
        boolean shm = mark.kind() == LeftoverMark.Kind.SYSV_SEGMENT;
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
            if ((key & 0xFF000000L) != (mark.keyTop() & 0xFFFFFFFFL)) {
                continue;
            }
            if (shm) {
                // key perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime
                long cpid = Long.parseLong(f[4]);
                long nattch = Long.parseLong(f[6]);
                if (Integer.parseInt(f[9]) != uid || nattch > 0 || alive(cpid)) {
                    continue;
                }
                found.add(new Leftover(mark.kind().label(), String.format("key 0x%08x shmid %d", key, id), "pid " + cpid + " (gone)",
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
                found.add(new Leftover(mark.kind().label(), String.format("key 0x%08x msqid %d", key, id),
                        "last used by pids " + lspid + "/" + lrpid + " (gone)", () -> ipcrm("-q", id)));
            }
        }
    }

    private static void named(Path dir, Pattern pattern, String kind, int uid, List<Leftover> found) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                Matcher m = pattern.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                long pid = Long.parseLong(m.group(1));
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
