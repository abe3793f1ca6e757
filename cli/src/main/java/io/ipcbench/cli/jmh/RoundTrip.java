package io.ipcbench.cli.jmh;

import io.ipcbench.core.rig.Mode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One verified round trip per operation: the payload goes to the peer, which checks its sequence,
 * echoes it and then verifies every byte; this side verifies every byte of the echo too. SampleTime
 * gives the distribution, AverageTime the mean. Defaults suit a 2-core machine: one fork, one
 * measuring thread (the peer has the other core), 3 x 1 s warm-up, 5 x 1 s measurement.
 */
@State(Scope.Thread)
@BenchmarkMode({org.openjdk.jmh.annotations.Mode.SampleTime, org.openjdk.jmh.annotations.Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RoundTrip extends Channel {
    @Override
    Mode mode() {
        return Mode.RTT;
    }

    @Benchmark
    public long run() throws IOException {
        return session.roundTrip();
    }
}
