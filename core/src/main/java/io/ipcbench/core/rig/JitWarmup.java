package io.ipcbench.core.rig;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;

/**
 * How many operations a warm-up needs before the per-message code runs compiled by C2: HotSpot's
 * tiered policy compiles a method at tier 4 after about {@code Tier4InvocationThreshold} calls
 * (scaled by {@code CompileThresholdScaling}), and the methods called once per message (the send,
 * the receive, the verification) get there only after that many messages. A warm-up of a few
 * hundred milliseconds is thousands of messages at 64 B, but a few hundred at 1 MiB, where the
 * JIT then compiles during the measurement and its compiler thread takes one of the CPUs the
 * measuring threads run on (docs/measurements/2026-12-07-warmup.md). Twice the threshold: the
 * calls are counted from the tier-3 compile on, and the compile is queued; at 1 MiB the driver's
 * per-message methods reached C2 after 5000-6500 messages.
 */
public final class JitWarmup {
    /** Twice HotSpot's default {@code Tier4InvocationThreshold}, for a VM that does not say. */
    static final long DEFAULT_OPERATIONS = 10_000;

    private JitWarmup() {
    }

    /** Twice the calls this VM's flags ask for before a once-per-message method is compiled at the top tier. */
    public static long operations() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (vm == null) {
                return DEFAULT_OPERATIONS;
            }
            boolean tiered = Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue());
            long calls = Long.parseLong(vm.getVMOption(tiered ? "Tier4InvocationThreshold" : "CompileThreshold").getValue());
            double scaling = Double.parseDouble(vm.getVMOption("CompileThresholdScaling").getValue());
            return Math.max(0, Math.round(2 * calls * scaling));
        } catch (RuntimeException | LinkageError e) {
            return DEFAULT_OPERATIONS; // not HotSpot, or a flag it lacks
        }
    }
}
