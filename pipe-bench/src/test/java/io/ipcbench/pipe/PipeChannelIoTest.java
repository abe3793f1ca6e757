package io.ipcbench.pipe;

import io.ipcbench.core.Transports;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.testing.TransportContract;

import java.util.Map;

/** The transport contract over {@code pipe} with {@code --pipe-io channel}: JDK FileChannels instead of jnr-ffi read/writev. */
class PipeChannelIoTest extends TransportContract {
    @Override
    protected Transport transport() {
        return Transports.require("pipe");
    }

    @Override
    protected Map<String, String> options() {
        return Map.of(PipeIo.option().key(), "channel");
    }

    /** Anonymous pipes have no name: the peer inherits its ends at fork, nobody else can ask for them. */
    @Override
    protected boolean hasNamedObjects() {
        return false;
    }
}
