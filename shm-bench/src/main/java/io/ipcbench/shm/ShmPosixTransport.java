package io.ipcbench.shm;

import io.ipcbench.core.env.EnvironmentProbe;

import io.ipcbench.core.spi.LeftoverMark;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code shm-posix}: POSIX shared memory (shm_open/ftruncate/mmap/shm_unlink). */
public final class ShmPosixTransport extends ShmTransport {
    @Override
    public String name() {
        return "shm-posix";
    }

    @Override
    public List<LeftoverMark> leftoverMarks() {
        return List.of(LeftoverMark.posixShm(PosixSegment.PREFIX.substring(1)));
    }

    @Override
    public String description() {
        return "POSIX shared memory (shm_open/mmap), one SPSC ring per direction";
    }

    @Override
    public Optional<String> unavailableReason() {
        Optional<String> arch = super.unavailableReason();
        if (arch.isPresent()) {
            return arch;
        }
        return EnvironmentProbe.devShmMounted() ? Optional.empty()
                : Optional.of("/dev/shm is not mounted as tmpfs (mount -t tmpfs tmpfs /dev/shm)");
    }

    @Override
    public Map<String, Object> limits() {
        Map<String, Object> m = new LinkedHashMap<>();
        Long size = EnvironmentProbe.devShmSize();
        m.put("/dev/shm bytes", size != null ? size : "unreadable");
        return m;
    }

    @Override
    Segment createSegment(long size) throws IOException {
        return PosixSegment.create(size);
    }

    @Override
    public void abandoned(String peerSpec) {
        String name = peerSpec.substring(0, Math.max(0, peerSpec.lastIndexOf(':')));
        if (name.startsWith(PosixSegment.PREFIX)) {
            PosixSegment.unlinkQuietly(name);
        }
    }

    @Override
    Segment attachSegment(String spec) throws IOException {
        int colon = spec.lastIndexOf(':');
        return PosixSegment.attach(spec.substring(0, colon), Long.parseLong(spec.substring(colon + 1)));
    }
}
