package org.fieldgate.gateway.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.fieldgate.drivers.testing.RequiredTool;

/** A small real filesystem to fill up: a tmpfs mounted by the test (needs root; skipped elsewhere). */
public final class Tmpfs {

    private Tmpfs() {
    }

    /** Mounts a tmpfs of {@code size} (mount's syntax, e.g. {@code 2m}) at {@code mnt}, or skips the test. */
    public static void mountOrSkip(Path mnt, String size) throws Exception {
        Files.createDirectories(mnt);
        RequiredTool.require(run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mnt.toString()) == 0,
                "cannot mount a tmpfs here (not root?)");
    }

    /** Unmounts it; {@code lazy} detaches it even while a process still has files open there. */
    public static void unmount(Path mnt, boolean lazy) throws Exception {
        if (lazy) {
            run("umount", "-l", mnt.toString());
        } else {
            run("umount", mnt.toString());
        }
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
