package io.ipcbench.socket;

import io.ipcbench.core.Transports;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.testing.TransportContract;

/** The transport contract over {@code uds} (jnr-unixsocket), with every wait strategy. */
class UdsJnrTransportTest extends TransportContract {
    @Override
    protected Transport transport() {
        return Transports.require("uds");
    }
}
