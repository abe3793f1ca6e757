package io.ipcbench.socket;

import io.ipcbench.core.Transports;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.testing.TransportContract;

import java.util.Map;

/** The transport contract over {@code uds-jdk} with {@code --uds-wait poll}: a non-blocking channel that sleeps in a {@code Selector}. */
class UdsJdkSelectorWaitTest extends TransportContract {
    @Override
    protected Transport transport() {
        return Transports.require("uds-jdk");
    }

    @Override
    protected Map<String, String> options() {
        return Map.of(UdsTransport.WAIT.key(), "poll");
    }
}
