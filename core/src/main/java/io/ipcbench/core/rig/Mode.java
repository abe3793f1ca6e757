package io.ipcbench.core.rig;

import io.ipcbench.core.Ids;

/** What one measurement does. */
public enum Mode {
    /** Closed-loop ping-pong: the peer echoes every message; each round trip is recorded. */
    RTT,
    /** One-way, back to back; the peer verifies every message and reports count, bytes and checksum. */
    STREAM,
    /**
     * Open loop: one-way messages sent on a schedule at a given rate (see {@code io.ipcbench.core.load.Load}); the
     * peer records each one's latency from its intended send time, so a stall counts for every message queued behind it.
     */
    LOAD;

    public String id() {
        return Ids.id(this);
    }

    public static Mode of(String id) {
        return Ids.of(Mode.class, id, "mode");
    }
}
