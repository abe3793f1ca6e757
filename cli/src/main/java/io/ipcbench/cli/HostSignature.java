package io.ipcbench.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ipcbench.core.io.PrivateDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The host's signature in this minute: C's pipe 64 B round trip, C's spinning shared-memory 64 B
 * round trip and memcpy bandwidth, from a small C program ({@code host-signature.c}) built with the
 * machine's C compiler in a private temporary directory, run once and deleted. A measurement table
 * that carries it lets a reader tell a slow host from a slow mechanism.
 *
 * @param missing why there is no signature (no compiler, one CPU, ...), or null; the figures are null then
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record HostSignature(Long pipeRttP50Ns, Long shmSpinRttP50Ns, Double memcpyGBps, String cpus, String missing) {
    /** The kind in the name of the probe's private directory ({@code ipcbench-sig-<pid>-...}). */
    static final String DIR_KIND = "sig";
    private static final String SOURCE = "host-signature.c";
    private static final long COMPILE_SECONDS = 60;
    private static final long RUN_SECONDS = 60;

    /** One line for {@code env}'s text. */
    String text() {
        return missing != null ? missing : String.format(Locale.ROOT,
                "C pipe 64 B rtt p50 %.1f us, C shm spin 64 B rtt p50 %.2f us, memcpy 256 KiB %.1f GB/s",
                pipeRttP50Ns / 1e3, shmSpinRttP50Ns / 1e3, memcpyGBps);
    }

    /** Builds and runs the probe (about 0.3 s), or says why it cannot. */
    static HostSignature take() throws IOException, InterruptedException {
        PrivateDir dir = PrivateDir.create(DIR_KIND);
        Thread cleanup = new Thread(() -> quietly(dir), "ipcbench-sig-exit"); // Ctrl-C while it runs: the directory goes too
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Path src = dir.resolve(SOURCE);
            try (InputStream in = HostSignature.class.getResourceAsStream(SOURCE)) {
                Files.copy(in, src);
            }
            Path bin = dir.resolve("host-signature");
            Path log = dir.resolve("output.txt");
            for (String cc : compilers()) {
                Result built;
                try {
                    built = exec(List.of(cc, "-O2", "-o", bin.toString(), src.toString()), log, COMPILE_SECONDS);
                } catch (IOException notInstalled) {
                    continue; // ProcessBuilder searched the PATH for it
                }
                if (built.code != 0) {
                    return none(cc + " could not build the probe: " + firstLine(built.output));
                }
                Result ran = exec(List.of(bin.toString()), log, RUN_SECONDS);
                return ran.code != 0 ? none("the probe failed: " + firstLine(ran.output)) : parse(ran.output);
            }
            return none("needs a C compiler: install gcc (Debian: apt-get install gcc) or set CC, then run 'ipcbench env' again");
        } finally {
            quietly(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /** The probe's one line: {@code pipe_rtt_p50_ns=.. shm_spin_rtt_p50_ns=.. memcpy_GBps=.. cpus=a,b}. */
    static HostSignature parse(String line) {
        Map<String, String> kv = new HashMap<>();
        for (String field : line.trim().split("\\s+")) {
            int eq = field.indexOf('=');
            if (eq > 0) {
                kv.put(field.substring(0, eq), field.substring(eq + 1));
            }
        }
        try {
            return new HostSignature(Long.parseLong(kv.get("pipe_rtt_p50_ns")), Long.parseLong(kv.get("shm_spin_rtt_p50_ns")),
                    Double.parseDouble(kv.get("memcpy_GBps")), kv.get("cpus"), null);
        } catch (RuntimeException e) {
            return none("the probe printed something else: " + firstLine(line));
        }
    }

    private static HostSignature none(String why) {
        return new HostSignature(null, null, null, null, why);
    }

    /** {@code $CC} first, then cc, gcc, clang. */
    private static List<String> compilers() {
        List<String> names = new ArrayList<>();
        String env = System.getenv("CC");
        if (env != null && !env.isBlank()) {
            names.add(env.trim());
        }
        names.addAll(List.of("cc", "gcc", "clang"));
        return names;
    }

    private record Result(int code, String output) {
    }

    /** Runs {@code cmd} with its output in {@code log} (a file: a chatty compiler cannot fill a pipe and stall). */
    private static Result exec(List<String> cmd, Path log, long seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return new Result(-1, cmd.get(0) + " took over " + seconds + " s");
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static String firstLine(String s) {
        String t = s.trim();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    private static void quietly(PrivateDir dir) {
        try {
            dir.close();
        } catch (IOException ignored) {
            // gone already
        }
    }
}
