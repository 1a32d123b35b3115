package org.fieldgate.drivers.raingauge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RainTotalFileTest {

    @TempDir
    Path dir;

    @Test
    void noFileMeansZero() {
        assertThat(new RainTotalFile("rg1", dir).load()).isZero();
    }

    @Test
    void aSavedTotalIsReadBackAndNoTempFileStays() throws Exception {
        RainTotalFile f = new RainTotalFile("rg1", dir.resolve("rg1"));
        f.save(123.4, 1_700_000_000_000L);
        f.save(123.6, 1_700_000_060_000L);

        assertThat(new RainTotalFile("rg1", dir.resolve("rg1")).load()).isEqualTo(123.6);
        try (var files = Files.list(dir.resolve("rg1"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(RainTotalFile.NAME);
        }
    }

    @Test
    void aCorruptFileGivesZeroAndIsMovedAsideNotLost() throws Exception {
        Path file = dir.resolve(RainTotalFile.NAME);
        Files.writeString(file, "rain_total_mm=12.\u0000\u0000garbage", StandardCharsets.UTF_8);

        assertThat(new RainTotalFile("rg1", dir).load()).isZero();
        assertThat(file).doesNotExist();
        assertThat(dir.resolve(RainTotalFile.NAME + ".corrupt")).exists();
    }

    @Test
    void parseRejectsWhatIsNotATotal() {
        for (String bad : new String[] {"", "rain_total_mm=", "rain_total_mm=-1", "rain_total_mm=NaN",
                "rain_total_mm=Infinity", "just text", "tips=3"}) {
            try {
                RainTotalFile.parse(bad);
                throw new AssertionError("accepted '" + bad + "'");
            } catch (IllegalArgumentException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        assertThat(RainTotalFile.parse("# c\nrain_total_mm = 4.2\nsaved=1\n")).isEqualTo(4.2);
    }
}
