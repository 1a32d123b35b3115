package org.fieldgate.drivers.testing;

import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.io.transport.FrameSink;

/** Records what a stream decoder reports. */
public final class CollectingSink<F> implements FrameSink<F> {
    public final List<F> frames = new ArrayList<>();
    public int checksumErrors;
    public int resyncs;
    public int skipped;

    @Override
    public void frame(F frame) {
        frames.add(frame);
    }

    @Override
    public void checksumError() {
        checksumErrors++;
    }

    @Override
    public void resync(int n) {
        resyncs++;
        skipped += n;
    }
}
