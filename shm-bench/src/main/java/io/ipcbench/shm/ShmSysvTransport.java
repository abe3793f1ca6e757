package io.ipcbench.shm;

import io.ipcbench.core.env.EnvironmentProbe;

import io.ipcbench.core.spi.LeftoverMark;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code shm-sysv}: System V shared memory (shmget/shmat/shmdt/shmctl). */
public final class ShmSysvTransport extends ShmTransport {
    @Override
    public String name() {
        return "shm-sysv";
    }

    @Override
    public String description() {
        return "System V shared memory (shmget/shmat), one SPSC ring per direction";
    }

    @Override
    public List<LeftoverMark> leftoverMarks() {
        return List.of(LeftoverMark.sysvSegment(SysVSegment.KEY_MARK));
    }

    @Override
    public Map<String, Object> limits() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kernel.shmmax", EnvironmentProbe.sysctl("kernel.shmmax"));
        m.put("kernel.shmall", EnvironmentProbe.sysctl("kernel.shmall"));
        m.put("kernel.shmmni", EnvironmentProbe.sysctl("kernel.shmmni"));
        return m;
    }

    @Override
    Segment createSegment(long size) throws IOException {
        return SysVSegment.create(size);
    }

    @Override
    Segment attachSegment(String spec) throws IOException {
        String[] p = spec.split(":");
        return SysVSegment.attach(Integer.parseInt(p[0]), Long.parseLong(p[1]));
    }
}
