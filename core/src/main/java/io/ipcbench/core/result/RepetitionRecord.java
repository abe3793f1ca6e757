package io.ipcbench.core.result;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One repetition of a result, in the order it ran: its round (repetition number) and its place in
 * the run ({@code runIndex}, 0-based over all repetitions of all cases), the wall-clock time it
 * started, the operations of its warm-up and the time the warm-up took (each absent in files
 * written before it was recorded), the host probe taken just before it, its metric ({@code p50Ns}
 * for rtt, {@code msgsPerSec} for stream) and its kernel work per operation, and its metric in each
 * eighth of its measured time ({@link Slices}; absent for load cases and in older files).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RepetitionRecord(int repetition, int runIndex, String startedAt, Long warmupOperations, Long warmupNanos,
                               long operations, double value, HostState host, WorkCost work, Slices slices) {
}
