package io.ipcbench.cli;

import io.ipcbench.core.peer.ForkedPeerStarter;
import io.ipcbench.core.testing.LeakSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** kill -9 of the driver, streaming or under load: the peer notices on its own and exits, leaving nothing. */
class DriverDeathTest {
    @TempDir
    Path dir;

    @Test
    void shouldEndThePeerWithinFiveSecondsOfTheDriversDeath() throws Exception {
        LeakSnapshot before = LeakSnapshot.take();
        for (String tw : List.of("pipe:block", "pipe:spin", "shm-sysv:spin", "shm-posix:block", "fifo:block", "fifo:spin",
                "uds:spin", "uds-jdk:block", "mq-posix:block", "mq-sysv:block", "mq-sysv:spin",
                "pipe:block:load", "shm-sysv:spin:load", "mq-posix:block:load", "uds:block:load", "fifo:spin:load")) {
            String[] parts = tw.split(":");
            String transport = parts[0];
            String wait = parts[1];
            boolean load = parts.length > 2;
            List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:-UsePerfData", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    IpcBench.class.getName(), "run", "--transport", transport, "--wait", wait, "--size", "4K", "--duration", "60s",
                    "--repeat", "1", "--out", dir.resolve(transport + wait + load).toString()));
            command.addAll(load ? List.of("--mode", "load", "--rate", "5k") : List.of("--mode", "stream"));
            Process driver = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(dir.resolve(transport + wait + load + ".log").toFile()).start();
            try {
                ProcessHandle peer = awaitPeer(driver, dir.resolve(transport + wait + load + ".log"));
                Thread.sleep(1_000); // measuring by now
                driver.destroyForcibly();
                driver.waitFor(10, TimeUnit.SECONDS);
                long killedAt = System.nanoTime();
                peer.onExit().get(5, TimeUnit.SECONDS);
                assertTrue(System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(5));
            } finally {
                driver.descendants().forEach(ProcessHandle::destroyForcibly);
                driver.destroyForcibly();
            }
        }
        LeakSnapshot.assertNothingNewSince(before);
    }

    private static ProcessHandle awaitPeer(Process driver, Path log) throws InterruptedException, java.io.IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> peer = driver.children()
                    .filter(p -> p.info().commandLine().orElse("").contains(ForkedPeerStarter.MARKER)).findFirst();
            if (peer.isPresent()) {
                return peer.get();
            }
            Thread.sleep(50);
        }
        fail("the driver never started a peer; its children: " + driver.children().map(p -> p.pid() + " "
                + p.info().command().orElse("?") + " " + p.info().commandLine().map(c -> c.length() + " chars").orElse("no command line"))
                .toList() + "; its output: " + java.nio.file.Files.readString(log));
        return null;
    }
}
