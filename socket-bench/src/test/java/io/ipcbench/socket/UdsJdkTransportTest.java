package io.ipcbench.socket;

import io.ipcbench.core.Transports;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.testing.TransportContract;

/** The transport contract over {@code uds-jdk}, with every wait strategy. */
class UdsJdkTransportTest extends TransportContract {
    @Override
    protected Transport transport() {
        return Transports.require("uds-jdk");
    }
}
