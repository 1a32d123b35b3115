package org.fieldgate.drivers.sds011;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.io.transport.StreamLinkDriver;

/**
 * An SDS011 over a {@link ByteLink}. On every open it wakes the sensor, selects active reporting and
 * sends the working period; then it keeps one measurement per {@code every}. Command replies
 * ({@code AA C5}) count as frames and give no readings.
 */
final class Sds011Driver extends StreamLinkDriver<Sds011Frame> {

    private final int workingPeriodMinutes;

    Sds011Driver(DriverContext context, int workingPeriodMinutes, Supplier<ByteLink> links) {
        super(context, Sds011Codec.CHANNELS, links, Sds011Codec::decoder);
        this.workingPeriodMinutes = workingPeriodMinutes;
    }

    @Override
    protected void onOpen(ByteLink link) throws IOException {
        link.write(Sds011Codec.setWorking(true));
        link.write(Sds011Codec.setActiveReporting(true));
        link.write(Sds011Codec.setWorkingPeriod(workingPeriodMinutes));
    }

    @Override
    protected List<Reading> readings(Sds011Frame frame, long time) {
        return Sds011Codec.readings(frame, time);
    }

    /** With a working period the sensor is quiet for minutes by design: silent after two missed periods. */
    @Override
    protected int silentPeriods() {
        if (workingPeriodMinutes == 0) {
            return 3;
        }
        long everyMs = Math.max(1, context().every().toMillis());
        return (int) Math.max(3, (2L * workingPeriodMinutes * 60_000L + everyMs - 1) / everyMs + 1);
    }
}
