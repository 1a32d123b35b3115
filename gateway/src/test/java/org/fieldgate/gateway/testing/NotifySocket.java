package org.fieldgate.gateway.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.fieldgate.drivers.testing.RequiredTool;

/**
 * A stand-in for systemd's notification socket: a Unix datagram socket bound by {@code socat}
 * ({@code UNIX-RECV}), every line it receives kept with the time it came (there is no systemd
 * here; the JDK cannot bind a datagram socket of this kind).
 */
public final class NotifySocket implements AutoCloseable {

    /** One {@code KEY=value} line and when it arrived ({@link System#nanoTime()}). */
    public record Line(String text, long at) {
    }

    private final Path path;
    private final Process socat;
    private final List<Line> lines = new ArrayList<>();

    private NotifySocket(Path path, Process socat) {
        this.path = path;
        this.socat = socat;
        Thread reader = new Thread(this::read, "notify-socket");
        reader.setDaemon(true);
        reader.start();
    }

    /** Binds {@code dir/notify.sock}; waits until it exists. */
    public static NotifySocket bind(Path dir) throws Exception {
        RequiredTool.require(Files.isExecutable(Path.of("/usr/bin/socat")), "socat");
        Path path = dir.resolve("notify.sock");
        Process p = new ProcessBuilder("socat", "-u", "UNIX-RECV:" + path, "STDOUT")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; i < 200 && !Files.exists(path); i++) {
            Thread.sleep(10);
        }
        if (!Files.exists(path)) {
            p.destroyForcibly();
            throw new IllegalStateException("socat did not bind " + path);
        }
        return new NotifySocket(path, p);
    }

    public Path path() {
        return path;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socat.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (this) {
                    lines.add(new Line(line, System.nanoTime()));
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // socat stopped
        }
    }

    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The first line matching {@code wanted}, waiting up to {@code timeout} for it. */
    public synchronized Line await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Line l : lines) {
                if (wanted.test(l.text())) {
                    return l;
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no such line within " + timeout + "; received: " + lines);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Lines equal to {@code text} that arrived after {@code since}. */
    public synchronized long count(String text, long since) {
        return lines.stream().filter(l -> l.text().equals(text) && l.at() > since).count();
    }

    @Override
    public void close() {
        socat.destroyForcibly();
    }
}
