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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.fieldgate.drivers.io.gpio.Pi4jGpio;
import org.fieldgate.gateway.broker.LocalBroker;
import org.fieldgate.gateway.commands.CommandGate;
import org.fieldgate.gateway.commands.CommandWorker;
import org.fieldgate.gateway.commands.Outcome;
import org.fieldgate.gateway.commands.SeenCommandIds;
import org.fieldgate.gateway.contract.ConfigIdentity;
import org.fieldgate.gateway.remoteconfig.ConfigVersions;
import org.fieldgate.gateway.status.StatusReport;
import org.fieldgate.gateway.clock.SystemClockQuality;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.config.UplinkSection;
import org.fieldgate.gateway.outputs.AlarmSource;
import org.fieldgate.gateway.outputs.OutputController;
import org.fieldgate.gateway.service.ServiceNotifier;
import org.fieldgate.gateway.pipeline.Pipeline;
import org.fieldgate.gateway.status.ApiToken;
import org.fieldgate.gateway.history.ReadingHistory;
import org.fieldgate.gateway.status.CrewPin;
import org.fieldgate.gateway.status.StatusServer;
import org.fieldgate.gateway.store.SqliteOutboxStore;
import org.fieldgate.gateway.store.StoreException;
import org.fieldgate.gateway.supervision.Supervisor;
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
 *
 * <p>Every long-lived part is supervised ({@link Supervisor}): the uplink and the status server's
 * loop are restarted with backoff, each driver whose thread ended is replaced through its factory,
 * the pipeline's flusher and the outputs survive any failure of a tick, and the embedded broker's
 * death is fatal. A dead part makes {@code /healthz} answer 503 and {@link #runUntil} return it, so
 * that {@code fieldgate run} exits for the service manager to start the gateway afresh.
 */
public final class GatewayRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayRuntime.class);

    /** How long a clean stop waits for outstanding PUBACKs before it disconnects. */
    private static final Duration UPLINK_STOP = Duration.ofSeconds(2);

    private final SqliteOutboxStore store;
    private final Pipeline pipeline;
    private final SensorFleet sensors;
    private final ReadingHistory history;
    private final OutputController outputs;
    private final LocalBroker broker;
    private final Uplink uplink;
    private final StatusServer status;
    private final Supervisor supervisor;
    private final ServiceNotifier service;
    private final Path runFile;
    private final CommandWorker commands;
    private final RuntimeCommandTargets commandTargets;
    private final CompletableFuture<ConfigSwitch> switches;
    private volatile boolean running = true;

    private GatewayRuntime(SqliteOutboxStore store, Pipeline pipeline, SensorFleet sensors, ReadingHistory history,
                           OutputController outputs, LocalBroker broker, Uplink uplink, StatusServer status,
                           Supervisor supervisor, ServiceNotifier service, Path runFile, CommandWorker commands,
                           RuntimeCommandTargets commandTargets, CompletableFuture<ConfigSwitch> switches) {
        this.commands = commands;
        this.commandTargets = commandTargets;
        this.switches = switches;
        this.supervisor = supervisor;
        this.service = service;
        this.history = history;
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
        return start(config, version, gpio, RemoteSide.NONE);
    }

    /**
     * Which config runs and how it may change remotely: its identity (birth, health, status), the
     * versions a {@code config} command writes to, and the end of a probation in progress.
     *
     * @param probationUntil ms, or null when the config is not on probation
     */
    record RemoteSide(ConfigIdentity identity, ConfigVersions versions, Long probationUntil) {
        static final RemoteSide NONE = new RemoteSide(ConfigIdentity.UNKNOWN, null, null);
    }

    /** Starts everything as {@link #start(FieldgateConfig, String, Pi4jGpio)}, with remote configuration. */
    static GatewayRuntime start(FieldgateConfig config, String version, Pi4jGpio gpio, RemoteSide remote)
            throws Exception {
        Clock clock = Clock.systemUTC();
        long started = clock.millis();
        String gw = config.gateway().id();
        LOG.info("fieldgate {} starting as gateway {}", version, gw);
        UplinkFileChecks.of(config.uplink().mqtt(), clock).log(LOG);

        // never refuses a damaged store: it is repaired or replaced, and health says so
        SqliteOutboxStore store = SqliteOutboxStore.open(config.storage().path(), clock, config.storage().maxSize());
        Supervisor supervisor = Supervisor.system();
        List<AutoCloseable> opened = new java.util.ArrayList<>(List.of(supervisor, store));
        try {
            LOG.info("store {}: {}", config.storage().path(), store.stats());
            UplinkHandle uplinkHandle = new UplinkHandle();
            SystemClockQuality clockQuality = SystemClockQuality.system();
            Pipeline pipeline = new Pipeline(Pipeline.Parts.of(config, store, clock, clockQuality,
                    uplinkHandle::wake));
            opened.add(1, pipeline); // every part after the supervisor, which closes first
            SensorFleet sensors = new SensorFleet();
            ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
            GatewayStatus facts = new GatewayStatus(config, version, started, clock, clockQuality, store, pipeline,
                    sensors);

            LocalBroker broker = null;
            UplinkSection.Mqtt mqtt = config.uplink().mqtt();
            Function<MqttTransport.Will, MqttTransport> transports = null;
            if (config.localBroker().enabled()) {
                broker = LocalBroker.start(config.localBroker(),
                        mqtt.clientIdFor(gw));
                opened.add(1, broker); // after the supervisor: a broker stopped on a failed start is no death
                // Moquette cannot be restarted under its subscribers and the in-process uplink: fatal
                supervisor.watch("broker", broker::alive, "stopped: a session loop died or the server stopped", null);
                facts.localBroker(broker.address().toString());
                if (mqtt.servers().isEmpty()) {
                    // in-process: no client connection that an outside client could take over
                    mqtt = withServers(mqtt, List.of(broker.url()));
                    MqttTransport local = broker.transport();
                    transports = will -> local;
                }
            }
            if (transports == null) {
                transports = Uplink.pahoTransports(mqtt, gw, mqtt.readPassword());
            }
            Uplink uplink = new Uplink(mqtt, gw, version, store, transports, facts::health, clock);
            opened.add(1, uplink);
            uplink.sendFromMemory(pipeline.unstoredAlerts()); // alerts the store cannot write
            uplinkHandle.set(uplink);
            facts.uplink(uplink::status);
            facts.parts(supervisor::parts);

            pipeline.start(supervisor.pulse("pipeline-flush"));
            // outputs at their safe state, then at once what the (restored) alarms ask for
            OutputController outputs = OutputController.of(config, AlarmSource.of(pipeline), gpio, gpio);
            outputs.start(supervisor.pulse("outputs"));
            opened.add(1, outputs);
            facts.outputs(outputs::states);
            CompletableFuture<ConfigSwitch> switches = new CompletableFuture<>();
            CommandWorker commands = null;
            RuntimeCommandTargets targets = null;
            UplinkSection.Commands commanding = config.uplink().commands();
            if (commanding.enabled()) {
                Path seen = config.storage().path().toAbsolutePath().getParent().resolve("commands-seen");
                CommandGate gate = new CommandGate(gw, commanding, SeenCommandIds.open(seen), clock,
                        clockQuality::knownGood);
                targets = new RuntimeCommandTargets(config, remote.identity(), facts, outputs, store, json,
                        remote.versions(), switches, clock, remote.probationUntil() != null);
                commands = new CommandWorker(gate, targets,
                        (id, cmd, o) -> pipeline.recordReply(id, cmd, o.status(), o.detailJson()));
                commands.start();
                opened.add(1, commands);
                CommandWorker worker = commands;
                uplink.onCommands((topic, payload, retained) -> worker.offer(topic, payload));
                LOG.info("commands: listening on {} for commands signed by {}", mqtt.topicRoot() + "/" + gw + "/cmd/+",
                        commanding.allowUnsigned() ? "anyone (allow_unsigned: LAB ONLY)"
                                : commanding.trust().size() + " trusted key(s)");
            }
            uplink.describeConfig(remote.identity());
            CommandWorker counted = commands;
            facts.runningConfig(() -> new StatusReport.Config(remote.identity().version(), remote.identity().hash(),
                    remote.identity().source(), remote.probationUntil(),
                    counted == null ? java.util.Map.of() : counted.counters()));
            uplink.start(supervisor);
            // per-sensor state (e.g. rain totals) lives next to the store
            Path stateRoot = config.storage().path().toAbsolutePath().getParent().resolve("sensors");
            // the crews' page's history (per-minute min/mean/max) lives next to the store too
            ReadingHistory history = new ReadingHistory(
                    config.storage().path().toAbsolutePath().getParent().resolve("history"), HISTORY_MAX_BYTES,
                    clock::millis);
            history.start();
            opened.add(1, history);
            sensors.start(config.sensors(), clock, stateRoot, id -> history.recording(id, pipeline.forSensor(id)),
                    supervisor);
            opened.add(1, sensors);

            StatusServer status = StatusServer.start(config.status().bind(), config.status().portFallback(),
                    facts::report, facts::liveReport, history, () -> trouble(supervisor), json, outputs,
                    ApiToken.forGateway(config), crewPin(config), outputs, supervisor);
            opened.add(1, status);
            supervisor.startWatchdog();

            Path runFile = RunFile.beside(config.storage().path());
            new RunFile(ProcessHandle.current().pid(), started, "http://" + status.address(), mqtt.servers().get(0))
                    .write(runFile);
            LOG.info("gateway {} running: {} sensors, {} rules, uplink to {}", gw, config.sensors().size(),
                    config.rules().size(), mqtt.servers());
            // systemd (Type=notify): ready now, watchdog pings while the supervisor finds it healthy
            ServiceNotifier service = ServiceNotifier.fromEnvironment(System.getenv(), supervisor::watchdogVerdict,
                    facts::serviceStatus);
            service.ready();
            return new GatewayRuntime(store, pipeline, sensors, history, outputs, broker, uplink, status, supervisor,
                    service, runFile, commands, targets, switches);
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

    /** The disk budget of the crews' page's history (8 days of a few dozen channels fit well within it). */
    static final long HISTORY_MAX_BYTES = 16L << 20;

    /** The crews' PIN the config names; null when it names none (the page is then read-only). */
    private static CrewPin crewPin(FieldgateConfig config) throws IOException {
        Path file = config.status().crewPinFile();
        return file == null ? null : CrewPin.load(file);
    }

    /** Uplink to the embedded broker, whose message size limit the runtime knows. */
    private static UplinkSection.Mqtt withServers(UplinkSection.Mqtt m, List<String> servers) {
        return new UplinkSection.Mqtt(servers, m.topicRoot(), m.tls(), m.username(), m.passwordFile(), m.clientId(),
                m.keepAlive(), m.health(), m.maxInflight(),
                Math.min(m.maxMessageSize(), LocalBroker.MAX_MESSAGE_BYTES));
    }

    /** The first line of {@code password_file}, or null; never logged. */
    /** What {@code /healthz} reports: null while every part lives, else {@code dead: <part>}. */
    private static String trouble(Supervisor supervisor) {
        String dead = supervisor.deadPart();
        return dead == null ? null : "dead: " + dead;
    }

    /** False once stopping began. */
    public boolean running() {
        return running;
    }

    /**
     * Waits until {@code stop} is counted down (SIGTERM, SIGINT) or a part dies, whichever comes
     * first; does not stop the gateway ({@link #close()} does).
     *
     * @return the dead part, or empty when stopped by {@code stop}
     */
    public Optional<String> runUntil(CountDownLatch stop) throws InterruptedException {
        CompletableFuture<String> death = supervisor.death();
        while (!stop.await(200, TimeUnit.MILLISECONDS)) {
            if (death.isDone()) {
                return Optional.of(death.join());
            }
        }
        return Optional.empty();
    }

    /**
     * Declares {@code part} dead at once: what {@code fieldgate run} does with an
     * {@link OutOfMemoryError} that ended a thread of no supervised part.
     */
    public void fatal(String part, Throwable cause) {
        supervisor.fatal(part, cause);
    }

    /** The exit code when a supervised part died (EX_SOFTWARE): the service manager starts the gateway again. */
    public static final int DEAD_PART = 70;
    /** How long the stop after a death may take: a hung part must not keep a dead gateway running. */
    private static final long DEATH_STOP_MS = 30_000;

    /**
     * Stops after the death of {@code dead}, within {@link #DEATH_STOP_MS} at most, and answers
     * {@link #DEAD_PART}.
     */
    public int stopAfterDeath(String dead) {
        LOG.error("{} is dead: stopping, exit {} for the service manager to start the gateway again", dead,
                DEAD_PART);
        Thread closer = new Thread(this::close, "stop-after-death");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(DEATH_STOP_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.error("stop did not finish within {} s; exiting anyway", DEATH_STOP_MS / 1000);
        }
        return DEAD_PART;
    }

    /** Completes when a {@code config} command asks for another version. */
    CompletableFuture<ConfigSwitch> switches() {
        return switches;
    }

    /** Completes with the dead part's name when one dies. */
    CompletableFuture<String> death() {
        return supervisor.death();
    }

    /** Records a command's reply (through the store). */
    boolean reply(String id, String cmd, Outcome outcome) {
        return pipeline.recordReply(id, cmd, outcome.status(), outcome.detailJson());
    }

    /** The running config passed its probation: a new one may be sent. */
    void probationOver() {
        if (commandTargets != null) {
            commandTargets.probationOver();
        }
    }

    /** True while the uplink is connected. */
    boolean uplinkConnected() {
        return uplink.status().connected();
    }

    /** Each sensor's state now, by id. */
    java.util.Map<String, org.fieldgate.drivers.SensorState> sensorStates() {
        return sensors.states();
    }

    /** The supervisor of this gateway's parts (tests). */
    Supervisor supervisor() {
        return supervisor;
    }

    /** The embedded broker, or null (tests). */
    LocalBroker broker() {
        return broker;
    }

    /**
     * Stops in order: drivers (no new readings), outputs (every pin to its safe state), pipeline
     * (commits the last batches), uplink
     * (announces offline), status, broker, store.
     */
    @Override
    public void close() {
        running = false;
        service.stopping();
        supervisor.close(); // parts stopping now are not dying
        if (commands != null) {
            commands.close(); // no command starts while the parts it acts on stop
        }
        sensors.close();
        history.close(); // writes the minutes still in memory
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
        service.close();
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
