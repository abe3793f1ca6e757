package io.ipcbench.core.spi;

import io.ipcbench.core.Ids;

/**
 * The kind of mechanism a transport uses. The report ranks mechanisms, not bindings: the margin
 * of a verdict is against the best of another family, so two bindings of one socket never count
 * as two mechanisms.
 */
public enum Family {
    SHM("shared memory"),
    PIPE("anonymous pipe"),
    FIFO("named pipe"),
    MQ("message queue"),
    SOCKET("socket"),
    /** A messaging library with its own transport underneath (Aeron, Agrona and the like). */
    LIBRARY("library"),
    /** No IPC at all: the cost of the rig itself. */
    BASELINE("in-process baseline");

    private final String label;

    Family(String label) {
        this.label = label;
    }

    /** The id in results.json and {@code list --json}. */
    public String id() {
        return Ids.id(this);
    }

    /** Words for a reader. */
    public String label() {
        return label;
    }
}
