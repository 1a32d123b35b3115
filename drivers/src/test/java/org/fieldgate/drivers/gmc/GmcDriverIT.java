package org.fieldgate.drivers.gmc;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldgate.drivers.Driver;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.fieldgate.drivers.testing.Await;
import org.fieldgate.drivers.testing.PtyPair;
import org.fieldgate.drivers.testing.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver against emulated GMC counters on a socat pty pair: the model's reply lengths, noise
 * between replies, a reply of the wrong length for the model (no reading). A byte inside a reply
 * cannot be told from the reply (the protocol has no framing): the noise comes between replies.
 */
class GmcDriverIT {

    @TempDir
    Path dir;

    /** Answers commands as {@code version}'s model does; {@code cpmReply} is the raw GETCPM answer. */
    private static Thread counter(PtyPair pty, String version, byte[] cpmReply, AtomicBoolean running) {
        Thread t = new Thread(() -> {
            try (ByteLink device = pty.openDevice()) {
                StringBuilder heard = new StringBuilder();
                byte[] buf = new byte[64];
                int polls = 0;
                while (running.get()) {
                    int n = device.read(buf, 50);
                    heard.append(new String(buf, 0, n, US_ASCII));
                    int end;
                    while ((end = heard.indexOf(">>")) >= 0) {
                        String command = heard.substring(heard.indexOf("<") + 1, end);
                        heard.delete(0, end + 2);
                        switch (command) {
                            case "GETVER" -> device.write(version.getBytes(US_ASCII));
                            case "GETCPM" -> {
                                device.write(cpmReply);
                                if (++polls % 3 == 0) {
                                    Thread.sleep(5);
                                    device.write(new byte[] {(byte) 0xAA}); // noise after the reply
                                }
                            }
                            case "GETVOLT" -> device.write(new byte[] {94}); // 9.4 V
                            default -> { }
                        }
                    }
                }
            } catch (Exception e) {
                // the pty closed: the test is over
            }
        }, "gmc-emulator");
        t.start();
        return t;
    }

    private Driver driver(PtyPair pty) {
        return new GmcFactory().create(new DriverContext("rad2", Duration.ofMillis(300), Clock.systemUTC(), dir),
                new GmcConfig(new SerialSettings(pty.gatewayPort().toString(), null, null, null, null), null, null,
                        "300ms"));
    }

    @Test
    void aGmc300AnswersTwoByteCountsAndItsBattery() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        try (PtyPair pty = PtyPair.open(dir)) {
            counter(pty, "GMC-300Re 4.54", new byte[] {0x00, 0x1C}, running);
            RecordingSink sink = new RecordingSink();
            try (Driver d = driver(pty)) {
                d.start(sink);
                Await.until("readings", 15, () -> sink.since(0, "cpm").size() >= 5, () -> d.counters().toString());
                assertThat(sink.since(0, "cpm")).extracting(Reading::value).containsOnly(28.0);
                assertThat(sink.since(0, "dose_usv_h")).extracting(Reading::value).containsOnly(0.1821);
                assertThat(sink.since(0, "battery_v")).extracting(Reading::value).containsOnly(9.4);
                Await.until("the stray bytes counted", 10, () -> d.counters().get("resyncs") > 0,
                        () -> d.counters().toString());
            } finally {
                running.set(false);
            }
        }
    }

    @Test
    void aGmc500NeedsFourBytesAndATwoByteReplyIsNoReading() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        try (PtyPair pty = PtyPair.open(dir)) {
            counter(pty, "GMC-500+Re 1.18", new byte[] {0x00, 0x1C}, running); // the reply of the wrong model
            RecordingSink sink = new RecordingSink();
            try (Driver d = driver(pty)) {
                d.start(sink);
                Await.until("timeouts", 15, () -> d.counters().getOrDefault("timeouts", 0L) >= 3,
                        () -> d.counters().toString());
                assertThat(sink.all()).isEmpty();
            } finally {
                running.set(false);
            }
        }
        running.set(true);
        try (PtyPair pty = PtyPair.open(java.nio.file.Files.createDirectories(dir.resolve("second")))) {
            counter(pty, "GMC-500+Re 1.18", new byte[] {0x00, 0x00, 0x01, 0x2C}, running);
            RecordingSink sink = new RecordingSink();
            try (Driver d = driver(pty)) {
                d.start(sink);
                Await.until("readings", 15, () -> sink.since(0, "cpm").size() >= 3, () -> d.counters().toString());
                assertThat(sink.since(0, "cpm")).extracting(Reading::value).containsOnly(300.0);
                assertThat(sink.since(0, "battery_v")).isEmpty();
            } finally {
                running.set(false);
            }
        }
    }
}
