package io.ipcbench.core;

import java.io.IOException;

/**
 * Closes composites (after agrona's {@code CloseHelper.closeAll}): runs every step even after one
 * fails, and throws the first failure with the later ones suppressed, so none is lost.
 */
public final class Closer {
    /** One release step. */
    @FunctionalInterface
    public interface Step {
        void run() throws IOException;
    }

    private Closer() {
    }

    public static void all(Step... steps) throws IOException {
        IOException failure = null;
        for (Step step : steps) {
            try {
                step.run();
            } catch (IOException | RuntimeException e) {
                IOException io = e instanceof IOException x ? x : new IOException(e);
                if (failure == null) {
                    failure = io;
                } else {
                    failure.addSuppressed(io);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
