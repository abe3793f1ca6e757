package io.ipcbench.report;

import java.nio.file.Path;

/** The committed fixture: a real quick run of every transport on the development machine (results.json + histogram logs). */
final class Fixtures {
    static final Path RUN = Path.of("src/test/resources/fixtures/quick-all");

    private Fixtures() {
    }
}
