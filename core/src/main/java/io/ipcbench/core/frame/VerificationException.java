package io.ipcbench.core.frame;

import java.io.IOException;

/** A message arrived wrong: corrupted, lost, duplicated, reordered, stale or torn. Says expected vs actual. */
public class VerificationException extends IOException {
    private static final long serialVersionUID = 1L;

    public VerificationException(String message) {
        super(message);
    }
}
