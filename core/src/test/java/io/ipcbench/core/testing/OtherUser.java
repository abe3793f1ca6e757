package io.ipcbench.core.testing;

import io.ipcbench.core.peer.ForkedPeerStarter;
import io.ipcbench.core.peer.PeerArgs;
import io.ipcbench.core.peer.PeerMain;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Runs a peer as the user nobody (uid 65534), for the test that another user cannot attach. */
final class OtherUser {
    static final String UID = "65534";

    private OtherUser() {
    }

    /** Copies every class path entry into {@code dir} (0755, files 0644), since ours may sit in 0700 homes. */
    static String worldReadableClassPath(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> out = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path src = Path.of(entry);
            if (!Files.exists(src)) {
                continue;
            }
            Path dst = dir.resolve((i++) + "-" + src.getFileName());
            if (Files.isDirectory(src)) {
                try (Stream<Path> walk = Files.walk(src)) {
                    for (Path p : (Iterable<Path>) walk::iterator) {
                        Path t = dst.resolve(src.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(t);
                        } else {
                            Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else {
                Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
            }
            out.add(dst.toString());
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        return String.join(File.pathSeparator, out);
    }

    static Process startPeer(Path dir, String classPath, PeerArgs args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ForkedPeerStarter.DEFAULT_JVM_ARGS);
        // JNA unpacks its native library: somewhere nobody may write
        cmd.add("-Djna.tmpdir=" + dir.resolve("tmp"));
        cmd.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
        cmd.addAll(List.of("-cp", classPath, PeerMain.class.getName()));
        cmd.addAll(args.toArgs());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("HOME", dir.resolve("tmp").toString());
        pb.environment().put("XDG_CACHE_HOME", dir.resolve("tmp").toString());
        return pb.start();
    }

    /** EACCES / EPERM in whatever words the transport used. */
    static boolean deniedByTheKernel(String words) {
        String w = words.toLowerCase(Locale.ROOT);
        return (w.contains("permission denied") || w.contains("eacces") || w.contains("errno 13") || w.contains("access denied") || w.contains("accessdeniedexception")
                || w.contains("operation not permitted") || w.contains("errno 1)"))
                && !w.contains("unsatisfiedlink") && !w.contains("classnotfound") && !w.contains("noclassdef");
    }

    static void removeTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
