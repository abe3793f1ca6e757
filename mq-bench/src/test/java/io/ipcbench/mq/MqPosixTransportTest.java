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
import io.ipcbench.core.spi.DriverEndpoint;
import io.ipcbench.core.spi.LinkOptions;
import io.ipcbench.core.spi.Transport;
import io.ipcbench.core.spi.WaitStrategy;
import io.ipcbench.core.testing.TransportContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transport contract over {@code mq-posix} (fragmented above msgsize_max), plus its limits. */
class MqPosixTransportTest extends TransportContract {
    @Override
    protected Transport transport() {
        return Transports.require("mq-posix");
    }

    @BeforeAll
    void mountMqueue() throws Exception {
        MqueueMount.ensure();
    }

    @Test
    void shouldMarkFragmentedResults() throws IOException {
        long msgsizeMax = (Long) EnvironmentProbe.sysctl("fs.mqueue.msgsize_max");
        int size = 65536;
        int frame = Frame.HEADER_BYTES + size;
        ResultRecord r = new Rig(new RigSettings(0, 0, 50, 1, TimeUnit.SECONDS.toNanos(10), PinPlan.auto(), Map.of()),
                new ForkedPeerStarter(), runDir, (c, i, of) -> { }).run(new Rig.Case(transport(), WaitStrategy.BLOCK, Mode.RTT, size));
        assertEquals((int) ((frame + msgsizeMax - 1) / msgsizeMax), r.fragments());
        assertEquals(50, r.verifiedMessages());
        assertEquals(msgsizeMax, ((Number) r.transportFacts().get("mqMsgsize")).longValue());
    }

    @Test
    void shouldQueueOwnerOnlyAndUnlinkOnClose() throws IOException {
        LinkOptions options = new LinkOptions(WaitStrategy.BLOCK, Rig.frameBytes(64), TimeUnit.SECONDS.toNanos(10), Map.of());
        try (DriverEndpoint e = transport().create(options)) {
            String name = e.peerSpec().substring(1);
            Path toPeer = Path.of("/dev/mqueue", name + "-to-peer");
            assertTrue(Files.exists(toPeer), "the queue is visible in /dev/mqueue: " + toPeer);
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(toPeer)));
        }
    }

    @Test
    void shouldNameRlimitMsgqueueWhenItIsUsedUp() throws Exception {
        LinkOptions options = new LinkOptions(WaitStrategy.BLOCK, Rig.frameBytes(8000), TimeUnit.SECONDS.toNanos(10), Map.of());
        long pid = ProcessHandle.current().pid();
        Object before = EnvironmentProbe.rlimitMsgqueue();
        // soft limit only: room for one run's two queues of one message, not for two runs
        prlimit(pid, "--msgqueue=40000:");
        try (DriverEndpoint first = transport().create(options)) {
            assertTrue(first.peerSpec().startsWith("/ipcbench-"));
            IOException e = assertThrows(IOException.class, () -> transport().create(options).close());
            assertTrue(e.getMessage().contains("RLIMIT_MSGQUEUE"), e.getMessage());
        } finally {
            prlimit(pid, "--msgqueue=" + before + ":");
        }
        prlimit(pid, "--msgqueue=1000:");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> transport().validate(options));
            assertTrue(e.getMessage().contains("RLIMIT_MSGQUEUE"), e.getMessage());
        } finally {
            prlimit(pid, "--msgqueue=" + before + ":");
        }
        assertEquals(before, EnvironmentProbe.rlimitMsgqueue());
    }

    private static void prlimit(long pid, String limit) throws Exception {
        Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), limit).inheritIO().start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "prlimit " + limit);
    }
}
