package io.ipcbench.cli.jmh;

import io.ipcbench.core.Transports;
import io.ipcbench.core.inproc.InProcessTransport;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.WaitStrategy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmarks share with {@code ipcbench jmh}: which transports exist, which parameter
 * combinations are valid, and the settings passed to JMH's forks as system properties.
 */
public final class JmhSuite {
    /** The {@code transport} parameter's default: every transport that works on this machine, plus the baseline. */
    public static final String ALL = "all";
    /** Where forks write peer logs (a directory; created when a peer starts). */
    public static final String PEER_LOGS_PROPERTY = "ipcbench.jmh.peerLogs";
    /** The longest silence allowed from a peer, in milliseconds. */
    public static final String TIMEOUT_PROPERTY = "ipcbench.jmh.timeoutMs";
    public static final long DEFAULT_TIMEOUT_MS = 10_000;

    private JmhSuite() {
    }

    /** Every transport that works here (those that do not are left out, as {@code ipcbench run} does), then the in-process baseline. */
    public static List<Transport> transports() {
        List<Transport> all = new ArrayList<>();
        for (Transport t : Transports.all()) {
            if (t.unavailableReason().isEmpty()) {
                all.add(t);
            }
        }
        all.add(new InProcessTransport());
        return all;
    }

    public static Transport transport(String name) {
        if (name.equals(ALL)) {
            throw new IllegalArgumentException("transport=" + ALL + " is expanded by 'ipcbench jmh'; run the suite through it"
                    + " or pass -p transport=NAME");
        }
        if (name.equals(InProcessTransport.NAME)) {
            return new InProcessTransport();
        }
        List<String> known = new ArrayList<>();
        for (Transport t : transports()) {
            if (t.name().equals(name)) {
                return t;
            }
            known.add(t.name());
        }
        throw new IllegalArgumentException("unknown transport '" + name + "' (known: " + String.join(", ", known) + ")");
    }

    /** Refuses a wait the transport lacks or a payload above its limit, naming both. */
    public static void check(Transport t, WaitStrategy wait, long size) {
        if (!t.waitStrategies().contains(wait)) {
            throw new IllegalArgumentException(t.name() + " has no wait '" + wait.id() + "' (it has "
                    + String.join(", ", t.waitStrategies().stream().map(WaitStrategy::id).toList()) + ")");
        }
        if (size < 1 || size > t.maxPayloadBytes()) {
            throw new IllegalArgumentException("size " + size + " B: " + t.name() + " carries 1 to " + t.maxPayloadBytes()
                    + " B on this machine");
        }
    }

    public static Path peerLogDir() {
        return Path.of(System.getProperty(PEER_LOGS_PROPERTY, "ipcbench-results/jmh-peers"));
    }

    public static long timeoutNanos() {
        return TimeUnit.MILLISECONDS.toNanos(Long.getLong(TIMEOUT_PROPERTY, DEFAULT_TIMEOUT_MS));
    }
}
