package org.fieldgate.drivers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Marks readings outside their channel's physical range {@code suspect} (a driver's last step). */
public final class RangeCheck {

    private final Map<String, ChannelSpec> channels;

    public RangeCheck(List<ChannelSpec> channels) {
        this.channels = channels.stream().collect(Collectors.toUnmodifiableMap(ChannelSpec::name, Function.identity(),
                (a, b) -> a));
    }

    /** {@code reading}, or the same reading marked suspect when an {@code ok} value is out of range. */
    public Reading apply(Reading reading) {
        ChannelSpec spec = channels.get(reading.channel());
        return spec != null && reading.quality() == Quality.OK && !spec.inRange(reading.value())
                ? reading.withQuality(Quality.SUSPECT) : reading;
    }

    /** {@link #apply(Reading)} for each. */
    public List<Reading> apply(List<Reading> readings) {
        List<Reading> checked = new ArrayList<>(readings.size());
        for (Reading r : readings) {
            checked.add(apply(r));
        }
        return checked;
    }
}
