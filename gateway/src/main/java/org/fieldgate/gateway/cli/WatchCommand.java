package org.fieldgate.gateway.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fieldgate.gateway.config.UplinkSection;
import org.fieldgate.gateway.uplink.PahoMqttTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code fieldgate watch}: subscribes to a gateway's topics and prints each message on one line. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Subscribes to the gateway's topics (R/G/#) and prints each message as it comes: "
                + "time, topic, [retained], payload; control characters are shown escaped (\\u001b).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped (Ctrl-C, or --count/--timeout reached)", "1:broker unreachable", "2:usage or config error"})
public final class WatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", description = "The gateway's config: broker, topic root and gateway id come from it "
            + "(and the real broker address from its run file).")
    Path config;

    @Option(names = "--server", description = "Broker URI, e.g. tcp://127.0.0.1:1883 (overrides the config).")
    String server;

    @Option(names = "--root", description = "Topic root (default: the config's, else ews).")
    String root;

    @Option(names = "--gw", description = "Gateway id (default: the config's; + for every gateway).")
    String gw;

    @Option(names = "--count", description = "Exit after this many messages.")
    Integer count;

    @Option(names = "--timeout", description = "Exit after this long, e.g. 2m.")
    String timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String uri = server;
        String topicRoot = root;
        String gateway = gw;
        if (config != null) {
            try {
                GatewayAddress address = GatewayAddress.of(config);
                uri = uri != null ? uri : address.brokerUrl();
                topicRoot = topicRoot != null ? topicRoot : address.config().uplink().mqtt().topicRoot();
                gateway = gateway != null ? gateway : address.config().gateway().id();
            } catch (GatewayAddress.NotFound e) {
                err.println("fieldgate watch: " + e.getMessage());
                return e.exitCode();
            }
        }
        if (uri == null) {
            err.println("fieldgate watch: give --config FILE or --server URI");
            return 2;
        }
        String filter = (topicRoot != null ? topicRoot : UplinkSection.Mqtt.DEFAULT_TOPIC_ROOT) + "/" + (gateway != null ? gateway : "+") + "/#";
        Duration limit = timeout == null ? null : org.fieldgate.drivers.DurationText.parse(timeout);

        CountDownLatch done = new CountDownLatch(1);
        Signal.handle(new Signal("INT"), s -> done.countDown());
        Signal.handle(new Signal("TERM"), s -> done.countDown());
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        String clientId = "fieldgate-watch-" + ProcessHandle.current().pid();
        try (PahoMqttTransport mqtt = new PahoMqttTransport(clientId, new PahoMqttTransport.Options(
                Duration.ofSeconds(30), Duration.ofSeconds(10), 10, null, null, null, null))) {
            try {
                mqtt.connect(uri).get(15, TimeUnit.SECONDS);
                // QoS 0: a live display needs no acknowledgements, and Moquette 0.17 drops the retain
                // flag when it delivers a retained message at QoS 1
                mqtt.subscribe(filter, 0, (topic, payload, retained) -> {
                    synchronized (out) {
                        // topic and payload come from any publisher: never raw to the terminal
                        out.println(Instant.now() + " " + TerminalText.escape(topic) + (retained ? " [retained] " : " ")
                                + TerminalText.escape(new String(payload, StandardCharsets.UTF_8)));
                        out.flush();
                    }
                    if (count != null && seen.incrementAndGet() >= count) {
                        done.countDown();
                    }
                }).get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                err.println("fieldgate watch: cannot subscribe at " + uri + ": " + cause.getMessage());
                return 1;
            }
            err.println("fieldgate watch: " + filter + " at " + uri);
            err.flush();
            if (limit == null) {
                done.await();
            } else {
                done.await(limit.toMillis(), TimeUnit.MILLISECONDS);
            }
            mqtt.disconnect(2000);
        }
        return 0;
    }
}
