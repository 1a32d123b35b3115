package org.fieldgate.gateway.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.fieldgate.drivers.io.gpio.Pi4jGpio;
import org.fieldgate.gateway.broker.LocalBroker;
import org.fieldgate.gateway.clock.SystemClockQuality;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.config.UplinkSection;
import org.fieldgate.gateway.outputs.AlarmSource;
import org.fieldgate.gateway.outputs.OutputController;
import org.fieldgate.gateway.pipeline.Pipeline;
import org.fieldgate.gateway.status.ApiToken;
import org.fieldgate.gateway.status.StatusServer;
import org.fieldgate.gateway.store.SqliteOutboxStore;
import org.fieldgate.gateway.store.StoreException;
import org.fieldgate.gateway.uplink.MqttTransport;
import org.fieldgate.gateway.uplink.Uplink;
import org.fieldgate.gateway.uplink.UplinkFileChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: store, pipeline and rules, local outputs (GPIO sirens), drivers, uplink, local
 * broker and status API,
 * started in the order that lets each find what it needs, and stopped in the reverse order so
 * that every reading a driver delivered is committed before the store closes.
 */
public final class GatewayRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayRuntime.class);

    /** How long a clean stop waits for outstanding PUBACKs before it disconnects. */
    private static final Duration UPLINK_STOP = Duration.ofSeconds(2);

    private final SqliteOutboxStore store;
    private final Pipeline pipeline;
    private final SensorFleet sensors;
    private final OutputController outputs;
    private final LocalBroker broker;
    private final Uplink uplink;
    private final StatusServer status;
    private final Path runFile;
    private volatile boolean running = true;

    private GatewayRuntime(SqliteOutboxStore store, Pipeline pipeline, SensorFleet sensors, OutputController outputs,
                           LocalBroker broker, Uplink uplink, StatusServer status, Path runFile) {
        this.store = store;
        this.pipeline = pipeline;
        this.sensors = sensors;
        this.outputs = outputs;
        this.broker = broker;
        this.uplink = uplink;
        this.status = status;
        this.runFile = runFile;
    }

    /** Starts everything; on failure stops what was started and throws. */
    public static GatewayRuntime start(FieldgateConfig config, String version) throws Exception {
        return start(config, version, Pi4jGpio.production());
    }

    /**
     * Starts everything, with the outputs and silence buttons on {@code gpio} (tests: pi4j's mock
     * context through {@link Pi4jGpio#over}); on failure stops what was started and throws.
     */
    public static GatewayRuntime start(FieldgateConfig config, String version, Pi4jGpio gpio) throws Exception {
        Clock clock = Clock.systemUTC();
        long started = clock.millis();
        String gw = config.gateway().id();
        LOG.info("fieldgate {} starting as gateway {}", version, gw);
        UplinkFileChecks.of(config.uplink().mqtt(), clock).log(LOG);

        // never refuses a damaged store: it is repaired or replaced, and health says so
        SqliteOutboxStore store = SqliteOutboxStore.open(config.storage().path(), clock, config.storage().maxSize());
        List<AutoCloseable> opened = new java.util.ArrayList<>(List.of(store));
        try {
            LOG.info("store {}: {}", config.storage().path(), store.stats());
            UplinkHandle uplinkHandle = new UplinkHandle();
            SystemClockQuality clockQuality = SystemClockQuality.system();
            Pipeline pipeline = new Pipeline(config, store, clock, clockQuality, uplinkHandle::wake);
            opened.add(0, pipeline);
            SensorFleet sensors = new SensorFleet();
            ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
            GatewayStatus facts = new GatewayStatus(config, version, started, clock, clockQuality, store, pipeline,
                    sensors, json);

            LocalBroker broker = null;
            UplinkSection.Mqtt mqtt = config.uplink().mqtt();
            Function<MqttTransport.Will, MqttTransport> transports = null;
            if (config.localBroker().enabled()) {
                broker = LocalBroker.start(config.localBroker(),
                        mqtt.clientId() == null ? "fieldgate-" + gw : mqtt.clientId());
                opened.add(0, broker);
                facts.localBroker(broker.address().toString());
                if (mqtt.servers().isEmpty()) {
                    // in-process: no client connection that an outside client could take over
                    mqtt = withServers(mqtt, List.of(broker.url()));
                    MqttTransport local = broker.transport();
                    transports = will -> local;
                }
            }
            if (transports == null) {
                transports = Uplink.pahoTransports(mqtt, gw, password(mqtt.passwordFile()));
            }
            Uplink uplink = new Uplink(mqtt, gw, version, store, transports, facts::health, clock);
            opened.add(0, uplink);
            uplink.sendFromMemory(pipeline.unstoredAlerts()); // alerts the store cannot write
            uplinkHandle.set(uplink);
            facts.uplink(uplink::status);

            pipeline.start();
            // outputs at their safe state, then at once what the (restored) alarms ask for
            OutputController outputs = OutputController.of(config, AlarmSource.of(pipeline), gpio, gpio);
            outputs.start();
            opened.add(0, outputs);
            uplink.start();
            // per-sensor state (e.g. rain totals) lives next to the store
            Path stateRoot = config.storage().path().toAbsolutePath().getParent().resolve("sensors");
            sensors.start(config.sensors(), clock, stateRoot, pipeline::forSensor);
            opened.add(0, sensors);

            StatusServer status = StatusServer.start(config.status().bind(), config.status().portFallback(),
                    facts::report, pipeline::alive, json, outputs, ApiToken.forGateway(config));
            opened.add(0, status);

            Path runFile = RunFile.beside(config.storage().path());
            new RunFile(ProcessHandle.current().pid(), started, "http://" + status.address(), mqtt.servers().get(0))
                    .write(runFile);
            LOG.info("gateway {} running: {} sensors, {} rules, uplink to {}", gw, config.sensors().size(),
                    config.rules().size(), mqtt.servers());
            return new GatewayRuntime(store, pipeline, sensors, outputs, broker, uplink, status, runFile);
        } catch (Exception | Error e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** Uplink to the embedded broker, whose message size limit the runtime knows. */
    private static UplinkSection.Mqtt withServers(UplinkSection.Mqtt m, List<String> servers) {
        return new UplinkSection.Mqtt(servers, m.topicRoot(), m.tls(), m.username(), m.passwordFile(), m.clientId(),
                m.keepAlive(), m.health(), m.maxInflight(),
                Math.min(m.maxMessageSize(), LocalBroker.MAX_MESSAGE_BYTES));
    }

    /** The first line of {@code password_file}, or null; never logged. */
    private static char[] password(Path file) throws IOException {
        if (file == null) {
            return null;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        return (nl >= 0 ? text.substring(0, nl) : text).strip().toCharArray();
    }

    /** False once stopping began. */
    public boolean running() {
        return running;
    }

    /**
     * Stops in order: drivers (no new readings), outputs (every pin to its safe state), pipeline
     * (commits the last batches), uplink
     * (announces offline), status, broker, store.
     */
    @Override
    public void close() {
        running = false;
        sensors.close();
        outputs.close();
        pipeline.close();
        uplink.close(UPLINK_STOP);
        status.close();
        if (broker != null) {
            broker.close();
        }
        try {
            LOG.info("store at stop: {}", store.stats());
        } catch (StoreException e) {
            LOG.warn("store at stop: {}", e.getMessage());
        }
        store.close();
        try {
            Files.deleteIfExists(runFile);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", runFile, e.getMessage());
        }
    }

    /** Lets the pipeline wake an uplink that is created after it. */
    private static final class UplinkHandle {
        private volatile Uplink uplink;

        void set(Uplink u) {
            uplink = u;
        }

        void wake() {
            Uplink u = uplink;
            if (u != null) {
                u.wake();
            }
        }
    }
}
