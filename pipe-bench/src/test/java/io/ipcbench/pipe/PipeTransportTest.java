package io.ipcbench.pipe;

import io.ipcbench.core.Transports;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.testing.TransportContract;

/** The transport contract over {@code pipe}, with every wait strategy. */
class PipeTransportTest extends TransportContract {
    @Override
    protected Transport transport() {
        return Transports.require("pipe");
    }

    /** Anonymous pipes have no name: the peer inherits its ends at fork, nobody else can ask for them. */
    @Override
    protected boolean hasNamedObjects() {
        return false;
    }
}
