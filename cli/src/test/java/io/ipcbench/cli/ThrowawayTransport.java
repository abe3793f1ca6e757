package io.ipcbench.cli;

import io.ipcbench.core.spi.DriverEndpoint;
import io.ipcbench.core.spi.Family;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.TransportOption;
import io.ipcbench.core.spi.WaitStrategy;
import io.ipcbench.pipe.PipeBuffer;
import io.ipcbench.pipe.PipeTransport;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A transport a user might add, with one option of its own: real anonymous pipes (it hands its
 * option to the pipe transport as the buffer size). It exists to show that a new transport with
 * an option is one class plus one services line: the CLI offers the flag, {@code list} shows it,
 * {@code run} accepts it and refuses a bad value by the flag's name. Registered only by the test
 * that forks the CLI with it on the class path.
 */
public final class ThrowawayTransport implements Transport {
    static final TransportOption BUFFER = TransportOption.size("throwaway.buffer", "--throwaway-buffer", 4096, 1 << 20,
            "64K", "the pipe buffer of the throwaway transport");
    private final PipeTransport pipe = new PipeTransport();

    @Override
    public String name() {
        return "throwaway";
    }

    @Override
    public String description() {
        return "a test's own transport: anonymous pipes with a buffer option of its own";
    }

    @Override
    public Family family() {
        return Family.PIPE;
    }

    @Override
    public List<TransportOption> options() {
        return List.of(BUFFER);
    }

    @Override
    public Set<WaitStrategy> waitStrategies() {
        return Set.of(WaitStrategy.BLOCK);
    }

    @Override
    public long maxPayloadBytes() {
        return pipe.maxPayloadBytes();
    }

    @Override
    public void validate(LinkOptions options) {
        BUFFER.sizeIn(options);
    }

    @Override
    public DriverEndpoint create(LinkOptions options) throws IOException {
        return pipe.create(asPipe(options));
    }

    @Override
    public Link attach(String peerSpec, LinkOptions options, Guard guard) throws IOException {
        return pipe.attach(peerSpec, asPipe(options), guard);
    }

    private static LinkOptions asPipe(LinkOptions options) {
        Map<String, String> o = new HashMap<>();
        Long buffer = BUFFER.sizeIn(options);
        if (buffer != null) {
            o.put(PipeBuffer.OPTION, Long.toString(buffer));
        }
        return new LinkOptions(options.waitStrategy(), options.maxFrameBytes(), options.timeoutNanos(), o);
    }
}
