package io.ipcbench.pipe;

import io.ipcbench.core.frame.Frame;
import io.ipcbench.core.io.ByteIo;
import io.ipcbench.core.io.StreamLink;
import io.ipcbench.core.spi.Guard;
import io.ipcbench.core.spi.Link;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.TransportOption;

/**
 * How a blocking pipe or FIFO moves bytes, set by {@code --pipe-io}: {@code read}/{@code writev}
 * through jnr-ffi on the descriptors (the default), or JDK {@code FileChannel}s. Both make one
 * system call per message; they differ in what Java does around it (the channel's locks,
 * interruptible begin/end and its per-thread iovec, against one jnr-ffi call), which a 64 B
 * stream pays for (docs/measurements/2026-12-07-streams.md). {@code spin} always uses the direct calls.
 */
public final class PipeIo {
    static final TransportOption OPTION = TransportOption.choice("pipe.io", "--pipe-io", java.util.List.of("fd", "channel"),
            "blocking pipes with jnr-ffi read/writev on the descriptors, or through JDK FileChannels");

    private PipeIo() {
    }

    /** The option, for {@link io.ipcbench.core.spi.Transport#options()} of every transport over a kernel pipe. */
    public static TransportOption option() {
        return OPTION;
    }

    /** Whether a run moves its blocking bytes with direct native calls. */
    public static boolean nativeCalls(LinkOptions options) {
        return OPTION.choiceIn(options).equals("fd");
    }

    /**
     * The message link over a pipe or FIFO pair. Its reads reach at most one payload past the frame
     * they need, so a stream's reader takes about one message a call, as C's does, instead of
     * emptying the pipe with each call and sleeping until the writer wakes it: a 64 B stream
     * 1.17-1.31x faster, 4 KiB unchanged (docs/measurements/2026-12-08-small-streams.md). Sockets
     * keep the full read-ahead, which is faster there.
     */
    public static Link link(ByteIo io, String what, LinkOptions options, Guard guard) {
        int oneFrame = Math.min(StreamLink.READ_AHEAD, options.maxFrameBytes() - Frame.HEADER_BYTES);
        return new StreamLink(io, what, options.maxFrameBytes(), oneFrame, options.waitStrategy(), guard);
    }

    /** What a run uses, for the results. */
    public static String describe(LinkOptions options) {
        return nativeCalls(options) ? "jnr-ffi read/writev" : "JDK FileChannel";
    }
}
