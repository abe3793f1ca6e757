package io.ipcbench.cli.jmh;

import io.ipcbench.core.rig.Mode;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One-way messages, back to back: the score is messages/s, the secondary metric
 * {@code payloadBytes} is payload bytes/s (JMH labels its unit "ops/s"). The peer verifies every
 * byte; after each iteration, outside the timed part, a sync waits until it has, so an iteration
 * never starts with the last one's backlog. The sends still in the kernel's buffer when an
 * iteration ends (at most one buffer, e.g. 64 KiB of a pipe) are counted in it: against a 1 s
 * iteration that is well under 1%.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Stream extends Channel {
    /** Payload bytes sent, as a per-second rate next to the score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long payloadBytes;

        @Setup(Level.Iteration)
        public void reset() {
            payloadBytes = 0;
        }
    }

    @Override
    Mode mode() {
        return Mode.STREAM;
    }

    @Benchmark
    public void run(Bytes bytes) throws IOException {
        session.send();
        bytes.payloadBytes += size;
    }

    @TearDown(Level.Iteration)
    public void drain() throws IOException {
        session.sync(false);
    }
}
