package io.ipcbench.fifo;

import io.ipcbench.core.Transports;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.testing.TransportContract;
import io.ipcbench.pipe.PipeIo;

import java.util.Map;

/** The transport contract over {@code fifo} with {@code --pipe-io channel}: JDK FileChannels instead of jnr-ffi read/writev. */
class FifoChannelIoTest extends TransportContract {
    @Override
    protected Transport transport() {
        return Transports.require("fifo");
    }

    @Override
    protected Map<String, String> options() {
        return Map.of(PipeIo.option().key(), "channel");
    }
}
