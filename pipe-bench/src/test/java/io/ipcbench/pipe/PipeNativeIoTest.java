package io.ipcbench.pipe;

import io.ipcbench.core.Transports;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.testing.TransportContract;

import java.util.Map;

/** The transport contract over {@code pipe} with {@code --pipe-io fd}: jnr-ffi read/writev instead of JDK channels. */
class PipeNativeIoTest extends TransportContract {
    @Override
    protected Transport transport() {
        return Transports.require("pipe");
    }

    @Override
    protected Map<String, String> options() {
        return Map.of(PipeIo.option().key(), "fd");
    }

    /** Anonymous pipes have no name: the peer inherits its ends at fork, nobody else can ask for them. */
    @Override
    protected boolean hasNamedObjects() {
        return false;
    }
}
