package io.ipcbench.cli;

import io.ipcbench.core.Transports;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.WaitStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code ipcbench list}: the transports found, their limits, and whether they work here. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the transports found, their limits, and whether they work on this machine.")
final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-10s %-16s %-12s %-26s %s%n", "transport", "waits", "max payload", "status", "what it is");
        for (Transport t : Transports.all()) {
            String waits = t.waitStrategies().stream().map(WaitStrategy::id).collect(Collectors.joining(","));
            String status = t.unavailableReason().map(r -> "unavailable: " + r).orElse("ok");
            out.printf("%-10s %-16s %-12s %-26s %s%n", t.name(), waits, Units.formatSize(t.maxPayloadBytes()), status,
                    t.description());
            t.limits().forEach((k, v) -> out.printf("%-10s   limit %s = %s%n", "", k, v));
        }
        return 0;
    }
}
