package io.ipcbench.core.peer;

import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.PeerGoneException;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The one watch thread of either process: every period it asks whether the other process is
 * alive and whether this side's measuring thread has made progress, and when the other side is
 * gone, or silent for longer than the limit, it reacts once (the driver kills a silent peer; the
 * peer cleans up and halts) and then runs what links asked for with {@link #whenGone}. It is also
 * the {@link Guard} that polling loops check: one volatile read, plus a cheap direct liveness
 * check when the process has one.
 */
public final class Watcher extends Thread implements Guard {
    /** What the watcher does when it finds the other side gone or silent; runs in the watch thread, returns the reason to report. */
    @FunctionalInterface
    public interface Reaction {
        String react(String why);
    }

    private final long periodMillis;
    private final Progress progress;
    private final String other;
    private final BooleanSupplier alive;
    private final BooleanSupplier cheapAlive;
    private final Reaction onGone;
    private final Reaction onSilent;
    private final List<Consumer<String>> whenGone = new CopyOnWriteArrayList<>();
    private volatile long limitNanos;
    private volatile long resetAt;
    private volatile String reason;
    private volatile boolean silent;
    private volatile boolean stopped;

    /**
     * @param name        the thread's name
     * @param other       the other side in messages, e.g. "the peer (pid 12)"
     * @param alive       whether the other process lives (the watch thread asks it every period)
     * @param cheapAlive  the same, cheap enough for every {@link #check()}; null to rely on the watch thread
     * @param onGone      when {@code alive} turns false
     * @param onSilent    when the progress counter has not moved for the limit
     */
    public Watcher(String name, long periodMillis, Progress progress, long limitNanos, String other, BooleanSupplier alive,
                   BooleanSupplier cheapAlive, Reaction onGone, Reaction onSilent) {
        super(name);
        setDaemon(true);
        this.periodMillis = periodMillis;
        this.progress = progress;
        this.limitNanos = limitNanos;
        this.resetAt = System.nanoTime();
        this.other = other;
        this.alive = alive;
        this.cheapAlive = cheapAlive;
        this.onGone = onGone;
        this.onSilent = onSilent;
    }

    /** A new silence limit, counted from now. */
    public void limit(long nanos) {
        limitNanos = nanos;
        resetAt = System.nanoTime();
    }

    public long limitSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(limitNanos);
    }

    /** Whether the other side was found silent past the limit (and reacted to). */
    public boolean silent() {
        return silent;
    }

    /**
     * Runs {@code action} in the watch thread once the other side is found gone or silent, after
     * the reaction: for a link whose blocking call would not notice by itself.
     */
    @Override
    public void whenGone(Consumer<String> action) {
        whenGone.add(action);
    }

    /** Stops watching; nothing more is reacted to. */
    public void halt() {
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
                TimeUnit.MILLISECONDS.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            if (stopped) {
                return;
            }
            if (!alive.getAsBoolean()) {
                trip(other + " is gone", onGone);
                return;
            }
            long now = System.nanoTime();
            long p = progress.read();
            if (p != seen || resetAt != lastReset) {
                seen = p;
                lastReset = resetAt;
                lastChange = now;
            } else if (now - lastChange > limitNanos) {
                silent = true;
                trip("no progress for " + limitSeconds() + " s", onSilent);
                return;
            }
        }
    }

    /** Reacts, runs what links asked for, and only then lets {@link #check()} fail: the reaction may need the time. */
    private void trip(String why, Reaction reaction) {
        String reported = reaction.react(why);
        for (Consumer<String> r : whenGone) {
            r.accept(reported);
        }
        reason = reported;
    }

    @Override
    public void check() throws PeerGoneException {
        String why = reason;
        if (why != null) {
            throw new PeerGoneException(why);
        }
        if (cheapAlive != null && !cheapAlive.getAsBoolean()) {
            throw new PeerGoneException(other + " has exited");
        }
    }

    @Override
    public long timeoutNanos() {
        return limitNanos;
    }
}
