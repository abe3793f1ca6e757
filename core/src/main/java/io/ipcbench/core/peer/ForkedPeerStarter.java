package io.ipcbench.core.peer;

import io.ipcbench.core.spi.DriverEndpoint;
import io.ipcbench.core.spi.Transport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Forks the peer: the same {@code java}, the same class path, {@link PeerMain}. Its stdout and
 * stderr go to a log file in the run directory (unless the transport takes its stdio), so its
 * output is never lost. Extra JVM flags for the peer come from the transport
 * ({@link Transport#peerJvmArgs()}) and the system property {@code ipcbench.peer.jvmArgs} (space-separated).
 */
public final class ForkedPeerStarter implements PeerStarter {
    /**
     * The first argument of every peer, so that ps, pgrep and ProcessHandle (which sees only the
     * first 4096 bytes of a command line, less than a long class path) can tell a peer.
     */
    public static final String MARKER = "-Dipcbench.role=peer";

    /**
     * Fewer threads, no hsperfdata file that a kill -9 would leave in /tmp, and native access for
     * JNA without the warnings JDK 24+ prints (JDK 17 accepts the flag too).
     */
    public static final List<String> DEFAULT_JVM_ARGS = List.of(
            MARKER, "-XX:+UseSerialGC", "-Xms64m", "-Xmx512m", "-XX:-UsePerfData", "-Djava.awt.headless=true",
            "--enable-native-access=ALL-UNNAMED");

    @Override
    public PeerProcess start(Transport transport, DriverEndpoint endpoint, PeerArgs args, Path logFile) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(DEFAULT_JVM_ARGS);
        command.addAll(transport.peerJvmArgs());
        String extra = System.getProperty("ipcbench.peer.jvmArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(Arrays.asList(extra.split("\\s+")));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PeerMain.class.getName());
        command.addAll(args.toArgs());

        Files.createDirectories(logFile.toAbsolutePath().getParent());
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        endpoint.preparePeer(pb);
        return new Forked(pb.start(), logFile);
    }

    private static final class Forked implements PeerProcess {
        private final Process process;
        private final Path log;

        Forked(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public void kill() {
            process.destroyForcibly();
        }

        @Override
        public OptionalInt awaitExit(long timeoutMillis) throws InterruptedException {
            return process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
        }

        @Override
        public String lastWords() {
            try {
                if (!Files.exists(log)) {
                    return "";
                }
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                        .filter(l -> !l.isBlank()).toList();
                // the peer's own one-line verdict, else the tail
                for (String l : lines) {
                    if (l.startsWith("ipcbench-peer:")) {
                        return l;
                    }
                }
                return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
            } catch (IOException e) {
                return "(peer log " + log + " unreadable: " + e.getMessage() + ")";
            }
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
