package io.ipcbench.core.rig;

import io.ipcbench.core.Ids;

/** What one measurement does. */
public enum Mode {
    /** Closed-loop ping-pong: the peer echoes every message; each round trip is recorded. */
    RTT,
    /** One-way, back to back; the peer verifies every message and reports count, bytes and checksum. */
    STREAM;

    public String id() {
        return Ids.id(this);
    }

    public static Mode of(String id) {
        return Ids.of(Mode.class, id, "mode");
    }
}
