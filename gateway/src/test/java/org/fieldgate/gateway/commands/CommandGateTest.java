package org.fieldgate.gateway.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldgate.gateway.config.UplinkSection;
import org.fieldgate.gateway.signing.CommandSignature;
import org.fieldgate.gateway.signing.Ed25519Pem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandGateTest {

    private static final long NOW = 1_780_000_000_000L;

    @TempDir
    Path dir;

    private KeyPair central;
    private KeyPair stranger;
    private UplinkSection.Commands config;
    private final AtomicBoolean clockGood = new AtomicBoolean(true);
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

    @BeforeEach
    void keys() throws Exception {
        central = Ed25519Pem.generate();
        stranger = Ed25519Pem.generate();
        Path pub = dir.resolve("central-ops.pub");
        Files.writeString(pub, Ed25519Pem.publicPem(central.getPublic()));
        config = new UplinkSection.Commands(List.of(pub), false, Duration.ofMinutes(5), Duration.ofMinutes(2));
    }

    private CommandGate gate() throws Exception {
        return new CommandGate("gw-1", config, SeenCommandIds.open(dir.resolve("commands-seen")), clock, clockGood::get);
    }

    private static Command signed(KeyPair key, String name, String id, long t, ObjectNode args) {
        String sig = CommandSignature.sign(CommandSignature.signedBytes("gw-1", name, 1, id, t, args), key.getPrivate());
        return new Command(name, id, t, args, sig);
    }

    private static ObjectNode args() {
        return JsonNodeFactory.instance.objectNode().put("rule", "flood");
    }

    @Test
    void aCommandSignedByATrustedKeyPassesOnceNamingTheKey() throws Exception {
        CommandGate gate = gate();
        CommandGate.Verdict v = gate.check(signed(central, "ack", "c-1", NOW - 60_000, args()));
        assertThat(v.passed()).isTrue();
        assertThat(v.by()).isEqualTo("central-ops");
        assertThat(gate.check(signed(central, "ack", "c-1", NOW - 60_000, args())).reason())
                .as("the same id again").contains("seen before");
    }

    @Test
    void unsignedUnknownKeyStaleAndReplayedAreRefusedWithWhy() throws Exception {
        CommandGate gate = gate();
        assertThat(gate.check(new Command("ack", "c-2", NOW, args(), null)).reason()).contains("unsigned");
        assertThat(gate.check(signed(stranger, "ack", "c-3", NOW, args())).reason())
                .contains("not valid for any trusted key");
        assertThat(gate.check(signed(central, "ack", "c-4", NOW - 6 * 60_000, args())).reason()).contains("stale");
        assertThat(gate.check(signed(central, "ack", "c-5", NOW + 6 * 60_000, args())).reason()).contains("stale");
        Command tampered = signed(central, "ack", "c-6", NOW, args());
        tampered.args().put("rule", "dam");
        assertThat(gate.check(tampered).passed()).as("args changed after signing").isFalse();
        // a refused signature does not use up the id: the genuine command still goes
        assertThat(gate.check(signed(central, "ack", "c-3", NOW, args())).passed()).isTrue();
    }

    @Test
    void aReplayAfterARestartIsRefusedToo() throws Exception {
        assertThat(gate().check(signed(central, "ping", "c-7", NOW, args())).passed()).isTrue();
        CommandGate afterRestart = gate(); // the ids are read back from the file
        assertThat(afterRestart.check(signed(central, "ping", "c-7", NOW, args())).reason()).contains("seen before");
    }

    @Test
    void withoutAGoodClockTheAgeIsNotJudgedButIdsStillAre() throws Exception {
        clockGood.set(false);
        CommandGate gate = gate();
        assertThat(gate.check(signed(central, "ping", "c-8", NOW - 3_600_000, args())).passed()).isTrue();
        assertThat(gate.check(signed(central, "ping", "c-8", NOW - 3_600_000, args())).passed()).isFalse();
    }

    @Test
    void theLabSwitchTakesUnsignedCommands() throws Exception {
        config = new UplinkSection.Commands(List.of(), true, null, null);
        CommandGate.Verdict v = gate().check(new Command("ping", "c-9", NOW, args(), null));
        assertThat(v.passed()).isTrue();
        assertThat(v.by()).isEqualTo("unsigned");
    }

    @Test
    void theIdFileIsBounded() throws Exception {
        SeenCommandIds seen = SeenCommandIds.open(dir.resolve("ids"), 100);
        for (int i = 0; i < 150; i++) {
            seen.firstTime("id-" + i, i);
        }
        assertThat(SeenCommandIds.open(dir.resolve("ids"), 100).size()).isEqualTo(100);
        assertThat(seen.firstTime("id-149", 149)).as("the newest are kept").isFalse();
        assertThat(seen.firstTime("id-0", 0)).as("one let go is still refused: its t is below the floor").isFalse();
        assertThat(SeenCommandIds.open(dir.resolve("ids"), 100).firstTime("id-1", 1)).as("after a restart too").isFalse();
        assertThat(seen.firstTime("id-new", 150)).isTrue();
    }
}
