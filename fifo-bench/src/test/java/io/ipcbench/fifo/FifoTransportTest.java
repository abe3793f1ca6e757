package io.ipcbench.fifo;

import io.ipcbench.core.Transports;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.testing.TransportContract;

/** The transport contract over {@code fifo}, with every wait strategy. */
class FifoTransportTest extends TransportContract {
    @Override
    protected Transport transport() {
        return Transports.require("fifo");
    }
}
