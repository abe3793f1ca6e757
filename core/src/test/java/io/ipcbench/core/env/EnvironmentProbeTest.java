package io.ipcbench.core.env;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvironmentProbeTest {
    @Test
    void shouldReadWholeSysctlValues() throws IOException, InterruptedException {
        // what sysctl(8) itself prints, compared with our reading
        Process p = new ProcessBuilder("cat", "/proc/sys/fs/pipe-max-size").start();
        String expected = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        assertEquals(Long.parseLong(expected), EnvironmentProbe.sysctl("fs.pipe-max-size"));
    }

    @Test
    void shouldCaptureEveryIpcLimit() {
        Environment env = EnvironmentProbe.capture();
        for (String s : EnvironmentProbe.SYSCTLS) {
            assertTrue(env.ipcLimits().containsKey(s), s);
        }
        assertNotNull(env.ipcLimits().get("kernel.msgmax"));
        assertTrue(env.onlineCpus() >= 1);
        assertNotNull(env.jvmVersion());
    }
}
