package io.ipcbench.cli;

import io.ipcbench.core.rig.RunFailedException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code ipcbench}: with no subcommand it runs the default benchmark. */
@Command(name = "ipcbench", mixinStandardHelpOptions = true, versionProvider = IpcBench.Version.class,
        description = "Verified benchmarks of Linux IPC mechanisms between two JVMs.%n"
                + "With no command, runs the default benchmark ('ipcbench run' with its defaults).",
        subcommands = {RunCommand.class, ReportCommand.class, CompareCommand.class, AbCommand.class, AbWorkerCommand.class, HistoryCommand.class, ExportCommand.class, JmhCommand.class, ListCommand.class, CleanCommand.class, EnvCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class IpcBench implements Callable<Integer> {
    public static final String VERSION = "0.1.0";
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    @Override
    public Integer call() throws Exception {
        return new RunCommand().call();
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // charts are drawn off screen, never in a window
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new IpcBench());
        TransportFlags.addTo(cmd.getSubcommands().get("run").getCommandSpec());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((e, a) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            err.println(command + ": error: " + e.getMessage() + " (see '" + command + " --help')");
            return EXIT_USAGE;
        });
        cmd.setExecutionExceptionHandler((e, c, parsed) -> {
            String command = c.getCommandSpec().qualifiedName();
            if (e instanceof UsageError || e instanceof IllegalArgumentException) {
                err.println(command + ": error: " + e.getMessage());
                return EXIT_USAGE;
            }
            if (e instanceof RunFailedException) {
                err.println(command + ": failed: " + e.getMessage());
                return EXIT_FAILED;
            }
            err.println(command + ": failed: " + e);
            if (System.getenv("IPCBENCH_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return EXIT_FAILED;
        });
        return cmd.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ipcbench " + VERSION + " (Java " + System.getProperty("java.runtime.version") + ")"};
        }
    }
}
