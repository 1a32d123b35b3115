package org.fieldgate.gateway.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.ReadingSink;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.gateway.contract.MessageEncoder;
import org.fieldgate.gateway.contract.Topics;
import org.fieldgate.gateway.rules.RuleEngine;
import org.fieldgate.gateway.store.SqliteOutboxStore;

/**
 * Child process of {@link PipelineKillIT}: a running pipeline (its own flusher, a 10 s batch) on the
 * outbox {@code args[0]}, fed every 50 ms with reading {@code i} of {@code wl1} (value i) and a
 * 5-sample block of a 100 Hz waveform on {@code seis1} (x = 5i..5i+4 thousandths), printing
 * {@code i=N.} after each delivery. Runs until killed.
 */
public final class PipelineFeedLoop {

    static final long T0 = 1_700_000_000_000L;

    private PipelineFeedLoop() {
    }

    /** The pipeline both runs use: the child's, and the one the parent reopens the store with. */
    static Pipeline pipeline(SqliteOutboxStore store) {
        return new Pipeline(Pipeline.Parts.of(new Topics("ews", "gw1"), new MessageEncoder("gw1"),
                new RuleEngine(List.of()), store, Duration.ofSeconds(10), Clock.systemUTC(), () -> { }));
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, UTF_8);
        SqliteOutboxStore store = SqliteOutboxStore.open(Path.of(args[0]), Clock.systemUTC());
        Pipeline pipeline = pipeline(store);
        pipeline.start();
        ReadingSink wl1 = pipeline.forSensor("wl1");
        ReadingSink seis1 = pipeline.forSensor("seis1");
        for (int i = 0; ; i++) {
            wl1.readings(List.of(new Reading("stage_m", T0 + i * 50L, i, Quality.OK)));
            double[] x = new double[5];
            for (int k = 0; k < 5; k++) {
                x[k] = (i * 5 + k) / 1000.0;
            }
            seis1.waveform(new WaveformPacket(T0 + i * 50L, 100.0, "m/s2", Map.of("x", x)));
            out.print("i=" + i + ".\n");
            out.flush();
            Thread.sleep(50);
        }
    }
}
