package io.ipcbench.mq;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Mounts the mqueue file system at /dev/mqueue when it is absent, so that the leak check can see
 * POSIX queues (the kernel keeps them whether or not it is mounted; the mount only shows them).
 */
final class MqueueMount {
    private static final Path DIR = Path.of("/dev/mqueue");

    private MqueueMount() {
    }

    static synchronized void ensure() throws IOException, InterruptedException {
        if (mounted()) {
            return;
        }
        Files.createDirectories(DIR);
        Process p = new ProcessBuilder("mount", "-t", "mqueue", "none", DIR.toString()).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || !mounted()) {
            throw new IOException("cannot mount the mqueue file system at /dev/mqueue (needs root): the leak check "
                    + "would not see POSIX queues");
        }
    }

    private static boolean mounted() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .anyMatch(l -> l.split(" ").length > 2 && l.split(" ")[1].equals(DIR.toString()));
    }
}
