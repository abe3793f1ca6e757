package io.ipcbench.core.peer;

import io.ipcbench.core.spi.DriverEndpoint;
import io.ipcbench.core.spi.Transport;

import java.io.IOException;
import java.nio.file.Path;

/** Starts the peer for one repetition: a forked JVM in real runs. */
public interface PeerStarter {
    PeerProcess start(Transport transport, DriverEndpoint endpoint, PeerArgs args, Path logFile) throws IOException;
}
