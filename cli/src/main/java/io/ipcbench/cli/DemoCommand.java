package io.ipcbench.cli;

import io.ipcbench.shm.ShmDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code ipcbench demo}: the classic programs, done safely. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The classic shmget/shmat writer and reader, run as two separate processes.",
        subcommands = {DemoCommand.ShmWrite.class, DemoCommand.ShmRead.class})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return IpcBench.EXIT_USAGE;
    }

    static final class KeyConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                long k = value.startsWith("0x") || value.startsWith("0X") ? Long.parseLong(value.substring(2), 16) : Long.parseLong(value);
                if (k <= 0 || k > 0xFFFFFFFFL) {
                    throw new TypeConversionException("'" + value + "' is not a key from 1 to 0xffffffff (0 is IPC_PRIVATE)");
                }
                return (int) k;
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a key (decimal or 0x hex)");
            }
        }
    }

    @Command(name = "shm-write", mixinStandardHelpOptions = true,
            description = "Create a System V segment for a key (mode 0600) and write TEXT into it, as the textbook writer does.")
    static final class ShmWrite implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--key", paramLabel = "KEY", converter = KeyConverter.class,
                description = "The segment's key, decimal or 0x hex (default: 0x1bde<uid>, printed).")
        Integer key;

        @Option(names = "--size", paramLabel = "SIZE", converter = Units.SizeConverter.class,
                description = "Segment size when it is created (default: 1024).")
        long size = 1024;

        @Parameters(paramLabel = "TEXT", description = "What to write.")
        String text;

        @Override
        public Integer call() throws Exception {
            if (size > Integer.MAX_VALUE) {
                throw new UsageError("--size: at most 2G for the demo");
            }
            ShmDemo.Written w = ShmDemo.write(key != null ? key : ShmDemo.defaultKey(), (int) size, text);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("key:         %s (shmid %d, %s, mode 0600, %d bytes)%n", ShmDemo.hex(w.key()), w.shmid(),
                    w.created() ? "created" : "existing", w.segmentBytes());
            out.printf("attached at: 0x%x%n", w.address());
            out.printf("wrote:       %s%n", w.text());
            out.printf("read it from another process: ipcbench demo shm-read --key %s [--remove]%n", ShmDemo.hex(w.key()));
            return 0;
        }
    }

    @Command(name = "shm-read", mixinStandardHelpOptions = true,
            description = "Attach the System V segment for a key and print the text in it, as the textbook reader does.")
    static final class ShmRead implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--key", paramLabel = "KEY", converter = KeyConverter.class,
                description = "The segment's key (default: 0x1bde<uid>).")
        Integer key;

        @Option(names = "--remove", description = "Remove the segment afterwards (shmctl IPC_RMID).")
        boolean remove;

        @Override
        public Integer call() throws Exception {
            ShmDemo.Read r = ShmDemo.read(key != null ? key : ShmDemo.defaultKey(), remove);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("key:         %s (shmid %d, %d bytes)%n", ShmDemo.hex(r.key()), r.shmid(), r.segmentBytes());
            out.printf("attached at: 0x%x%n", r.address());
            out.printf("data:        %s%n", r.text());
            out.printf("removed:     %s%n", r.removed() ? "yes (IPC_RMID)" : "no (remove with --remove)");
            return 0;
        }
    }
}
