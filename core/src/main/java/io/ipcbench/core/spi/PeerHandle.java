package io.ipcbench.core.spi;

/** What a driver endpoint may know about its peer while it connects. */
public interface PeerHandle {
    /** The peer's process id (the driver's own for an in-process peer). */
    long pid();

    boolean isAlive();
}
