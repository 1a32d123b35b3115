package org.fieldgate.gateway.remoteconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.fieldgate.drivers.DriverRegistry;
import org.fieldgate.gateway.config.ConfigLoader;
import org.fieldgate.gateway.config.FieldgateConfig;
import org.fieldgate.gateway.signing.Ed25519Pem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteConfigRulesTest {

    @TempDir
    Path dir;

    private KeyPair ops;
    private FieldgateConfig running;

    @BeforeEach
    void keys() throws Exception {
        ops = Ed25519Pem.generate();
        Files.writeString(dir.resolve("ops.pub"), Ed25519Pem.publicPem(ops.getPublic()));
        Files.writeString(dir.resolve("other.pub"), Ed25519Pem.publicPem(Ed25519Pem.generate().getPublic()));
        running = config("running.yaml", "gw-1", "store.db", "{ trust: [ ops.pub ] }");
    }

    private FieldgateConfig config(String name, String id, String store, String commands) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, """
                gateway: { id: %s }
                uplink: { mqtt: { servers: ["tcp://127.0.0.1:1883"] }, commands: %s }
                storage: { path: %s }
                sensors: [ { id: wl1, driver: sim-water-level } ]
                """.formatted(id, commands, store));
        return ConfigLoader.load(file, DriverRegistry.load());
    }

    @Test
    void aRemoteConfigKeepsTheIdTheStoreAndTheKeyThatSignedIt() throws Exception {
        assertThat(RemoteConfigRules.problems(running, config("same.yaml", "gw-1", "store.db",
                "{ trust: [ other.pub, ops.pub ] }"), ops.getPublic())).isEmpty();
        assertThat(RemoteConfigRules.problems(running, config("bad.yaml", "gw-2", "elsewhere.db",
                "{ trust: [ other.pub ] }"), ops.getPublic())).containsExactly(
                "gateway.id: a remote config cannot change the gateway's id (is gw-1, got gw-2)",
                "storage.path: a remote config cannot move the store (is " + dir.resolve("store.db") + ")",
                "uplink.commands.trust: a remote config must keep the key that signed it (or central could lock"
                        + " itself out with one command)");
    }

    @Test
    void onlyTheLocalFileOpensAGatewayToUnsignedCommands() throws Exception {
        assertThat(RemoteConfigRules.problems(running, config("lab.yaml", "gw-1", "store.db",
                "{ trust: [ ops.pub ], allow_unsigned: true }"), ops.getPublic()))
                .containsExactly("uplink.commands.allow_unsigned: only the local file can open a gateway to unsigned"
                        + " commands");
        assertThat(RemoteConfigRules.problems(running, config("off.yaml", "gw-1", "store.db", "{ }"), ops.getPublic()))
                .singleElement().asString().startsWith("uplink.commands.trust: a remote config must keep at least one");
    }
}
