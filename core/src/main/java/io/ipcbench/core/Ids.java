package io.ipcbench.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Command-line names of enum constants: the constant's name in lower case, parsed the same way everywhere. */
public final class Ids {
    private Ids() {
    }

    public static String id(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** The constant called {@code id}; the error names {@code what} and lists the names allowed. */
    public static <E extends Enum<E>> E of(Class<E> type, String id, String what) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (id(e).equals(wanted)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + id + "' (allowed: "
                + Arrays.stream(type.getEnumConstants()).map(Ids::id).collect(Collectors.joining(", ")) + ")");
    }
}
