package org.fieldgate.drivers.seismicserial;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.SampleClock;
import org.fieldgate.drivers.WaveformPacket;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.io.transport.CountingFrameSink;
import org.fieldgate.drivers.io.transport.LinkDriver;

/**
 * A digitizer streaming FGS1 frames over a {@link ByteLink}: every read's frames become waveform
 * blocks at once (tens of ms, not one-second packets). The sample counter and the sample clock live
 * across reconnects, so samples lost while the link was down show as a counted gap and a jump in
 * {@code t0}, and a board that restarted meanwhile as a counter reset.
 */
final class SeismicSerialDriver extends LinkDriver {

    private static final int READ_TIMEOUT_MS = 200;

    private final PacketAssembler assembler;

    SeismicSerialDriver(DriverContext context, SeismicSerialConfig config, Supplier<ByteLink> links) {
        super(context, new SeismicSerialFactory().channels(config), links);
        SampleClock clock = new SampleClock(config.rate(), context.clock());
        assembler = new PacketAssembler(context.sensorId(), config.axes(), config.rateCentiHz(), config.scale(),
                clock, this::count);
        PacketAssembler.COUNTERS.forEach(c -> count(c, 0)); // reported from the start, at 0
    }

    @Override
    protected void session(ByteLink link) throws IOException {
        List<Fgs1Frame> frames = new ArrayList<>();
        CountingFrameSink<Fgs1Frame> sink = new CountingFrameSink<>(Fgs1Codec.decoder(), this::count, frames::add);
        byte[] buf = new byte[2048];
        while (running()) {
            if (sink.readFrom(link, buf, READ_TIMEOUT_MS)) {
                for (WaveformPacket p : assembler.assemble(frames)) {
                    emit(p);
                }
                frames.clear();
            }
        }
    }
}
