package io.ipcbench.core.nat;

import java.util.Locale;
import java.util.Optional;

/**
 * The processor architectures whose system call numbers and struct layouts ipcbench has tables
 * for. A module with native numbers picks them with a {@code switch} over this enum, so a new
 * architecture does not compile until every such module states its own; on an architecture
 * without a table, the transports that need one refuse to run, in one line.
 */
public enum Arch {
    X86_64,
    AARCH64;

    /** {@code os.arch}, unless {@code ipcbench.arch} names another (to test the refusal). */
    static String osArch() {
        return System.getProperty("ipcbench.arch", System.getProperty("os.arch", "unknown"));
    }

    /** The architecture {@code osArch} names, as the JDK spells it. */
    public static Optional<Arch> of(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x86-64" -> Optional.of(X86_64);
            case "aarch64", "arm64" -> Optional.of(AARCH64);
            default -> Optional.empty();
        };
    }

    public static Optional<Arch> current() {
        return of(osArch());
    }

    /** Empty on an architecture with tables, else why a transport with native numbers cannot run here. */
    public static Optional<String> unsupported() {
        return unsupported(osArch());
    }

    static Optional<String> unsupported(String osArch) {
        return of(osArch).isPresent() ? Optional.empty()
                : Optional.of("os.arch " + osArch + " has no table of system call numbers and struct layouts in ipcbench "
                        + "(it has x86-64 and aarch64)");
    }
}
