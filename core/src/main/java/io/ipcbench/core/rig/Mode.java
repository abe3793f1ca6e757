package io.ipcbench.core.rig;

import java.util.Locale;

/** What one measurement does. */
public enum Mode {
    /** Closed-loop ping-pong: the peer echoes every message; each round trip is recorded. */
    RTT,
    /** One-way, back to back; the peer verifies every message and reports count, bytes and checksum. */
    STREAM;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Mode of(String id) {
        for (Mode m : values()) {
            if (m.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + id + "' (allowed: rtt, stream)");
    }
}
