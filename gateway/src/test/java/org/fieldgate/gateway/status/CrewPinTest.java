package org.fieldgate.gateway.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrewPinTest {

    @TempDir
    Path dir;

    @Test
    void theFileHoldsOnlyASaltedSlowHashThatMatchesThePinAndNoOther() throws Exception {
        Path file = dir.resolve("crew.pin");
        String line = CrewPin.hashLine("482913");
        Files.writeString(file, line + "\n");

        assertThat(line).startsWith("pbkdf2-sha256:" + CrewPin.ITERATIONS + ":").doesNotContain("482913");
        assertThat(CrewPin.hashLine("482913")).as("a new salt each time").isNotEqualTo(line);
        CrewPin pin = CrewPin.load(file);
        assertThat(pin.matches("482913")).isTrue();
        assertThat(pin.matches("482914")).isFalse();
        assertThat(pin.matches("")).isFalse();
        assertThat(pin.matches("48291x")).isFalse();
        assertThat(pin.matches(null)).isFalse();
    }

    @Test
    void aPinIsFourToTwelveDigits() {
        assertThat(CrewPin.wellFormed("1234")).isTrue();
        assertThat(CrewPin.wellFormed("123456789012")).isTrue();
        assertThat(CrewPin.wellFormed("123")).isFalse();
        assertThat(CrewPin.wellFormed("1234567890123")).isFalse();
        assertThat(CrewPin.wellFormed("12a4")).isFalse();
        assertThatThrownBy(() -> CrewPin.hashLine("12")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingPlainOrWeakFileIsRefusedNamingIt() throws Exception {
        Path missing = dir.resolve("none.pin");
        assertThatThrownBy(() -> CrewPin.load(missing)).isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("fieldgate crew-pin");
        Path plain = dir.resolve("plain.pin");
        Files.writeString(plain, "1234\n");
        assertThatThrownBy(() -> CrewPin.load(plain)).hasMessageContaining(plain.toString())
                .hasMessageContaining("not a hashed PIN").hasMessageNotContaining("1234\n");
        Path weak = dir.resolve("weak.pin");
        Files.writeString(weak, CrewPin.hashLine("1234").replace(":" + CrewPin.ITERATIONS + ":", ":1000:"));
        assertThatThrownBy(() -> CrewPin.load(weak)).hasMessageContaining("at least 10000 iterations");
    }
}
