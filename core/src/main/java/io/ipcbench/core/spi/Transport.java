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
    /** ipcbench's own cap on one frame's payload where the kernel sets none: its buffers are per frame. */
    long FRAME_CAP = 64L << 20;

    /** The CLI name, e.g. {@code pipe}. */
    String name();

    /** One line for {@code ipcbench list}. */
    String description();

    /** The kind of mechanism, which the report ranks by. */
    Family family();

    /** The options it takes; the CLI offers each as a flag and passes its value in {@link LinkOptions}. */
    default List<TransportOption> options() {
        return List.of();
    }

    /** How to recognise what it may leave behind after a kill -9 of both sides (empty: nothing outlives its processes). */
    default List<LeftoverMark> leftoverMarks() {
        return List.of();
    }

    /** JVM flags its peer needs beyond ipcbench's own. */
    default List<String> peerJvmArgs() {
        return List.of();
    }

    /** The wait strategies it implements; the first is the default. */
    Set<WaitStrategy> waitStrategies();

    default WaitStrategy defaultWait() {
        return waitStrategies().iterator().next();
    }

    /** The wait strategies a run measures when none is asked for: the default, and any worth seeing beside it. */
    default List<WaitStrategy> defaultWaits() {
        return List.of(defaultWait());
    }

    /**
     * The largest payload ipcbench can carry over it on this machine, from the kernel's limits
     * (a stream or a fragmenting transport: {@link #FRAME_CAP}).
     */
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
