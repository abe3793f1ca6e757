package io.ipcbench.socket;

import io.ipcbench.core.Transports;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.testing.TransportContract;

import java.util.Map;

/** The transport contract over {@code uds} with {@code --uds-wait poll}: a non-blocking socket that sleeps in {@code poll}. */
class UdsPollingWaitTest extends TransportContract {
    @Override
    protected Transport transport() {
        return Transports.require("uds");
    }

    @Override
    protected Map<String, String> options() {
        return Map.of(UdsTransport.WAIT.key(), "poll");
    }
}
