package org.fieldgate.drivers.io.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stream drivers over scripted links, with a toy ASCII protocol. */
class StreamLinkDriverTest {

    private final ScriptedLinks links = new ScriptedLinks();
    private final List<List<Reading>> received = new CopyOnWriteArrayList<>();
    private LineDriver driver;

    /**
     * Toy frames {@code R1234k\r}: four digits of millimetres and a check digit {@code k} = sum of the
     * digits mod 10. Anything before an {@code R} is skipped (one resync per run of skipped bytes).
     */
    static final class ToyDecoder implements StreamDecoder<Integer> {
        private final StringBuilder frame = new StringBuilder();
        private int skipped;

        @Override
        public void feed(byte[] buf, int off, int len, FrameSink<Integer> sink) {
            for (int i = off; i < off + len; i++) {
                char c = (char) (buf[i] & 0xFF);
                if (frame.length() == 0) {
                    if (c == 'R') {
                        if (skipped > 0) {
                            sink.resync(skipped);
                            skipped = 0;
                        }
                        frame.append(c);
                    } else {
                        skipped++;
                    }
                    continue;
                }
                if (frame.length() < 6) {
                    if (c < '0' || c > '9') {
                        skipped += frame.length() + 1;
                        frame.setLength(0);
                        continue;
                    }
                    frame.append(c);
                    continue;
                }
                if (c == '\r') {
                    int sum = 0;
                    for (int k = 1; k <= 4; k++) {
                        sum += frame.charAt(k) - '0';
                    }
                    if (sum % 10 == frame.charAt(5) - '0') {
                        sink.frame(Integer.parseInt(frame.substring(1, 5)));
                    } else {
                        sink.checksumError();
                    }
                } else {
                    skipped += frame.length() + 1;
                }
                frame.setLength(0);
            }
        }
    }

    static String frame(int mm) {
        String digits = String.format("%04d", mm);
        int sum = digits.chars().map(ch -> ch - '0').sum();
        return "R" + digits + (sum % 10) + "\r";
    }

    private static final class LineDriver extends StreamLinkDriver<Integer> {
        LineDriver(Duration every, ScriptedLinks links) {
            super(new DriverContext("line", every, Clock.systemUTC(), Path.of("unused")),
                    List.of(ChannelSpec.scalar("distance_m", "m", 0.3, 5)), links, ToyDecoder::new);
        }

        @Override
        protected List<Reading> readings(Integer mm, long time) {
            return List.of(new Reading("distance_m", time, mm / 1000.0, Quality.OK));
        }
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    private void start(Duration every) {
        driver = new LineDriver(every, links);
        driver.start(new ReadingSink() {
            @Override
            public void readings(List<Reading> readings) {
                received.add(readings);
            }

            @Override
            public void waveform(WaveformPacket packet) {
            }
        });
    }

    @Test
    void keepsOneFrameOfManyPerReadingInterval() {
        StringBuilder burst = new StringBuilder();
        for (int mm = 1000; mm < 1020; mm++) {
            burst.append(frame(mm));
        }
        links.deliver(burst.toString());
        start(Duration.ofHours(1));

        Await.until("20 frames", () -> driver.counters().get("frames") == 20, () -> driver.counters());
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).extracting(Reading::value).containsExactly(1.0);
    }

    @Test
    void emitsAgainOnceTheIntervalHasPassed() throws InterruptedException {
        start(Duration.ofMillis(50));
        links.deliver(frame(1500));
        Await.until("first reading", () -> received.size() == 1);
        Thread.sleep(100);
        links.deliver(frame(1600));

        Await.until("second reading", () -> received.size() == 2, () -> received);
        assertThat(received).extracting(r -> r.get(0).value()).containsExactly(1.5, 1.6);
    }

    @Test
    void countsBytesFramesChecksumErrorsAndResyncs() {
        String bad = "R12340\r"; // check digit should be 0? 1+2+3+4 = 10 -> 0: make it wrong
        String wrongCheck = "R12349\r";
        String stream = "\u0000\u00ffxx" + frame(1234) + wrongCheck + "zz" + frame(2000);
        // torn across reads: the decoder keeps its state between them
        links.deliver(stream.substring(0, 9)).deliver(stream.substring(9));
        start(Duration.ofMillis(1));

        Await.until("two frames", () -> driver.counters().get("frames") == 2, () -> driver.counters());
        assertThat(bad).isEqualTo(frame(1234));
        assertThat(driver.counters())
                .containsEntry("bytes", (long) stream.length())
                .containsEntry("frames", 2L)
                .containsEntry("checksum_errors", 1L)
                .containsEntry("resyncs", 2L)
                .containsEntry("reconnects", 0L);
        assertThat(received).flatExtracting(r -> r).extracting(Reading::value).contains(1.234);
    }

    @Test
    void garbageOnlyCountsBytesButNoFrames() {
        links.deliver("\u0013\u0099garbage at the wrong baud rate\u00fe");
        start(Duration.ofMillis(100));

        Await.until("bytes", () -> driver.counters().get("bytes") > 0);
        assertThat(driver.counters()).containsEntry("frames", 0L);
        assertThat(received).isEmpty();
    }
}
