package org.fieldgate.drivers.maxbotixhrxl;

import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.transport.FrameSink;

/** A FrameSink that keeps what it is given. */
final class Collected implements FrameSink<HrxlRange> {
    final List<Integer> ranges = new ArrayList<>();
    int checksumErrors;
    int resyncs;
    long skipped;

    @Override
    public void frame(HrxlRange frame) {
        ranges.add(frame.millimetres());
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
