package io.ipcbench.core.spi;

import java.io.IOException;

/** The other process died, closed its end, or stalled past the timeout. */
public class PeerGoneException extends IOException {
    private static final long serialVersionUID = 1L;

    public PeerGoneException(String message) {
        super(message);
    }

    public PeerGoneException(String message, Throwable cause) {
        super(message, cause);
    }
}
