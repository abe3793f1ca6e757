package io.ipcbench.core.rig;

import io.ipcbench.core.peer.PeerProcess;
import io.ipcbench.core.peer.Progress;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.PeerGoneException;

import java.util.concurrent.TimeUnit;

/**
 * The driver's bound on every wait. It watches the progress counter of the measuring thread and
 * kills the peer when nothing has moved for the limit, which turns any blocking call on the
 * driver's side into end-of-stream or EPIPE. It is also the {@link Guard} that polling loops check.
 */
final class Watchdog extends Thread implements Guard {
    private static final long POLL_MS = 50;

    private final PeerProcess peer;
    private final Progress progress;
    private volatile long limitNanos;
    private volatile long resetAt;
    private volatile boolean tripped;
    private volatile boolean stopped;

    Watchdog(PeerProcess peer, Progress progress, long limitNanos) {
        super("ipcbench-watchdog");
        setDaemon(true);
        this.peer = peer;
        this.progress = progress;
        this.limitNanos = limitNanos;
        this.resetAt = System.nanoTime();
    }

    /** A new limit, counted from now. */
    void limit(long nanos) {
        limitNanos = nanos;
        resetAt = System.nanoTime();
    }

    boolean tripped() {
        return tripped;
    }

    long limitSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(limitNanos);
    }

    void halt() {
        stopped = true;
        interrupt();
    }

    @Override
    public void run() {
        long seen = progress.read();
        long lastChange = System.nanoTime();
        long lastReset = resetAt;
        while (!stopped) {
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            long p = progress.read();
            if (p != seen || resetAt != lastReset) {
                seen = p;
                lastReset = resetAt;
                lastChange = now;
            } else if (now - lastChange > limitNanos && !stopped) {
                tripped = true;
                peer.kill();
                return;
            }
        }
    }

    @Override
    public void check() throws PeerGoneException {
        if (tripped) {
            throw new PeerGoneException("no progress for " + limitSeconds() + " s: the peer was killed");
        }
        if (!peer.isAlive()) {
            throw new PeerGoneException("the peer (pid " + peer.pid() + ") has exited");
        }
    }

    @Override
    public long timeoutNanos() {
        return limitNanos;
    }
}
