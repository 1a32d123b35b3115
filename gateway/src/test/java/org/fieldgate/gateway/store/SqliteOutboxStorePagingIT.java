package org.fieldgate.gateway.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million-row backlog is paged through in a JVM with a 64 MB heap (so loading it whole would fail)
 * and the used heap stays flat.
 */
class SqliteOutboxStorePagingIT {

    private static final int ROWS = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void pagingAMillionRowsKeepsTheHeapFlat() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = dir.resolve("child.out");
        Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                OutboxPagingChild.class.getName(), dir.resolve("big.db").toString(), String.valueOf(ROWS))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
        String text = Files.readString(out, UTF_8);
        assertThat(child.exitValue()).as(text).isZero();
        Matcher m = Pattern.compile("rows=(\\d+) loadedHeap=(\\d+) maxHeap=(\\d+) statsMessages=(\\d+) fileBytes=(\\d+)")
                .matcher(text);
        assertThat(m.find()).as(text).isTrue();
        System.out.println("paging IT: " + m.group());
        assertThat(Long.parseLong(m.group(1))).isEqualTo(ROWS);
        assertThat(Long.parseLong(m.group(4))).isEqualTo(ROWS);
        assertThat(Long.parseLong(m.group(3))).as("max used heap while paging").isLessThan(48L << 20);
        assertThat(Long.parseLong(m.group(3)) - Long.parseLong(m.group(2))).as("growth while paging")
                .isLessThan(8L << 20);
    }
}
