package org.fieldgate.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Counts a child process's {@code fsync}/{@code fdatasync} calls with {@code strace --seccomp-bpf}:
 * only those two calls stop the process, so the gateway runs at its normal speed otherwise. Absent
 * (and the count unknown) when strace is not installed or may not trace here.
 */
final class FsyncTrace {

    private static final Path STRACE = Path.of("/usr/bin/strace");
    private static final List<String> OPTIONS = List.of("-f", "--seccomp-bpf", "-qq", "-ttt",
            "-e", "trace=fsync,fdatasync");

    private final Path file;

    private FsyncTrace(Path file) {
        this.file = file;
    }

    /** A trace into {@code file}, or null when strace cannot trace on this machine. */
    static FsyncTrace ifAvailable(Path file) {
        if (!Files.isExecutable(STRACE)) {
            return null;
        }
        try {
            Process probe = new ProcessBuilder(command(Path.of("/dev/null"), "true")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0 ? new FsyncTrace(file) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The wrapper: strace, then the traced command. */
    List<String> wrapper() {
        return command(file);
    }

    private static List<String> command(Path out, String... then) {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(STRACE.toString());
        cmd.addAll(OPTIONS);
        cmd.addAll(List.of("-o", out.toString()));
        cmd.addAll(List.of(then));
        return cmd;
    }

    /** Calls that began in [from, to) (epoch ms). Lines: {@code PID 1733300000.123456 fsync(7) = 0}. */
    long callsBetween(long fromMillis, long toMillis) throws IOException {
        long n = 0;
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(" ", 3);
            if (f.length < 3 || f[2].startsWith("<...") || !(f[2].startsWith("fsync(") || f[2].startsWith("fdatasync("))) {
                continue;
            }
            long at = (long) (Double.parseDouble(f[1]) * 1000);
            if (at >= fromMillis && at < toMillis) {
                n++;
            }
        }
        return n;
    }
}
