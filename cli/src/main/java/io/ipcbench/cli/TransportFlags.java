package io.ipcbench.cli;

import io.ipcbench.core.Transports;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.TransportOption;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transports' own options as command-line flags, made from their descriptors with picocli's
 * programmatic API: a transport with a new option needs no change here. A flag that several
 * transports share (a pipe's buffer size) appears once.
 */
final class TransportFlags {
    private TransportFlags() {
    }

    /** Every transport's options, one per flag, with the transports that take it. */
    static Map<TransportOption, List<String>> all() {
        Map<String, TransportOption> byFlag = new LinkedHashMap<>();
        Map<TransportOption, List<String>> takers = new LinkedHashMap<>();
        for (Transport t : Transports.all()) {
            for (TransportOption o : t.options()) {
                TransportOption known = byFlag.putIfAbsent(o.flag(), o);
                if (known != null && !known.key().equals(o.key())) {
                    throw new IllegalStateException(o.flag() + " is claimed by two transports for different options ("
                            + known.key() + ", " + o.key() + ")");
                }
                takers.computeIfAbsent(known == null ? o : known, k -> new ArrayList<>()).add(t.name());
            }
        }
        return takers;
    }

    /** Adds every transport option to {@code spec} as a flag. */
    static void addTo(CommandSpec spec) {
        all().forEach((o, takers) -> {
            OptionSpec.Builder b = OptionSpec.builder(o.flag())
                    .description(String.join(", ", takers) + ": " + o.help() + " (default: " + o.defaultText() + ").");
            if (o.type() == TransportOption.Type.SIZE) {
                b.type(Long.class).converters(new Units.SizeConverter()).paramLabel("SIZE");
            } else {
                b.type(String.class).paramLabel(String.join("|", o.choices()));
            }
            spec.addOption(b.build());
        });
    }

    /** The transport options given on the command line, checked, by key; errors name the flag. */
    static Map<String, String> values(CommandSpec spec) {
        Map<String, String> values = new LinkedHashMap<>();
        if (spec == null) {
            return values;
        }
        for (TransportOption o : all().keySet()) {
            OptionSpec given = spec.findOption(o.flag());
            if (given == null || given.originalStringValues().isEmpty()) {
                continue;
            }
            Object v = given.getValue();
            try {
                values.put(o.key(), o.type() == TransportOption.Type.SIZE ? o.accept((Long) v) : o.accept((String) v));
            } catch (IllegalArgumentException e) {
                throw new UsageError(e.getMessage());
            }
        }
        return values;
    }
}
