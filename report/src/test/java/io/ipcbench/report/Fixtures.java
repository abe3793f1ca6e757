package io.ipcbench.report;

import java.nio.file.Path;

/** The committed fixture: a real quick run of every transport on the development machine (results.json + histogram logs). */
final class Fixtures {
    static final Path RUN = Path.of("src/test/resources/fixtures/quick-all");
    /**
     * A real quick interleaved run with host probes and work counters per repetition (pipe, fifo,
     * shm-sysv spin and block, mq-posix at 64 B and 4 KiB); {@link #RUN} predates them and stays to
     * prove older results still read.
     */
    static final Path PROBED = Path.of("src/test/resources/fixtures/quick-probed");

    private Fixtures() {
    }
}
