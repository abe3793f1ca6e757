package io.ipcbench.core.spi;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One IPC mechanism. Implementations are small final classes in the {@code *-bench} modules,
 * found with {@link java.util.ServiceLoader}: a new transport is a new class plus one line in
 * {@code META-INF/services/io.ipcbench.core.spi.Transport}. The rig never knows which one it drives.
 *
 * <pre>
 *   driver                                   peer JVM
 *   create(options) -> DriverEndpoint
 *   preparePeer(ProcessBuilder), fork ---->  attach(peerSpec, options, guard) -> Link
 *   connect(peer, guard) -> Link  <=======>  Link
 * </pre>
 */
public interface Transport {
    /** The CLI name, e.g. {@code pipe}. */
    String name();

    /** One line for {@code ipcbench list}. */
    String description();

    /** The wait strategies it implements; the first is the default. */
    Set<WaitStrategy> waitStrategies();

    default WaitStrategy defaultWait() {
        return waitStrategies().iterator().next();
    }

    /** The wait strategies a run measures when none is asked for: the default, and any worth seeing beside it. */
    default List<WaitStrategy> defaultWaits() {
        return List.of(defaultWait());
    }

    /** The largest payload ipcbench can carry over it on this machine, from the kernel's limits. */
    long maxPayloadBytes();

    /** Empty when it works on this machine, else why not. */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }

    /** The limits that shape its results, for {@code list} and the results file. */
    default Map<String, Object> limits() {
        return Map.of();
    }

    /** Checks transport-specific options early, so bad input is refused before anything runs. */
    default void validate(LinkOptions options) {
    }

    /** Driver side: creates the kernel objects. */
    DriverEndpoint create(LinkOptions options) throws IOException;

    /** Peer side: attaches to what the driver created. */
    Link attach(String peerSpec, LinkOptions options, Guard guard) throws IOException;

    /**
     * Peer side, when the driver died (kill -9) and the peer is about to exit: removes whatever
     * names the driver created for {@code peerSpec} and could not remove itself, so that a driver
     * killed before both sides were attached leaves nothing behind. Must be idempotent and must
     * touch nothing but the objects {@code peerSpec} names.
     */
    default void abandoned(String peerSpec) throws IOException {
    }
}
