package io.ipcbench.mq;

import io.ipcbench.core.Transports;
import io.ipcbench.core.env.EnvironmentProbe;
import io.ipcbench.core.frame.Frame;
import io.ipcbench.core.peer.ForkedPeerStarter;
import io.ipcbench.core.result.ResultRecord;
import io.ipcbench.core.rig.Mode;
import io.ipcbench.core.rig.PinPlan;
import io.ipcbench.core.rig.Rig;
import io.ipcbench.core.rig.RigSettings;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.WaitStrategy;
import io.ipcbench.core.testing.TransportContract;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transport contract over {@code mq-sysv} (fragmented above kernel.msgmax), plus its facts. */
class MqSysvTransportTest extends TransportContract {
    @Override
    protected Transport transport() {
        return Transports.require("mq-sysv");
    }

    @Test
    void shouldMarkFragmentsAndReportTheQueue() throws IOException {
        long chunk = Math.min((Long) EnvironmentProbe.sysctl("kernel.msgmax"), (Long) EnvironmentProbe.sysctl("kernel.msgmnb"));
        int size = 65536;
        ResultRecord r = new Rig(new RigSettings(0, 0, 200, 1, TimeUnit.SECONDS.toNanos(10), PinPlan.auto(), Map.of()),
                new ForkedPeerStarter(), runDir, (c, i, of) -> { }).run(new Rig.Case(transport(), WaitStrategy.SPIN, Mode.STREAM, size));
        assertEquals((int) ((Frame.HEADER_BYTES + size + chunk - 1) / chunk), r.fragments());
        assertEquals(200, r.verifiedMessages());
        assertEquals("0600", r.transportFacts().get("msgMode"));
        assertTrue(((String) r.transportFacts().get("msgKey")).startsWith("0x1c"), r.transportFacts().toString());
    }
}
