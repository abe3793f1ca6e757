package io.ipcbench.core.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What both sides agree on before a link exists: the wait strategy, the largest frame either
 * side will send (header included), the silence allowed, and transport-specific options
 * ({@code pipe.size} and the like) as strings, validated by the transport.
 */
public record LinkOptions(WaitStrategy waitStrategy, int maxFrameBytes, long timeoutNanos, Map<String, String> options) {
    public LinkOptions {
        Objects.requireNonNull(waitStrategy, "waitStrategy");
        options = Map.copyOf(options);
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
    }

    public String option(String key) {
        return options.get(key);
    }
}
