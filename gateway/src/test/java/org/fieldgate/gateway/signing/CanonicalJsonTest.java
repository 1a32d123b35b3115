package org.fieldgate.gateway.signing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String canonical(String json) throws Exception {
        return new String(CanonicalJson.of(JSON.readTree(json)), UTF_8);
    }

    @Test
    void membersAreSortedAtEveryLevelWithoutWhitespace() throws Exception {
        assertThat(canonical("{ \"t\": 5, \"args\": { \"z\": [ 3, {\"b\":1, \"a\":2} ], \"a\": null }, \"id\": \"x\" }"))
                .isEqualTo("{\"args\":{\"a\":null,\"z\":[3,{\"a\":2,\"b\":1}]},\"id\":\"x\",\"t\":5}");
    }

    @Test
    void stringsAreEscapedAsRfc8785Does() throws Exception {
        // RFC 8785 3.2.2.2: only " \ and controls are escaped, the rest (é, €, emoji) as UTF-8
        assertThat(canonical("{\"s\":\"a\\\"b\\\\c\\n\\u0001é€\\ud83d\\ude00/\"}"))
                .isEqualTo("{\"s\":\"a\\\"b\\\\c\\n\\u0001é€😀/\"}");
    }

    @Test
    void keysSortByUtf16CodeUnitsAsRfc8785Says() throws Exception {
        // RFC 8785 3.2.3's example order: "\r" < "1" < "\u0080" < "ö" < "€" < "😀" < "דּ"
        assertThat(canonical("{\"\\u20ac\":1,\"\\r\":2,\"\\ufb33\":3,\"1\":4,\"\\ud83d\\ude00\":5,\"\\u0080\":6,\"\\u00f6\":7}"))
                .isEqualTo("{\"\\r\":2,\"1\":4,\"\u0080\":6,\"\u00f6\":7,\"\u20ac\":1,\"\ud83d\ude00\":5,\"\ufb33\":3}");
    }

    @Test
    void decimalsAreRefusedNamingWhere() {
        assertThatThrownBy(() -> canonical("{\"args\":{\"level\":10.5}}"))
                .hasMessageContaining("args.level").hasMessageContaining("decimal as a string");
        assertThatThrownBy(() -> canonical("{\"n\":9007199254740993}")).hasMessageContaining("2^53");
        assertThatThrownBy(() -> canonical("{\"n\":-9223372036854775808}")).hasMessageContaining("2^53");
        assertThatThrownBy(() -> canonical("{\"s\":\"\\ud800\"}")).as("no UTF-8 for it").hasMessageContaining("lone surrogate");
    }

    @Test
    void aSignatureBindsTheGatewayAndTheCommandName() throws Exception {
        KeyPair pair = Ed25519Pem.generate();
        var args = JSON.createObjectNode().put("rule", "flood");
        String sig = CommandSignature.sign(CommandSignature.signedBytes("gw-1", "ack", 1, "c1", 7, args), pair.getPrivate());
        assertThat(CommandSignature.verify(CommandSignature.signedBytes("gw-1", "ack", 1, "c1", 7, args), sig,
                pair.getPublic())).isTrue();
        assertThat(CommandSignature.verify(CommandSignature.signedBytes("gw-2", "ack", 1, "c1", 7, args), sig,
                pair.getPublic())).as("another gateway").isFalse();
        assertThat(CommandSignature.verify(CommandSignature.signedBytes("gw-1", "config", 1, "c1", 7, args), sig,
                pair.getPublic())).as("another command").isFalse();
        assertThat(CommandSignature.verify(CommandSignature.signedBytes("gw-1", "ack", 1, "c1", 8, args), sig,
                pair.getPublic())).as("another time").isFalse();
        assertThat(CommandSignature.verify(new byte[0], "not base64!", pair.getPublic())).isFalse();
    }
}
