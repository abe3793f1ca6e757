package io.ipcbench.cli;

import io.ipcbench.core.Transports;
import io.ipcbench.core.peer.ForkedPeerStarter;
import io.ipcbench.core.result.ResultsFile;
import io.ipcbench.core.spi.LeftoverMark;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.TransportOption;
import io.ipcbench.core.spi.WaitStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code ipcbench list [--json]}: the transports found, what each is, takes and leaves, and whether it works here. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the transports found: family, waits, largest payload, options, the kernel limits that shape them, "
                + "and whether they work on this machine. --json adds what each may leave behind and its peer's JVM flags.")
final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print everything as JSON, for scripts (CI reads the names and leftover marks from it).")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(ResultsFile.json().writerWithDefaultPrettyPrinter().writeValueAsString(document()));
            return 0;
        }
        out.printf("%-10s %-8s %-18s %-12s %-26s %s%n", "transport", "family", "waits", "max payload", "status", "what it is");
        for (Transport t : Transports.all()) {
            String waits = t.waitStrategies().stream().map(WaitStrategy::id).collect(Collectors.joining(","));
            String status = t.unavailableReason().map(r -> "unavailable: " + r).orElse("ok");
            out.printf("%-10s %-8s %-18s %-12s %-26s %s%n", t.name(), t.family().id(), waits, Units.formatSize(t.maxPayloadBytes()),
                    status, t.description());
            for (TransportOption o : t.options()) {
                out.printf("%-10s   option %s %s: %s (default: %s)%n", "", o.flag(), valueLabel(o), o.help(), o.defaultText());
            }
            t.limits().forEach((k, v) -> out.printf("%-10s   limit %s = %s%n", "", k, v));
        }
        return 0;
    }

    private static String valueLabel(TransportOption o) {
        return o.type() == TransportOption.Type.SIZE ? "SIZE" : String.join("|", o.choices());
    }

    private static Map<String, Object> document() {
        List<Object> transports = new ArrayList<>();
        for (Transport t : Transports.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("family", t.family().id());
            m.put("description", t.description());
            m.put("waits", t.waitStrategies().stream().map(WaitStrategy::id).toList());
            m.put("defaultWaits", t.defaultWaits().stream().map(WaitStrategy::id).toList());
            m.put("maxPayloadBytes", t.maxPayloadBytes());
            m.put("available", t.unavailableReason().isEmpty());
            m.put("unavailableReason", t.unavailableReason().orElse(null));
            m.put("options", t.options().stream().map(ListCommand::option).toList());
            m.put("leftovers", t.leftoverMarks().stream().map(ListCommand::mark).toList());
            m.put("peerJvmArgs", t.peerJvmArgs());
            m.put("limits", t.limits());
            transports.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("transports", transports);
        doc.put("peerJvmArgs", ForkedPeerStarter.DEFAULT_JVM_ARGS);
        return doc;
    }

    private static Map<String, Object> option(TransportOption o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("flag", o.flag());
        m.put("key", o.key());
        m.put("type", o.type().name().toLowerCase(java.util.Locale.ROOT));
        if (o.type() == TransportOption.Type.SIZE) {
            m.put("min", o.min());
            m.put("max", o.max());
        } else {
            m.put("choices", o.choices());
        }
        m.put("default", o.defaultText());
        m.put("help", o.help());
        return m;
    }

    private static Map<String, Object> mark(LeftoverMark l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", l.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        m.put("where", l.kind().where() == null ? System.getProperty("java.io.tmpdir") : l.kind().where());
        m.put("glob", l.glob());
        return m;
    }
}
