package io.ipcbench.core.result;

/** Bytes allocated per operation by the measuring thread of each side (ThreadMXBean), over the measured phases. */
public record AllocationCost(double driverBytesPerOp, double peerBytesPerOp) {
}
