package io.ipcbench.core.env;

import io.ipcbench.core.nat.Affinity;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@link Environment} from /proc, /sys and the JVM. Never fails: unreadable values are null. */
public final class EnvironmentProbe {
    /** The sysctls that shape IPC results, by name. */
    public static final List<String> SYSCTLS = List.of(
            "fs.mqueue.msg_max", "fs.mqueue.msgsize_max", "fs.mqueue.queues_max",
            "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni",
            "kernel.shmmax", "kernel.shmall", "kernel.shmmni", "kernel.sem",
            "fs.pipe-max-size", "fs.pipe-user-pages-soft");

    private EnvironmentProbe() {
    }

    public static Environment capture() {
        Map<String, Object> limits = new LinkedHashMap<>();
        for (String s : SYSCTLS) {
            limits.put(s, sysctl(s));
        }
        limits.put("RLIMIT_MSGQUEUE", rlimitMsgqueue());
        limits.put("/dev/shm bytes", devShmSize());
        limits.put("/dev/mqueue mounted", Files.isDirectory(Path.of("/dev/mqueue")) && mountType("/dev/mqueue").isPresent());
        String halt = read("/sys/module/haltpoll/parameters/guest_halt_poll_ns");
        return new Environment(
                read("/proc/sys/kernel/hostname"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                safeAllowedCpus(),
                firstNonNull(read("/sys/fs/cgroup/cpu.max"), "unreadable"),
                read("/sys/devices/system/cpu/cpuidle/current_driver"),
                halt == null ? null : parseLong(halt),
                read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"),
                System.getProperty("java.vm.vendor"),
                System.getProperty("java.runtime.version"),
                System.getProperty("java.home"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(),
                limits);
    }

    /** A sysctl's value as a number (or text, e.g. kernel.sem); null if unreadable. */
    public static Object sysctl(String name) {
        String v = read("/proc/sys/" + name.replace('.', '/'));
        if (v == null) {
            return null;
        }
        Long n = parseLong(v);
        return n != null ? n : v.replaceAll("\\s+", " ");
    }

    private static List<Integer> safeAllowedCpus() {
        try {
            return Affinity.allowedCpus();
        } catch (RuntimeException | LinkageError e) {
            return List.of();
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }

    /** RLIMIT_MSGQUEUE (soft) in bytes, "unlimited", or null if unreadable. */
    public static Object rlimitMsgqueue() {
        return rlimit("Max msgqueue size");
    }

    private static Object rlimit(String label) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"), StandardCharsets.UTF_8)) {
                if (line.startsWith(label)) {
                    String soft = line.substring(label.length()).trim().split("\\s+")[0];
                    Long n = parseLong(soft);
                    return n != null ? n : soft;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return null;
    }

    /** The size of the tmpfs at /dev/shm, or null when it is not there. */
    public static Long devShmSize() {
        try {
            Path shm = Path.of("/dev/shm");
            if (!Files.isDirectory(shm)) {
                return null;
            }
            FileStore store = Files.getFileStore(shm);
            return store.getTotalSpace();
        } catch (IOException e) {
            return null;
        }
    }

    /** True when {@code /dev/shm} is a tmpfs mount (a bare directory in /dev is not: POSIX shared memory needs the tmpfs). */
    public static boolean devShmMounted() {
        if (!Files.isReadable(Path.of("/proc/self/mounts"))) {
            return Files.isDirectory(Path.of("/dev/shm")); // no /proc: trust the directory
        }
        return mountType("/dev/shm").filter("tmpfs"::equals).isPresent();
    }

    /** The file system type of the last mount on {@code path} (the one in effect), if it is a mount point. */
    private static Optional<String> mountType(String path) {
        try {
            String type = null;
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[1].equals(path)) {
                    type = f[2];
                }
            }
            return Optional.ofNullable(type);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads a small /proc or /sys file in one read call: sysctl files report size 0 and answer
     * only a read at offset 0, so {@code Files.readString} (which reads one byte first) gets "1"
     * out of "1048576".
     */
    public static String read(String path) {
        try (java.io.InputStream in = Files.newInputStream(Path.of(path))) {
            byte[] buf = new byte[64 * 1024];
            int n = in.read(buf);
            return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8).trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
