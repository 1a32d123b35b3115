package org.fieldgate.gateway.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.fieldgate.gateway.signing.CommandSignature;
import org.fieldgate.gateway.signing.Ed25519Pem;
import org.fieldgate.gateway.uplink.PahoMqttTransport;

/**
 * A central operator in a test: an Ed25519 key pair in files (as {@code fieldgate keygen} writes
 * them), commands signed with it (or tampered with), published to a real broker.
 */
public final class CentralOperator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String gw;
    private final KeyPair key;
    private final Path publicKey;
    private final Path privateKey;
    private final PahoMqttTransport mqtt;

    private CentralOperator(String gw, KeyPair key, Path publicKey, Path privateKey, PahoMqttTransport mqtt) {
        this.gw = gw;
        this.key = key;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.mqtt = mqtt;
    }

    /** A key pair {@code name.pub}/{@code name.key} in {@code dir}, publishing at {@code brokerUrl}. */
    public static CentralOperator create(Path dir, String name, String gw, String brokerUrl) throws Exception {
        KeyPair key = Ed25519Pem.generate();
        Path pub = dir.resolve(name + ".pub");
        Path priv = dir.resolve(name + ".key");
        Files.writeString(pub, Ed25519Pem.publicPem(key.getPublic()));
        Files.writeString(priv, Ed25519Pem.privatePem(key.getPrivate()));
        PahoMqttTransport mqtt = new PahoMqttTransport("central-" + name + "-" + System.nanoTime(),
                new PahoMqttTransport.Options(Duration.ofSeconds(30), Duration.ofSeconds(10), 10, null, null, null, null));
        mqtt.connect(brokerUrl).get(15, TimeUnit.SECONDS);
        return new CentralOperator(gw, key, pub, priv, mqtt);
    }

    public Path publicKey() {
        return publicKey;
    }

    public Path privateKey() {
        return privateKey;
    }

    /** A command signed by this operator now. */
    public ObjectNode signed(String name, String id, ObjectNode args) {
        return signed(name, id, System.currentTimeMillis(), args);
    }

    /** A command signed by this operator as of {@code t}. */
    public ObjectNode signed(String name, String id, long t, ObjectNode args) {
        ObjectNode c = JSON.createObjectNode().put("v", 1).put("id", id).put("t", t);
        c.set("args", args);
        c.put("sig", CommandSignature.sign(CommandSignature.signedBytes(gw, name, 1, id, t, args), key.getPrivate()));
        return c;
    }

    public static ObjectNode args() {
        return JSON.createObjectNode();
    }

    /** Publishes {@code command} on {@code R/G/cmd/{name}} (QoS 1). */
    public void send(String root, String name, ObjectNode command) throws Exception {
        mqtt.publish(root + "/" + gw + "/cmd/" + name, JSON.writeValueAsBytes(command), 1, false).get(10, TimeUnit.SECONDS);
    }

    /** Publishes any bytes on any topic (QoS 1), as another client with the broker's permission would. */
    public void publishRaw(String topic, byte[] payload) throws Exception {
        mqtt.publish(topic, payload, 1, false).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        mqtt.close();
    }
}
