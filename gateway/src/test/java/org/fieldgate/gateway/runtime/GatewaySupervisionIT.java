package org.fieldgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.drivers.testing.Await;
import org.fieldgate.gateway.cli.RunCommand;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real runtime (embedded broker, in-process uplink, status API, a test driver) with its threads
 * killed one by one: each is started again, or, for the embedded broker, {@code /healthz} answers
 * 503 and {@code fieldgate run} ends with exit code 70. The flusher, the outputs and the status
 * loop are killed in their own tests (PipelineFlusherSupervisionTest, OutputControllerTest,
 * SelectorHttpServerTest), as is the uplink with a fake broker (UplinkSupervisionTest).
 */
class GatewaySupervisionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger GATEWAYS = new AtomicInteger();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private GatewayRuntime runtime;
    private String statusUrl;
    private String sensor;

    @AfterEach
    void tearDown() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private void start() throws Exception {
        // a sensor id of its own per test: the test driver's kill switches are static
        sensor = "c" + GATEWAYS.incrementAndGet();
        Path yaml = dir.resolve("gw.yaml");
        Files.writeString(yaml, """
                gateway: { id: gw-sup }
                local_broker: { enabled: true, bind: "127.0.0.1:0" }
                uplink: { mqtt: { health: 1s } }
                storage: { path: store.db }
                status: { http: { bind: "127.0.0.1:0" } }
                pipeline: { batch: 1s } # the first telemetry within a second, not after the default 10 s
                sensors:
                  - { id: %s, driver: test-crash, every: 100ms }
                """.formatted(sensor));
        FieldgateConfig config = ConfigLoader.load(yaml, DriverRegistry.load());
        runtime = GatewayRuntime.start(config, "test");
        statusUrl = RunFile.read(RunFile.beside(config.storage().path())).statusUrl();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(statusUrl + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode thread(String name) throws Exception {
        for (JsonNode t : JSON.readTree(get("/api/status").body()).path("threads")) {
            if (t.path("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no thread " + name + " in /api/status");
    }

    /** The shared {@link Await}, for checks that read the status API (an I/O failure fails the wait). */
    private static void await(String what, Duration limit, Check check) {
        Await.until(what, (int) limit.toSeconds(), () -> {
            try {
                return check.ok();
            } catch (Exception e) {
                throw new AssertionError(what + ": " + e, e);
            }
        });
    }

    @FunctionalInterface
    private interface Check {
        boolean ok() throws Exception;
    }

    @Test
    void everyLongLivedPartIsListedRunningAndHealthzSaysOk() throws Exception {
        start();
        JsonNode threads = JSON.readTree(get("/api/status").body()).path("threads");
        assertThat(threads.findValuesAsText("name")).containsExactly("broker", "pipeline-flush", "outputs", "uplink",
                "driver-" + sensor, "status-http");
        assertThat(threads.findValuesAsText("state")).containsOnly("running");
        HttpResponse<String> health = get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
    }

    @Test
    void aDriverWhoseReadingThreadDiesIsCreatedAgainThroughItsFactory() throws Exception {
        start();
        assertThat(TestCrashDriverFactory.created(sensor)).isEqualTo(1);
        TestCrashDriverFactory.killReader(sensor);
        await("the driver restarted", Duration.ofSeconds(10),
                () -> thread("driver-" + sensor).path("restarts").asLong() == 1
                        && thread("driver-" + sensor).path("state").asText().equals("running"));
        assertThat(TestCrashDriverFactory.created(sensor)).isEqualTo(2);
        assertThat(thread("driver-" + sensor).path("last_error").asText()).isEqualTo("thread ended");
        long before = readings();
        await("readings flow from the new driver", Duration.ofSeconds(5), () -> readings() > before);
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    private long readings() throws Exception {
        JsonNode s = JSON.readTree(get("/api/status").body()).path("sensors").get(0);
        return s.path("counters").path("readings").asLong();
    }

    @Test
    void theUplinkKilledByAnErrorIsStartedAgainAndPublishesAgain() throws Exception {
        start();
        await("the uplink publishes", Duration.ofSeconds(20),
                () -> JSON.readTree(get("/api/status").body()).path("uplink").path("published").asLong() > 0);
        // the health message reads the driver's counters on the uplink thread: that call throws
        TestCrashDriverFactory.killCallerNamed("uplink", new AssertionError("the uplink thread, killed"));
        await("the uplink restarted", Duration.ofSeconds(10), () -> thread("uplink").path("restarts").asLong() == 1
                && thread("uplink").path("state").asText().equals("running"));
        assertThat(thread("uplink").path("last_error").asText()).isEqualTo("AssertionError: the uplink thread, killed");
        long published = JSON.readTree(get("/api/status").body()).path("uplink").path("published").asLong();
        await("it publishes again", Duration.ofSeconds(10),
                () -> JSON.readTree(get("/api/status").body()).path("uplink").path("published").asLong() > published);
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void theEmbeddedBrokersDeathIsFatal() throws Exception {
        start();
        runtime.broker().stop(); // as if Moquette had died under the gateway
        await("healthz 503", Duration.ofSeconds(10), () -> get("/healthz").statusCode() == 503);
        assertThat(get("/healthz").body()).isEqualTo("dead: broker\n");
        assertThat(thread("broker").path("state").asText()).isEqualTo("dead");

        // what fieldgate run then does (here the death came before it waited, which changes nothing)
        int exit = RunCommand.runUntilStopped(runtime, new CountDownLatch(1));
        assertThat(exit).as("fieldgate run's exit code").isEqualTo(RunCommand.DEAD_PART).isEqualTo(70);
        runtime = null; // stopped by the run
    }

    @Test
    void anOutOfMemoryErrorEndingAnyThreadEndsTheRunWithSeventy() throws Exception {
        start();
        CountDownLatch neverSignalled = new CountDownLatch(1);
        int[] exit = {-1};
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread run = new Thread(() -> exit[0] = RunCommand.runUntilStopped(runtime, neverSignalled), "fieldgate-run");
        run.start();
        await("fieldgate run is waiting", Duration.ofSeconds(5), () -> Thread.getDefaultUncaughtExceptionHandler() != before);

        Thread victim = new Thread(() -> {
            throw new OutOfMemoryError("Java heap space (thrown by the test)");
        }, "some-library-thread");
        victim.start();
        victim.join();
        run.join(40_000);
        assertThat(exit[0]).isEqualTo(70);
        runtime = null;
    }

    @Test
    void aCleanStopIsNoDeath() throws Exception {
        start();
        CountDownLatch stop = new CountDownLatch(1);
        int[] exit = {-1};
        Thread run = new Thread(() -> exit[0] = RunCommand.runUntilStopped(runtime, stop), "fieldgate-run");
        run.start();
        Thread.sleep(1_500); // a watchdog round or so
        stop.countDown();
        run.join(20_000);
        assertThat(exit[0]).isZero();
        assertThat(runtime.supervisor().deadPart()).as("stopping parts are not dying").isNull();
        runtime = null;
    }
}
