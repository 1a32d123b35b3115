package org.fieldgate.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.gateway.config.UplinkSection;
import org.fieldgate.gateway.contract.Topics;
import org.fieldgate.gateway.signing.CommandSignature;
import org.fieldgate.gateway.signing.Ed25519Pem;
import org.fieldgate.gateway.uplink.PahoMqttTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fieldgate command}: the reference client of the command contract (docs/commands.md). Signs
 * a command with the operator's Ed25519 key, subscribes to its reply topic, publishes it, prints
 * every reply and exits 0 when the final one is {@code done}.
 */
@Command(name = "command", mixinStandardHelpOptions = true,
        description = {"Signs (Ed25519) and sends a command to a gateway over MQTT, waits for its reply, prints it.",
            "Commands: ping, status, ack rule=R, selftest, dead-letters [action=requeue seqs=[1,2]],"
                + " config --file NEW.yaml.",
            "Arguments k=v: a whole number or true/false is sent as such, [..] or {..} as JSON, anything else as"
                + " text."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:rejected, failed, rolled back or no reply in time", "2:usage"})
public final class SendCommand implements java.util.concurrent.Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--server", required = true, description = "Broker URI, e.g. ssl://broker.example:8883.")
    String server;

    @Option(names = "--root", defaultValue = UplinkSection.Mqtt.DEFAULT_TOPIC_ROOT, description = "Topic root (default: ews).")
    String root;

    @Option(names = "--gw", required = true, description = "The gateway's id.")
    String gw;

    @Option(names = "--key", required = true, description = "The operator's Ed25519 private key (PEM).")
    Path key;

    @Option(names = "--file", description = "A file whose text goes in args.yaml (config).")
    Path file;

    @Option(names = "--id", description = "The command's id (default: a fresh UUID). Never reuse one.")
    String id;

    @Option(names = "--timeout", defaultValue = "5m", description = "How long to wait for the final reply (default: 5m;"
            + " a config takes its probation and more).")
    String timeout;

    @Option(names = "--tls-ca", description = "CA file (PEM) for an ssl:// server.")
    Path tlsCa;

    @Option(names = "--tls-cert", description = "Client certificate (PEM), with --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", description = "Client key (PEM), with --tls-cert.")
    Path tlsKey;

    @Option(names = "--username", description = "MQTT user name.")
    String username;

    @Option(names = "--password-file", description = "File whose first line is the MQTT password.")
    Path passwordFile;

    @Parameters(index = "0", description = "The command name.")
    String name;

    @Parameters(index = "1..*", description = "Arguments as k=v.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ObjectNode a = JSON.createObjectNode();
        for (String kv : args) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                err.println("fieldgate command: argument '" + kv + "' is not k=v");
                return 2;
            }
            a.set(kv.substring(0, eq), value(kv.substring(eq + 1)));
        }
        if (file != null) {
            a.put("yaml", Files.readString(file, StandardCharsets.UTF_8));
        }
        String commandId = id != null ? id : UUID.randomUUID().toString();
        PrivateKey signer;
        try {
            signer = Ed25519Pem.readPrivate(key);
        } catch (IOException e) {
            err.println("fieldgate command: " + key + ": " + e.getMessage());
            return 2;
        }
        long t = System.currentTimeMillis();
        ObjectNode command = JSON.createObjectNode().put("v", 1).put("id", commandId).put("t", t);
        command.set("args", a);
        try {
            command.put("sig", CommandSignature.sign(CommandSignature.signedBytes(gw, name, 1, commandId, t, a), signer));
        } catch (IllegalArgumentException e) {
            err.println("fieldgate command: " + e.getMessage());
            return 2;
        }
        Topics topics = new Topics(root, gw);
        Duration wait = DurationText.parse(timeout);
        UplinkSection.Tls tls = tlsCa == null && tlsCert == null ? null : new UplinkSection.Tls(tlsCa, tlsCert, tlsKey);
        char[] password = passwordFile == null ? null
                : new UplinkSection.Mqtt(List.of(), null, null, null, passwordFile, null, null, null, 0).readPassword();
        CompletableFuture<JsonNode> last = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean accepted = new java.util.concurrent.atomic.AtomicBoolean();
        try (PahoMqttTransport mqtt = new PahoMqttTransport("fieldgate-command-" + ProcessHandle.current().pid(),
                new PahoMqttTransport.Options(Duration.ofSeconds(30), Duration.ofSeconds(10), 10, username, password,
                        tls, null))) {
            mqtt.connect(server).get(15, TimeUnit.SECONDS);
            mqtt.subscribe(topics.reply(commandId), 1, (topic, payload, retained) -> {
                JsonNode reply;
                try {
                    reply = JSON.readTree(payload);
                } catch (IOException e) {
                    return;
                }
                synchronized (out) {
                    out.println(TerminalText.escape(new String(payload, StandardCharsets.UTF_8)));
                    out.flush();
                }
                String status = reply.path("status").asText();
                if (status.equals("accepted")) {
                    accepted.set(true);
                } else if (!(status.equals("rejected") && accepted.get())) {
                    // a rejected after accepted answers a duplicate delivery, not this command
                    last.complete(reply);
                }
            }).get(15, TimeUnit.SECONDS);
            mqtt.publish(topics.cmd(name), JSON.writeValueAsBytes(command), 1, false).get(15, TimeUnit.SECONDS);
            err.println("fieldgate command: sent " + name + " " + commandId + " to " + gw + "; waiting for its reply");
            err.flush();
            JsonNode reply = last.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            mqtt.disconnect(2000);
            return "done".equals(reply.path("status").asText()) ? 0 : 1;
        } catch (TimeoutException e) {
            err.println("fieldgate command: no final reply within " + timeout + " (is the gateway online?"
                    + " a command sent while it is offline is not kept)");
            return 1;
        } catch (ExecutionException e) {
            err.println("fieldgate command: " + server + ": " + e.getCause().getMessage());
            return 1;
        }
    }

    /** A whole number or true/false as such, [..] or {..} as JSON, else text. */
    private static JsonNode value(String text) throws IOException {
        if (text.matches("-?\\d{1,15}") || text.equals("true") || text.equals("false")
                || text.startsWith("[") || text.startsWith("{")) {
            return JSON.readTree(text);
        }
        return JSON.getNodeFactory().textNode(text);
    }
}
