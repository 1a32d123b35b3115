package org.fieldgate.gateway.aqi;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.Reading;

/**
 * The derived AQI channels of a gateway: one {@link AqiAccumulator} per sensor with an {@code aqi:}
 * list. Calls for one sensor must be serialised by the caller (the pipeline holds the sensor's lock).
 */
public final class AqiChannels {

    /** Range of a derived NowCast channel (µg/m³). */
    public static final double NOWCAST_MAX = 1000;

    private static final AqiChannels NONE = new AqiChannels(Map.of());

    private final Map<String, AqiAccumulator> bySensor;

    private AqiChannels(Map<String, AqiAccumulator> bySensor) {
        this.bySensor = bySensor;
    }

    /** No sensor has derived channels. */
    public static AqiChannels none() {
        return NONE;
    }

    /**
     * One accumulator per sensor id with a non-empty table list.
     *
     * @param tablesBySensor sensor id → the tables of its {@code aqi:} list
     * @param channelsBySensor sensor id → the channels its driver reports
     */
    public static AqiChannels of(Map<String, List<AqiTable>> tablesBySensor,
                                 Map<String, List<ChannelSpec>> channelsBySensor) {
        Map<String, AqiAccumulator> m = new HashMap<>();
        tablesBySensor.forEach((sensor, tables) -> {
            if (!tables.isEmpty()) {
                m.put(sensor, new AqiAccumulator(pollutants(channelsBySensor.getOrDefault(sensor, List.of())), tables));
            }
        });
        return m.isEmpty() ? NONE : new AqiChannels(Map.copyOf(m));
    }

    /**
     * {@code delivered} with the derived readings of every hour a reading completes inserted just
     * before that reading (a derived reading is stamped at the end of its hour, so before it). The
     * same list when the sensor has no derived channels.
     */
    public List<Reading> withDerived(String sensor, List<Reading> delivered) {
        AqiAccumulator acc = bySensor.get(sensor);
        if (acc == null) {
            return delivered;
        }
        List<Reading> out = null;
        for (int i = 0; i < delivered.size(); i++) {
            Reading r = delivered.get(i);
            List<Reading> derived = acc.accept(r);
            if (!derived.isEmpty() && out == null) {
                out = new ArrayList<>(delivered.subList(0, i));
            }
            if (out != null) {
                out.addAll(derived);
                out.add(r);
            }
        }
        return out == null ? delivered : out;
    }

    /** The derived readings of {@code sensor}'s hours the clock ({@code now}) has passed. */
    public List<Reading> due(String sensor, long now) {
        AqiAccumulator acc = bySensor.get(sensor);
        return acc == null ? List.of() : acc.closeDue(now);
    }

    /** True when {@code sensor} has derived channels. */
    public boolean derives(String sensor) {
        return bySensor.containsKey(sensor);
    }

    /** The pollutants among a driver's channels. */
    public static Set<Pollutant> pollutants(List<ChannelSpec> driverChannels) {
        Set<Pollutant> s = EnumSet.noneOf(Pollutant.class);
        for (ChannelSpec c : driverChannels) {
            Pollutant p = Pollutant.ofChannel(c.name());
            if (p != null) {
                s.add(p);
            }
        }
        return s;
    }

    /**
     * The derived channels of a sensor whose driver reports {@code driverChannels}, with
     * {@code tables}: the NowCast of each pollutant it reports (0..1000 µg/m³), then each table's
     * index (0..500). Empty when {@code tables} is.
     */
    /**
     * {@code channels} followed by the derived channels of {@code tables} that are not among them
     * already (a sensor's whole channel list).
     */
    public static List<ChannelSpec> withDerived(List<ChannelSpec> channels, List<AqiTable> tables) {
        List<ChannelSpec> all = new ArrayList<>(channels);
        for (ChannelSpec derived : specs(tables, channels)) {
            if (all.stream().noneMatch(c -> c.name().equals(derived.name()))) {
                all.add(derived);
            }
        }
        return List.copyOf(all);
    }

    public static List<ChannelSpec> specs(List<AqiTable> tables, List<ChannelSpec> driverChannels) {
        List<ChannelSpec> out = new ArrayList<>();
        if (tables.isEmpty()) {
            return out;
        }
        for (Pollutant p : pollutants(driverChannels)) {
            out.add(ChannelSpec.scalar(p.nowcastChannel(), "ug/m3", 0, NOWCAST_MAX));
        }
        for (AqiTable t : tables) {
            out.add(ChannelSpec.scalar(t.channel(), "", 0, AqiTable.MAX_INDEX));
        }
        return out;
    }
}
