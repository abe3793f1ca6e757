package io.ipcbench.report;

/** A problem with the report's inputs or output directory that the user can fix: one line, exit 2. */
public final class ReportException extends Exception {
    private static final long serialVersionUID = 1L;

    public ReportException(String message) {
        super(message);
    }
}
