package io.ipcbench.cli;

import io.ipcbench.core.Transports;
import io.ipcbench.core.env.Leftovers;
import io.ipcbench.core.io.PrivateDir;
import io.ipcbench.core.spi.LeftoverMark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ipcbench clean [--yes]}: lists, and with --yes removes, IPC objects ipcbench left behind. */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "List the IPC objects ipcbench created whose creator is gone, by the marks each transport declares "
                + "('ipcbench list --json'); --yes removes them. Objects of other users or programs are never touched.")
final class CleanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--yes", description = "Remove what is listed.")
    boolean yes;

    @Option(names = "--min-age", paramLabel = "DURATION", converter = Units.DurationConverter.class,
            description = "Leave System V queues younger than this alone: a run that is starting may own them (default: 30s).")
    Long minAgeNanos;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Duration minAge = Duration.ofNanos(minAgeNanos == null ? Duration.ofSeconds(30).toNanos() : minAgeNanos);
        List<LeftoverMark> marks = new ArrayList<>(Transports.leftoverMarks());
        marks.add(PrivateDir.mark(HostSignature.DIR_KIND)); // env's probe directory, should a kill -9 catch it
        List<Leftovers.Leftover> found = Leftovers.find(marks, Path.of(System.getProperty("java.io.tmpdir")), minAge);
        if (found.isEmpty()) {
            out.println("nothing left behind by ipcbench");
            return 0;
        }
        int failed = 0;
        for (Leftovers.Leftover l : found) {
            String status = "";
            if (yes) {
                try {
                    l.remover().remove();
                    status = "  removed";
                } catch (IOException | RuntimeException e) {
                    status = "  NOT removed: " + e.getMessage();
                    failed++;
                }
            }
            out.printf("%-24s %-60s %s%s%n", l.kind(), l.name(), l.creator(), status);
        }
        if (!yes) {
            out.println(found.size() + " object(s); run 'ipcbench clean --yes' to remove them");
        }
        return failed == 0 ? 0 : IpcBench.EXIT_FAILED;
    }
}
