package org.fieldgate.gateway.commands;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CommandParserTest {

    private static CommandParser.Parsed parse(String json) {
        return CommandParser.parse("ping", json.getBytes(UTF_8));
    }

    @Test
    void aCommandOfTheContractParses() {
        CommandParser.Parsed p = parse("{\"v\":1,\"id\":\"c-1\",\"t\":1700000000000,\"args\":{\"rule\":\"flood\"},\"sig\":\"AAAA\"}");
        assertThat(p.ok()).isTrue();
        assertThat(p.command().text("rule")).isEqualTo("flood");
        assertThat(parse("{\"v\":1,\"id\":\"c-2\",\"t\":1}").command().args().isEmpty()).isTrue();
    }

    @Test
    void whatIsNotACommandSaysWhyAndKeepsTheIdForTheReply() {
        assertThat(parse("not json").reason()).isEqualTo("not JSON");
        assertThat(parse("[1]").reason()).isEqualTo("not a JSON object");
        assertThat(parse("{\"v\":1,\"t\":1}").reason()).startsWith("id: required");
        assertThat(parse("{\"v\":1,\"id\":\"a/b\",\"t\":1}").id()).as("not a topic level").isNull();
        CommandParser.Parsed p = parse("{\"v\":2,\"id\":\"c-3\",\"t\":1}");
        assertThat(p.reason()).isEqualTo("v: must be 1");
        assertThat(p.id()).isEqualTo("c-3");
        assertThat(parse("{\"v\":1,\"id\":\"c-4\",\"t\":1,\"cmd\":\"x\"}").reason()).contains("cmd: unknown key");
        assertThat(parse("{\"v\":1,\"id\":\"c-5\",\"t\":\"soon\"}").reason()).startsWith("t: required");
        assertThat(CommandParser.parse("ping", new byte[CommandParser.MAX_BYTES + 1]).reason()).startsWith("too large");
        assertThat(parse("{\"v\":1,\"id\":\"c-6\",\"t\":1,\"args\":" + "[".repeat(100) + "]".repeat(100) + "}").ok())
                .as("nesting bounded").isFalse();
    }

    @Test
    void randomAndMutatedInputNeverThrows() {
        Random random = new Random(8785);
        byte[] good = "{\"v\":1,\"id\":\"c-1\",\"t\":1700000000000,\"args\":{\"rule\":\"flood\",\"n\":[1,2]},\"sig\":\"AAAA\"}"
                .getBytes(UTF_8);
        int parsed = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[random.nextInt(300)];
                random.nextBytes(b);
            } else {
                b = good.clone();
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            CommandParser.Parsed p = CommandParser.parse("ping", b);
            assertThat(p.ok() || p.reason() != null).isTrue();
            parsed += p.ok() ? 1 : 0;
        }
        assertThat(parsed).isPositive();
    }
}
