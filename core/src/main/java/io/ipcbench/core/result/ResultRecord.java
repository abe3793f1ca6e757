package io.ipcbench.core.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * One measured case: transport x wait x mode x payload size, over all its repetitions.
 * {@code family} is the transport's kind of mechanism (absent in files written before it was recorded).
 * {@code latencyNs} is set for rtt results, {@code msgsPerSec}/{@code bytesPerSec} (payload bytes)
 * for stream results; {@code work} is the kernel's work per operation over all repetitions, and
 * {@code perRepetition} has each repetition with its host probe. Load results ({@code mode} "load")
 * carry {@code load}, and {@code latencyNs} is their corrected one-way latency. Plain data.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResultRecord(
        String transport,
        String family,
        @JsonProperty("wait") String waitStrategy,
        String mode,
        int payloadBytes,
        int frameBytes,
        int fragments,
        long messages,
        long verifiedMessages,
        int repetitions,
        LatencyNs latencyNs,
        Double msgsPerSec,
        Double bytesPerSec,
        CpuCost cpu,
        WorkCost work,
        AllocationCost allocation,
        Spread spread,
        String pinning,
        Map<String, Object> transportFacts,
        String histogramLog,
        List<RepetitionRecord> perRepetition,
        LoadResult load) {
    /** The case's mode as comparisons key it: {@code rtt}, {@code stream}, or {@code load <rate>/s}. */
    public String caseMode() {
        if (load == null) {
            return mode;
        }
        return "load " + io.ipcbench.core.load.Load.rateLabel(load.rate()) + "/s";
    }
}
