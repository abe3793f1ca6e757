package io.ipcbench.core;

import io.ipcbench.core.spi.LeftoverMark;
import io.ipcbench.core.spi.Transport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The transports on the class path, found with {@link ServiceLoader}. */
public final class Transports {
    private Transports() {
    }

    /** Every transport found, sorted by name. */
    public static List<Transport> all() {
        List<Transport> found = new ArrayList<>();
        ServiceLoader.load(Transport.class, Transports.class.getClassLoader()).forEach(found::add);
        found.sort(Comparator.comparing(Transport::name));
        return found;
    }

    /** What every transport found may leave behind, for {@code clean} and the leak checks. */
    public static List<LeftoverMark> leftoverMarks() {
        return all().stream().flatMap(t -> t.leftoverMarks().stream()).distinct().toList();
    }

    public static Optional<Transport> byName(String name) {
        return all().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The transport called {@code name}; the error lists the ones known. */
    public static Transport require(String name) {
        return byName(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown transport '" + name + "' (known: " + String.join(", ", all().stream().map(Transport::name).toList()) + ")"));
    }
}
