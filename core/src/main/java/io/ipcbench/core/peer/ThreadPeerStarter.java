package io.ipcbench.core.peer;

import io.ipcbench.core.frame.VerificationException;
import io.ipcbench.core.nat.Posix;
import io.ipcbench.core.spi.DriverEndpoint;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.Transport;

import java.nio.file.Path;
import java.util.OptionalInt;

/** Runs the peer's loop in a thread of this JVM: for transports whose two sides must share one process (the in-process baseline, the tests' in-memory transport). */
public final class ThreadPeerStarter implements PeerStarter {
    @Override
    public PeerProcess start(Transport transport, DriverEndpoint endpoint, PeerArgs args, Path logFile) {
        ThreadPeer peer = new ThreadPeer();
        peer.thread = new Thread(() -> {
            LinkOptions options = new LinkOptions(args.waitStrategy(), args.maxFrameBytes(), args.timeoutNanos(), args.options());
            try (Link link = transport.attach(args.peerSpec(), options, Guard.NONE)) {
                peer.link = link;
                new PeerLoop(link, args.mode(), args.payloadBytes(), Posix.RUSAGE_THREAD, new Progress()).run();
                peer.exitCode = 0;
            } catch (VerificationException e) {
                peer.failure = "ipcbench-peer: verification failed: " + e.getMessage();
                peer.exitCode = 2;
            } catch (Exception e) {
                peer.failure = "ipcbench-peer: error: " + e;
                peer.exitCode = 1;
            }
        }, "thread-peer");
        peer.thread.setDaemon(true);
        peer.thread.start();
        return peer;
    }

    private static final class ThreadPeer implements PeerProcess {
        Thread thread;
        volatile Link link;
        volatile int exitCode = -1;
        volatile String failure = "";

        @Override
        public long pid() {
            return ProcessHandle.current().pid();
        }

        @Override
        public boolean isAlive() {
            return thread.isAlive();
        }

        @Override
        public void kill() {
            thread.interrupt();
        }

        @Override
        public OptionalInt awaitExit(long timeoutMillis) throws InterruptedException {
            thread.join(Math.max(1, timeoutMillis));
            return thread.isAlive() ? OptionalInt.empty() : OptionalInt.of(exitCode);
        }

        @Override
        public String lastWords() {
            return failure;
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }
}
