package org.fieldgate.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fieldgate.gateway.runtime.RunFile;

/**
 * A real gateway: {@code java -jar fieldgate-gateway-*-all.jar run --config FILE} as a child process,
 * exactly as {@code bin/fieldgate} runs it. Its stderr (the log) goes to a file beside the config.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path config;
    private final Path storeFile;
    private final Path log;
    private List<String> wrapper = List.of();
    private final java.util.Map<String, String> environment = new java.util.LinkedHashMap<>();
    private Process process;

    private GatewayProcess(Path config, Path storeFile, Path log) {
        this.config = config;
        this.storeFile = storeFile;
        this.log = log;
    }

    /** The runnable jar built by {@code mvn package} (failsafe runs after it). */
    public static Path runtimeJar() throws IOException {
        Path target = Path.of("target");
        try (var files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("fieldgate-gateway-.*-all\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no runnable jar in " + target.toAbsolutePath()
                            + ": run `mvn verify`, not just the test phase"));
        }
    }

    /** Runs {@code fieldgate ARGS…} to completion and returns exit code and output. */
    public static Result runCli(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = javaCommand();
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("fieldgate " + String.join(" ", args) + " did not finish in " + timeout);
        }
        return new Result(p.exitValue(), new String(out), new String(err));
    }

    /** Exit code, stdout and stderr of a finished CLI call. */
    public record Result(int exit, String out, String err) {
    }

    private static List<String> javaCommand() throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx64m");
        // as bin/fieldgate runs it: no hsperfdata file rewritten under /tmp (counted in write_bytes)
        cmd.add("-XX:+PerfDisableSharedMem");
        cmd.add("-jar");
        cmd.add(runtimeJar().toAbsolutePath().toString());
        return cmd;
    }

    /** Writes {@code yaml} to {@code dir/gateway.yaml}; the store must be {@code dir/store.db}. */
    public static GatewayProcess prepare(Path dir, String yaml) throws IOException {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, yaml);
        return new GatewayProcess(config, dir.resolve("store.db"), dir.resolve("gateway.log"));
    }

    /** Writes {@code yaml} to {@code dir/gateway.yaml} (log beside it) for a store elsewhere, at {@code storeFile}. */
    public static GatewayProcess prepare(Path dir, Path storeFile, String yaml) throws IOException {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, yaml);
        return new GatewayProcess(config, storeFile, dir.resolve("gateway.log"));
    }

    /**
     * Runs the gateway under {@code command} (e.g. {@code strace -f -o FILE}), which must run the
     * rest of its arguments as its only child; {@link #gatewayPid()} is then that child's pid.
     */
    public GatewayProcess wrappedIn(List<String> command) {
        wrapper = List.copyOf(command);
        return this;
    }

    /** Sets an environment variable of the gateway's process (e.g. systemd's {@code NOTIFY_SOCKET}). */
    public GatewayProcess withEnvironment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public GatewayProcess start() throws IOException {
        Files.deleteIfExists(RunFile.beside(storeFile));
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(javaCommand());
        cmd.addAll(List.of("run", "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().putAll(environment);
        process = builder
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return this;
    }

    public Process process() {
        return process;
    }

    /** The pid of the gateway's JVM (not of a {@link #wrappedIn wrapper}); waits for it to exist. */
    public long gatewayPid() throws InterruptedException {
        if (wrapper.isEmpty()) {
            return process.pid();
        }
        for (int i = 0; i < 100; i++) {
            var child = process.children().findFirst();
            if (child.isPresent()) {
                return child.get().pid();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(wrapper.get(0) + " started no gateway");
    }

    public Path config() {
        return config;
    }

    public Path storeFile() {
        return storeFile;
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Waits for the run file, i.e. for the gateway to be up. */
    public RunFile awaitUp(Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        Path run = RunFile.beside(storeFile);
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway exited with " + process.exitValue() + ":\n" + log());
            }
            if (Files.isRegularFile(run)) {
                return RunFile.read(run);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("gateway not up after " + timeout + ":\n" + log());
    }

    /** GET /api/status of the running gateway. */
    public JsonNode status() throws Exception {
        RunFile run = RunFile.read(RunFile.beside(storeFile));
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(run.statusUrl() + "/api/status")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** Sends SIGTERM and waits; returns the exit code. */
    public int terminate(Duration timeout) throws Exception {
        gateway().destroy(); // a wrapper exits with its gateway
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("gateway did not stop within " + timeout + " of SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    /** SIGKILL, as a crash or a power cut would. */
    public void kill() throws InterruptedException {
        gateway().destroyForcibly(); // a wrapper exits with its gateway
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private ProcessHandle gateway() throws InterruptedException {
        return wrapper.isEmpty() ? process.toHandle() : ProcessHandle.of(gatewayPid()).orElse(process.toHandle());
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
