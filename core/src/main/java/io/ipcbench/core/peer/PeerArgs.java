package io.ipcbench.core.peer;

import io.ipcbench.core.rig.Mode;
import io.ipcbench.core.spi.WaitStrategy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a peer is told at start, as command-line arguments. */
public record PeerArgs(String transport, String peerSpec, WaitStrategy waitStrategy, Mode mode, int payloadBytes,
                       int maxFrameBytes, long timeoutNanos, int cpu, long driverPid, Map<String, String> options) {

    public PeerArgs {
        options = Map.copyOf(options);
    }

    public List<String> toArgs() {
        List<String> a = new ArrayList<>(List.of(
                "--transport", transport, "--spec", peerSpec, "--wait", waitStrategy.id(), "--mode", mode.id(),
                "--payload", Integer.toString(payloadBytes), "--max-frame", Integer.toString(maxFrameBytes),
                "--timeout-ns", Long.toString(timeoutNanos), "--cpu", Integer.toString(cpu),
                "--driver-pid", Long.toString(driverPid)));
        options.forEach((k, v) -> {
            a.add("--option");
            a.add(k + "=" + v);
        });
        return a;
    }

    public static PeerArgs parse(String[] args) {
        Map<String, String> named = new LinkedHashMap<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length || !args[i].startsWith("--")) {
                throw new IllegalArgumentException("peer arguments must be --name value pairs, got '" + args[i] + "'");
            }
            if (args[i].equals("--option")) {
                String kv = args[i + 1];
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--option needs key=value, got '" + kv + "'");
                }
                options.put(kv.substring(0, eq), kv.substring(eq + 1));
            } else {
                named.put(args[i].substring(2), args[i + 1]);
            }
        }
        return new PeerArgs(req(named, "transport"), req(named, "spec"), WaitStrategy.of(req(named, "wait")),
                Mode.of(req(named, "mode")), Integer.parseInt(req(named, "payload")),
                Integer.parseInt(req(named, "max-frame")), Long.parseLong(req(named, "timeout-ns")),
                Integer.parseInt(req(named, "cpu")), Long.parseLong(req(named, "driver-pid")), options);
    }

    private static String req(Map<String, String> named, String key) {
        String v = named.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing peer argument --" + key);
        }
        return v;
    }
}
