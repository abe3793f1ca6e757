package io.ipcbench.core.spi;

import java.util.Objects;

/**
 * How to recognise what a transport may leave in the system when both of its processes die at
 * the wrong moment, so that {@code ipcbench clean}, the tests' leak check and CI can look for it
 * without knowing the transport. Named objects are called {@code <prefix><pid>-<rest>}, with the
 * pid of the process that made them; System V keys carry a mark in their top byte.
 *
 * @param kind   where the object lives
 * @param prefix the start of the name ({@code null} for System V keys)
 * @param keyTop the top byte of the key, shifted into place ({@code 0x1B000000}; 0 for named objects)
 */
public record LeftoverMark(Kind kind, String prefix, int keyTop) {
    /** How every name ipcbench gives starts. */
    public static final String NAME_PREFIX = "ipcbench-";

    /** Where an object lives. */
    public enum Kind {
        SYSV_SEGMENT("System V segment", "/proc/sysvipc/shm"),
        SYSV_QUEUE("System V message queue", "/proc/sysvipc/msg"),
        POSIX_SHM("POSIX shared memory", "/dev/shm"),
        POSIX_QUEUE("POSIX message queue", "/dev/mqueue"),
        /** A directory in {@code java.io.tmpdir}. */
        TEMP_DIR("FIFO/socket directory", null);

        private final String label;
        private final String where;

        Kind(String label, String where) {
            this.label = label;
            this.where = where;
        }

        public String label() {
            return label;
        }

        /** The table or directory to look in; {@code null} for the temp directory. */
        public String where() {
            return where;
        }

        public boolean sysv() {
            return this == SYSV_SEGMENT || this == SYSV_QUEUE;
        }
    }

    public LeftoverMark {
        Objects.requireNonNull(kind, "kind");
        if (kind.sysv() != (prefix == null)) {
            throw new IllegalArgumentException(kind + ": System V objects have a key mark, named ones a prefix");
        }
        if (kind.sysv() && (keyTop == 0 || (keyTop & 0x00FFFFFF) != 0)) {
            throw new IllegalArgumentException(kind + ": the key mark is one top byte, got " + Integer.toHexString(keyTop));
        }
    }

    public static LeftoverMark sysvSegment(int keyTop) {
        return new LeftoverMark(Kind.SYSV_SEGMENT, null, keyTop);
    }

    public static LeftoverMark sysvQueue(int keyTop) {
        return new LeftoverMark(Kind.SYSV_QUEUE, null, keyTop);
    }

    /** {@code /dev/shm/<prefix><pid>-...}. */
    public static LeftoverMark posixShm(String prefix) {
        return new LeftoverMark(Kind.POSIX_SHM, prefix, 0);
    }

    /** {@code /dev/mqueue/<prefix><pid>-...}. */
    public static LeftoverMark posixQueue(String prefix) {
        return new LeftoverMark(Kind.POSIX_QUEUE, prefix, 0);
    }

    /** {@code <tmpdir>/<prefix><pid>-...}. */
    public static LeftoverMark tempDir(String prefix) {
        return new LeftoverMark(Kind.TEMP_DIR, prefix, 0);
    }

    /** A shell glob of the names, for people and scripts ({@code ipcbench-fifo-*}); the key in hex for System V. */
    public String glob() {
        return kind.sysv() ? String.format("0x%02x??????", keyTop >>> 24) : prefix + "*";
    }
}
