package io.ipcbench.shm;

import io.ipcbench.core.Transports;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.testing.TransportContract;

/** The transport contract over {@code shm-sysv}, with spin, backoff and block. */
class ShmSysvTransportTest extends TransportContract {
    @Override
    protected Transport transport() {
        return Transports.require("shm-sysv");
    }
}
