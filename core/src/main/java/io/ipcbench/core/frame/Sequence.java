package io.ipcbench.core.frame;

/** Sequence checks with messages that say what went wrong. */
public final class Sequence {
    private Sequence() {
    }

    public static void expect(long expected, long actual) throws VerificationException {
        if (actual == expected) {
            return;
        }
        if (actual > expected) {
            throw new VerificationException("expected message " + expected + ", got " + actual + ": "
                    + (actual - expected) + " message(s) lost or reordered");
        }
        throw new VerificationException("expected message " + expected + ", got " + actual
                + " again: a duplicated or reordered message");
    }
}
