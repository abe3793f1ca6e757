package io.ipcbench.cli;

/** A user mistake: reported as one line, exit code 2, no stack trace. */
final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
        super(message);
    }
}
