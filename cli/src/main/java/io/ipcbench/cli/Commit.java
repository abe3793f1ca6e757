package io.ipcbench.cli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The commit a run measures, recorded in results.json for {@code ipcbench history}: {@code --commit},
 * else the CI's variable (IPCBENCH_COMMIT, GITHUB_SHA, GIT_COMMIT for Jenkins, CI_COMMIT_SHA for
 * GitLab), else {@code git rev-parse HEAD} in the working directory, else unknown (null).
 */
final class Commit {
    private static final List<String> VARIABLES = List.of("IPCBENCH_COMMIT", "GITHUB_SHA", "GIT_COMMIT", "CI_COMMIT_SHA");

    private Commit() {
    }

    static String detect(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return explicit.trim();
        }
        for (String v : VARIABLES) {
            String s = System.getenv(v);
            if (s != null && !s.isBlank()) {
                return s.trim();
            }
        }
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(new File("/dev/null")).start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String sha = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.exitValue() == 0 && sha.matches("[0-9a-f]{7,64}")) {
                // a dirty tree measures more than the commit: say so
                Process d = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no")
                        .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(new File("/dev/null")).start();
                boolean dirty = d.waitFor(2, TimeUnit.SECONDS) && d.exitValue() == 0 && d.getInputStream().readAllBytes().length > 0;
                return dirty ? sha + "-dirty" : sha;
            }
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
