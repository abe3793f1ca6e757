package io.ipcbench.core.env;

import java.util.List;
import java.util.Map;

/**
 * The machine a result was measured on, and every limit that shapes IPC results.
 * Values that cannot be read are null; {@code ipcLimits} maps the sysctl name (or limit) to its value.
 */
public record Environment(
        String hostname,
        String kernel,
        String cpuModel,
        int onlineCpus,
        List<Integer> allowedCpus,
        String cgroupCpuMax,
        String cpuidleDriver,
        Long guestHaltPollNs,
        String scalingGovernor,
        String jvmVendor,
        String jvmVersion,
        String javaHome,
        List<String> jvmFlags,
        Map<String, Object> ipcLimits) {
}
