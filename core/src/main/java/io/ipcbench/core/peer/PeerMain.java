package io.ipcbench.core.peer;

import io.ipcbench.core.Closer;
import io.ipcbench.core.Transports;
import io.ipcbench.core.frame.VerificationException;
import io.ipcbench.core.nat.Affinity;
import io.ipcbench.core.nat.Posix;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.PeerGoneException;
import io.ipcbench.core.spi.Transport;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * The forked peer JVM (after JMH's {@code ForkedMain}): gets its options on the command line,
 * attaches, says READY over the link, serves {@link PeerLoop}, and exits non-zero with one line
 * on stderr (the driver's log file) on failure. It never outlives the driver: its {@link Watcher}
 * halts the JVM when the driver process is gone or silent for twice the timeout.
 *
 * <p>Exit codes: 0 done, 1 error, 2 verification failed, 3 driver gone, 4 driver silent.
 */
public final class PeerMain {
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_VERIFICATION = 2;
    public static final int EXIT_DRIVER_GONE = 3;
    public static final int EXIT_DRIVER_SILENT = 4;

    private PeerMain() {
    }

    public static void main(String[] argv) {
        // stdout may be a data channel (the pipe transport): nothing may print to it
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        System.setOut(err);
        PeerArgs args;
        try {
            args = PeerArgs.parse(argv);
        } catch (RuntimeException e) {
            err.println("ipcbench-peer: error: " + e.getMessage());
            Runtime.getRuntime().halt(EXIT_ERROR);
            return;
        }
        Progress progress = new Progress();
        long driverPid = args.driverPid();
        long silence = 2 * args.timeoutNanos();
        Cleanup cleanup = new Cleanup(() -> Transports.require(args.transport()).abandoned(args.peerSpec()), driverPid, err);
        // the peer never outlives the driver: gone or silent, it halts (getppid is a system call: too dear for every check of a spinning wait)
        Watcher watch = new Watcher("ipcbench-driver-watch", 100, progress, silence, "the driver (pid " + driverPid + ")",
                () -> driverAlive(driverPid), null,
                why -> {
                    err.println("ipcbench-peer: the driver (pid " + driverPid + ") is gone; exiting");
                    cleanup.run();
                    Runtime.getRuntime().halt(EXIT_DRIVER_GONE);
                    return why;
                },
                why -> {
                    err.println("ipcbench-peer: no message from the driver for " + TimeUnit.NANOSECONDS.toSeconds(silence) + " s; exiting");
                    Runtime.getRuntime().halt(EXIT_DRIVER_SILENT);
                    return why;
                });
        watch.start();
        int code = run(args, progress, watch, err);
        if (code == EXIT_DRIVER_GONE) {
            cleanup.runIfDriverGone(); // the watch thread may not have noticed yet: do not halt before it is done
        }
        err.flush();
        Runtime.getRuntime().halt(code);
    }

    private static int run(PeerArgs args, Progress progress, Guard guard, PrintStream err) {
        try {
            if (args.cpu() >= 0) {
                Affinity.pinCurrentThread(args.cpu());
            }
            Transport transport = Transports.require(args.transport());
            LinkOptions options = new LinkOptions(args.waitStrategy(), args.maxFrameBytes(), args.timeoutNanos(), args.options());
            try (Link link = transport.attach(args.peerSpec(), options, guard)) {
                new PeerLoop(link, args.mode(), args.payloadBytes(), Posix.RUSAGE_SELF, progress).run();
            }
            return 0;
        } catch (VerificationException e) {
            err.println("ipcbench-peer: verification failed: " + e.getMessage());
            return EXIT_VERIFICATION;
        } catch (PeerGoneException e) {
            err.println("ipcbench-peer: driver gone: " + e.getMessage());
            return EXIT_DRIVER_GONE;
        } catch (Exception | LinkageError e) {
            err.println("ipcbench-peer: error: " + e);
            e.printStackTrace(err);
            return EXIT_ERROR;
        }
    }

    /** Removes the names the driver could not remove before it died; idempotent, at most once at a time. */
    private record Cleanup(Closer.Step step, long driverPid, PrintStream err) {
        synchronized void run() {
            try {
                step.run();
            } catch (IOException | RuntimeException | LinkageError e) {
                err.println("ipcbench-peer: cleanup after the driver's death failed: " + e);
            }
        }

        /** For the measuring thread, before it halts the JVM: clean up if the driver is gone. */
        void runIfDriverGone() {
            if (!driverAlive(driverPid)) {
                run();
            }
        }
    }

    /** The driver forked this peer: once it dies, the peer is re-parented and its parent pid changes. */
    private static boolean driverAlive(long driverPid) {
        return Posix.parentPid() == driverPid;
    }
}
