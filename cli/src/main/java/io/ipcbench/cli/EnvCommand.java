package io.ipcbench.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ipcbench.core.env.Environment;
import io.ipcbench.core.env.EnvironmentProbe;
import io.ipcbench.core.result.ResultsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ipcbench env}: the machine and every limit that shapes IPC results. */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = "Show the environment and the kernel's IPC limits (ipcbench never changes a sysctl).")
final class EnvCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--no-signature", negatable = false,
            description = "Skip the host signature (C's pipe and spinning shared-memory 64 B round trips and memcpy, about 0.3 s; needs a C compiler).")
    boolean noSignature;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Environment env = EnvironmentProbe.capture();
        HostSignature sig = noSignature ? null : HostSignature.take();
        if (json) {
            ObjectNode doc = ResultsFile.json().valueToTree(env);
            if (sig != null) {
                doc.set("hostSignature", ResultsFile.json().valueToTree(sig));
            }
            out.println(ResultsFile.json().writeValueAsString(doc));
            return 0;
        }
        out.printf("kernel           %s%n", env.kernel());
        out.printf("cpu              %s, %d online, allowed %s%n", env.cpuModel(), env.onlineCpus(), env.allowedCpus());
        out.printf("cgroup cpu.max   %s%n", env.cgroupCpuMax());
        out.printf("cpuidle driver   %s%n", orUnknown(env.cpuidleDriver()));
        out.printf("guest halt-poll  %s%n", env.guestHaltPollNs() == null ? "not a haltpoll guest (or unreadable)"
                : env.guestHaltPollNs() + " ns" + (env.guestHaltPollNs() == 0
                ? "  (OFF: every blocking wake-up pays a VM exit, ~20 us)" : ""));
        out.printf("cpufreq governor %s%n", orUnknown(env.scalingGovernor()));
        out.printf("jvm              %s %s (%s)%n", env.jvmVendor(), env.jvmVersion(), env.javaHome());
        out.printf("jvm flags        %s%n", env.jvmFlags());
        if (sig != null) {
            out.printf("host signature   %s%n", sig.text());
        }
        out.println();
        out.println("IPC limits (raise with the command shown; ipcbench never changes them):");
        for (Map.Entry<String, Object> e : env.ipcLimits().entrySet()) {
            out.printf("  %-26s %-22s %s%n", e.getKey(), e.getValue() == null ? "unreadable" : e.getValue(), howToRaise(e.getKey()));
        }
        return 0;
    }

    private static String howToRaise(String limit) {
        if (limit.startsWith("fs.") || limit.startsWith("kernel.")) {
            return "sysctl -w " + limit + "=N";
        }
        return switch (limit) {
            case "RLIMIT_MSGQUEUE" -> "ulimit -q N (hard limit: /etc/security/limits.conf)";
            case "/dev/shm bytes" -> "mount -o remount,size=N /dev/shm";
            case "/dev/mqueue mounted" -> "mkdir -p /dev/mqueue && mount -t mqueue none /dev/mqueue";
            default -> "";
        };
    }

    private static String orUnknown(String s) {
        return s == null ? "unreadable" : s;
    }
}
