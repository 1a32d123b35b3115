package org.fieldgate.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fieldgate.drivers.testing.RequiredTool;

/**
 * A real {@code mosquitto} process for integration tests, on a free port of 127.0.0.1 with a
 * config file in a temp directory.
 *
 * <pre>{@code
 * try (MosquittoBroker broker = MosquittoBroker.started()) {
 *     ... connect to broker.url() ...
 *     broker.stop();      // SIGTERM, waits for the exit
 *     broker.restart();   // same port
 * }
 * }</pre>
 *
 * The test is skipped (JUnit assumption) when {@code /usr/sbin/mosquitto} is not installed.
 * {@link #persistent()} brokers keep sessions, subscriptions and queued QoS 1 messages across
 * {@link #stop()}/{@link #restart()} (saved on SIGTERM, not on {@link #kill()}): use them with a
 * durable {@link MqttRecorder} when a test must see every message across a broker outage. The
 * broker's own log is in {@link #log()} for failure messages.
 */
public final class MosquittoBroker implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    private static final long START_TIMEOUT_MS = 10_000;
    private static final long STOP_TIMEOUT_MS = 10_000;

    private final Path dir;
    private final Path config;
    private final Path logFile;
    private final int port;
    private Process process;

    private MosquittoBroker(boolean persistent, java.util.List<String> extraLines) {
        RequiredTool.require(Files.isExecutable(BINARY), "mosquitto is not installed at " + BINARY);
        try {
            dir = Files.createTempDirectory("mosquitto-test-");
            port = freePort();
            config = dir.resolve("mosquitto.conf");
            logFile = dir.resolve("mosquitto.log");
            StringBuilder conf = new StringBuilder()
                    .append("listener ").append(port).append(" 127.0.0.1\n")
                    .append("allow_anonymous true\n")
                    // as root mosquitto would switch to user 'mosquitto', who cannot write our temp dir
                    .append("user ").append(System.getProperty("user.name")).append('\n')
                    .append("log_dest stderr\n")
                    .append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\n")
                    .append("max_queued_messages 0\n");
            if (persistent) {
                conf.append("persistence true\n")
                        .append("persistence_location ").append(dir).append("/\n")
                        .append("autosave_interval 0\n");
            } else {
                conf.append("persistence false\n");
            }
            for (String line : extraLines) {
                conf.append(line).append('\n');
            }
            Files.writeString(config, conf.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A broker with its port and config chosen, not running yet (for "broker down at start"). */
    public static MosquittoBroker create() {
        return new MosquittoBroker(false, java.util.List.of());
    }

    /**
     * Like {@link #create()}, with extra lines appended to the config file, e.g.
     * {@code "max_packet_size 1000"} or a second {@code listener} with TLS options (which then
     * apply to that listener). Not running yet.
     */
    public static MosquittoBroker withConfig(String... extraLines) {
        return new MosquittoBroker(false, java.util.List.of(extraLines));
    }

    /**
     * Like {@link #create()}, with a second listener on {@code tlsPort} (127.0.0.1) that requires a
     * client certificate signed by {@code ca} and takes its CN as the user name. Not running yet.
     */
    public static MosquittoBroker withMutualTls(int tlsPort, Path ca, Path serverCert, Path serverKey) {
        return withConfig("listener " + tlsPort + " 127.0.0.1", "cafile " + ca, "certfile " + serverCert,
                "keyfile " + serverKey, "require_certificate true", "use_identity_as_username true");
    }

    /** Like {@link #create()}, with sessions and queued messages kept across stop/restart. */
    public static MosquittoBroker persistent() {
        return new MosquittoBroker(true, java.util.List.of());
    }

    /** A running broker without persistence. */
    public static MosquittoBroker started() {
        return create().start();
    }

    /** Starts the process and waits until the port accepts connections. */
    public synchronized MosquittoBroker start() {
        if (isRunning()) {
            return this;
        }
        try {
            process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY, e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ":\n" + log());
            }
            if (accepts()) {
                return this;
            }
            sleep(20);
        }
        kill();
        throw new IllegalStateException("mosquitto did not accept on port " + port + " within "
                + START_TIMEOUT_MS + " ms:\n" + log());
    }

    /** SIGTERM and wait for the exit (a persistent broker saves its state). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        resume(); // a stopped (SIGSTOP) process would not handle SIGTERM
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops and starts again on the same port. */
    public synchronized MosquittoBroker restart() {
        stop();
        return start();
    }

    /** SIGKILL: connections drop without a word, nothing is saved. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** SIGSTOP: the broker hangs with its connections open (no PUBACK, no PINGRESP). */
    public synchronized void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public synchronized void resume() {
        signal("CONT");
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:PORT} */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** What mosquitto logged so far. */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Stops the broker and deletes its temp directory. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }

    /** A port nothing listens on right now (closed again at once). */
    public static int freePort() {
        // never the same port twice in this JVM: a test that takes a port for a second listener and then
        // makes the broker (which takes one too) got the same free port both times (Address already in use)
        while (true) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress("127.0.0.1", 0));
                int port = s.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void signal(String name) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
