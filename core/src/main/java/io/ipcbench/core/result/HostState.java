package io.ipcbench.core.result;

/**
 * The host's state just before a repetition, from a short fixed probe on the two CPUs the
 * measuring threads use: a cross-CPU cache-line round trip (median), a blocking wake-up round trip
 * between two threads (median), and the largest gap a tight {@code System.nanoTime()} loop saw
 * (OS jitter). When these move, the host changed, not the transport. A value of 0 was not
 * measured (that part of the probe ran out of its time cap).
 */
public record HostState(double cacheLineRttNs, double wakeupRttNs, long timerMaxGapNs, double probeMs) {
}
