package io.ipcbench.core.testing;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The leak check itself must be able to fail. */
class LeakSnapshotTest {
    @Test
    void shouldReportANewDevShmEntryAndAChildProcess() throws Exception {
        LeakSnapshot before = LeakSnapshot.take();
        Path left = Files.createFile(Path.of("/dev/shm", "ipcbench-leak-selftest-" + ProcessHandle.current().pid()));
        try {
            AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> LeakSnapshot.assertNothingNewSince(before));
            assertTrue(e.getMessage().contains(left.getFileName().toString()), e.getMessage());
        } finally {
            Files.delete(left);
        }
        LeakSnapshot.assertNothingNewSince(before);
    }
}
