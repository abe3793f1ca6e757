package io.ipcbench.core.io;

import io.ipcbench.core.spi.LeftoverMark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A directory only its owner can enter (0700), created exclusively under {@code java.io.tmpdir} as
 * {@code ipcbench-<kind>-<pid>-<random>}, for the named objects that live in the file system
 * (FIFOs, socket files). Another user can neither guess the name nor reach what is inside.
 * {@link #close()} removes it and everything in it; it is idempotent, so it can be called as soon
 * as both sides are connected and again on every exit path.
 */
public final class PrivateDir implements AutoCloseable {
    /** The prefix of every such directory, for leak checks and {@code ipcbench clean}. */
    public static final String PREFIX = LeftoverMark.NAME_PREFIX;

    private final Path path;
    private boolean removed;

    private PrivateDir(Path path) {
        this.path = path;
    }

    /** How {@code ipcbench clean} and the leak checks recognise a directory made by {@link #create(String)}. */
    public static LeftoverMark mark(String kind) {
        return LeftoverMark.tempDir(PREFIX + kind + "-");
    }

    /** Creates {@code ipcbench-<kind>-<pid>-<random>} with mode 0700 (atomically: no window with wider rights). */
    public static PrivateDir create(String kind) throws IOException {
        Path dir = Files.createTempDirectory(PREFIX + kind + "-" + ProcessHandle.current().pid() + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return new PrivateDir(dir);
    }

    public Path path() {
        return path;
    }

    public Path resolve(String name) {
        return path.resolve(name);
    }

    /** Removes the directory and its entries (FIFOs and sockets, no subdirectories); idempotent. */
    @Override
    public void close() throws IOException {
        if (removed) {
            return;
        }
        removed = true;
        removeTree(path);
    }

    /**
     * Removes {@code dir} and the entries directly in it, ignoring what is already gone: the other
     * side may be removing the same directory at the same moment. Refuses a directory whose name
     * is not one of ours.
     */
    public static void removeTree(Path dir) throws IOException {
        if (dir.getFileName() == null || !dir.getFileName().toString().startsWith(PREFIX)) {
            throw new IllegalArgumentException("not an ipcbench directory: " + dir);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException e) {
            return;
        }
        Files.deleteIfExists(dir);
    }
}
