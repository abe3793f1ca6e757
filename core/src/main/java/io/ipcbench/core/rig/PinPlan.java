package io.ipcbench.core.rig;

import io.ipcbench.core.nat.Affinity;

import java.util.List;

/** Which CPU the driver's and the peer's measuring threads are pinned to; -1 means not pinned. */
public record PinPlan(int driverCpu, int peerCpu) {
    public static final PinPlan NONE = new PinPlan(-1, -1);

    /** The first two CPUs this process may use, or none when there is only one. */
    public static PinPlan auto() {
        List<Integer> cpus = Affinity.allowedCpus();
        return cpus.size() >= 2 ? new PinPlan(cpus.get(0), cpus.get(1)) : NONE;
    }

    public boolean pinned() {
        return driverCpu >= 0;
    }

    public String describe() {
        return pinned() ? "driver thread on cpu" + driverCpu + ", peer thread on cpu" + peerCpu : "none";
    }
}
