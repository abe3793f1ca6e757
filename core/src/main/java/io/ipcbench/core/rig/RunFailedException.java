package io.ipcbench.core.rig;

import java.io.IOException;

/** A case could not be measured: the message says which case, what happened and what the peer said. */
public class RunFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public RunFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
