package io.ipcbench.core.result;

/**
 * CPU cost per operation (a round trip in rtt mode, a message in stream mode), from getrusage of
 * each whole process over the measured phases, summed over repetitions and divided by operations.
 */
public record CpuCost(String per, double driverUserNs, double driverSystemNs, double peerUserNs, double peerSystemNs,
                      double driverVoluntaryCtxSwitches, double driverInvoluntaryCtxSwitches,
                      double peerVoluntaryCtxSwitches, double peerInvoluntaryCtxSwitches) {
    public double totalNs() {
        return driverUserNs + driverSystemNs + peerUserNs + peerSystemNs;
    }
}
