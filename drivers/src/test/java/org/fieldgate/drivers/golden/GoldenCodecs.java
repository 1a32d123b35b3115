package org.fieldgate.drivers.golden;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.adxl355.Adxl355Codec;
import org.fieldgate.drivers.adxl355.Adxl355FifoParser;
import org.fieldgate.drivers.adxl355.Adxl355Range;
import org.fieldgate.drivers.io.transport.StreamDecoder;
import org.fieldgate.drivers.bgeigie.BgeigieCodec;
import org.fieldgate.drivers.bgeigie.BgeigieSentence;
import org.fieldgate.drivers.maxbotixhrxl.HrxlRange;
import org.fieldgate.drivers.maxbotixhrxl.MaxbotixHrxlCodec;
import org.fieldgate.drivers.gmc.GmcModel;
import org.fieldgate.drivers.mightyohm.MightyOhmCodec;
import org.fieldgate.drivers.mightyohm.MightyOhmLine;
import org.fieldgate.drivers.modbusrtu.ModbusReply;
import org.fieldgate.drivers.modbusrtu.ModbusRtuCodec;
import org.fieldgate.drivers.pms5003.Pms5003Codec;
import org.fieldgate.drivers.pms5003.Pms5003Frame;
import org.fieldgate.drivers.pms5003.Pms5003Variant;
import org.fieldgate.drivers.sdi12.Sdi12Codec;
import org.fieldgate.drivers.sds011.Sds011Codec;
import org.fieldgate.drivers.sds011.Sds011Frame;
import org.fieldgate.drivers.seismicserial.Fgs1Codec;
import org.fieldgate.drivers.seismicserial.Fgs1Frame;
import org.fieldgate.drivers.sps30.ShdlcFrame;
import org.fieldgate.drivers.sps30.Sps30Codec;
import org.fieldgate.drivers.testing.CollectingSink;

/**
 * How each driver's golden file is read: decoding turns the wire bytes into named values (the
 * readings a driver makes, or the fields of the frame), and, where the codec also writes that kind
 * of frame, the frames written back; encoding builds a named command the driver sends.
 */
final class GoldenCodecs {

    /** What a decode case gave: the values by name, the frames written back (null when the codec does not write them). */
    record Decoded(Map<String, List<Double>> values, byte[] reencoded, int checksumErrors, int resyncs) {
    }

    interface Codec {
        Decoded decode(GoldenCase c);

        byte[] encode(GoldenCase c);
    }

    private GoldenCodecs() {
    }

    /** The codec of each golden file, by driver id (the file's name). */
    static final Map<String, Codec> BY_DRIVER = Map.ofEntries(
            Map.entry("pms5003", new Codec() {
                public Decoded decode(GoldenCase c) {
                    Pms5003Variant variant = Pms5003Variant.valueOf(c.params().getOrDefault("variant", "pms5003")
                            .toUpperCase(Locale.ROOT));
                    return stream(Pms5003Codec.decoder(), c.wire(), f -> readings(Pms5003Codec.readings(f, variant, 0)),
                            Pms5003Codec::encode);
                }

                public byte[] encode(GoldenCase c) {
                    return switch (c.param("command")) {
                        case "passive_read" -> Pms5003Codec.passiveRead();
                        case "wake" -> Pms5003Codec.wake();
                        case "sleep" -> Pms5003Codec.sleep();
                        case "active_mode" -> Pms5003Codec.activeMode();
                        case "passive_mode" -> Pms5003Codec.passiveMode();
                        default -> throw unknown(c);
                    };
                }
            }),
            Map.entry("sds011", new Codec() {
                public Decoded decode(GoldenCase c) {
                    return stream(Sds011Codec.decoder(), c.wire(), GoldenCodecs::sds011, Sds011Codec::encode);
                }

                public byte[] encode(GoldenCase c) {
                    return switch (c.param("command")) {
                        case "working_period" -> Sds011Codec.setWorkingPeriod(c.intParam("minutes"));
                        case "working" -> Sds011Codec.setWorking(Boolean.parseBoolean(c.param("on")));
                        case "active_reporting" -> Sds011Codec.setActiveReporting(Boolean.parseBoolean(c.param("on")));
                        case "query" -> Sds011Codec.query();
                        default -> throw unknown(c);
                    };
                }
            }),
            Map.entry("sps30", new Codec() {
                public Decoded decode(GoldenCase c) {
                    return stream(Sps30Codec.responseDecoder(), c.wire(), GoldenCodecs::sps30, Sps30Codec::encode);
                }

                public byte[] encode(GoldenCase c) {
                    return switch (c.param("command")) {
                        case "start_measurement" -> Sps30Codec.startMeasurement();
                        case "read_measured_values" -> Sps30Codec.readMeasuredValues();
                        case "stop_measurement" -> Sps30Codec.stopMeasurement();
                        case "sleep" -> Sps30Codec.sleep();
                        case "wake" -> Sps30Codec.wake();
                        default -> throw unknown(c);
                    };
                }
            }),
            Map.entry("seismic-serial", new Codec() {
                public Decoded decode(GoldenCase c) {
                    return stream(Fgs1Codec.decoder(), c.wire(), GoldenCodecs::fgs1, Fgs1Codec::encode);
                }

                public byte[] encode(GoldenCase c) {
                    throw new IllegalArgumentException("the seismic-serial driver only listens");
                }
            }),
            Map.entry("bgeigie", new Codec() {
                public Decoded decode(GoldenCase c) {
                    return stream(new BgeigieCodec(line -> { }), c.wire(), GoldenCodecs::bgeigie, null);
                }

                public byte[] encode(GoldenCase c) {
                    throw new IllegalArgumentException("the bgeigie driver only listens");
                }
            }),
            Map.entry("gmc", new Codec() {
                public Decoded decode(GoldenCase c) {
                    GmcModel model = GmcModel.of(c.param("model").getBytes(StandardCharsets.US_ASCII),
                            c.param("model").length()).orElseThrow();
                    byte[] reply = c.wire();
                    Map<String, List<Double>> values = new LinkedHashMap<>();
                    values.put("cpm_bytes", List.of((double) model.cpmBytes()));
                    if (reply.length == model.cpmBytes()) {
                        values.put("cpm", List.of((double) model.cpm(reply)));
                    } else if (reply.length == 1 && model.hasVolt()) {
                        values.put("battery_v", List.of((reply[0] & 0xff) / 10.0));
                    } else {
                        values.put("no_reading", List.of((double) reply.length));
                    }
                    return new Decoded(values, null, 0, 0);
                }

                public byte[] encode(GoldenCase c) {
                    return GmcModel.command(c.param("command"));
                }
            }),
            Map.entry("mightyohm", new Codec() {
                public Decoded decode(GoldenCase c) {
                    return stream(new MightyOhmCodec(MightyOhmCodec.FIRMWARE_USV_PER_CPM, line -> { }), c.wire(),
                            GoldenCodecs::mightyohm, null);
                }

                public byte[] encode(GoldenCase c) {
                    throw new IllegalArgumentException("the mightyohm driver only listens");
                }
            }),
            Map.entry("maxbotix-hrxl", new Codec() {
                public Decoded decode(GoldenCase c) {
                    MaxbotixHrxlCodec codec = new MaxbotixHrxlCodec(c.params().getOrDefault("units", "mm"), line -> { });
                    return stream(codec, c.wire(), GoldenCodecs::hrxl, null);
                }

                public byte[] encode(GoldenCase c) {
                    throw new IllegalArgumentException("the maxbotix-hrxl driver only listens");
                }
            }),
            Map.entry("modbus-rtu", new Codec() {
                public Decoded decode(GoldenCase c) {
                    byte[] request = encode(c);
                    return new Decoded(modbus(ModbusRtuCodec.parseReply(request, c.wire(), c.wire().length)), null, 0, 0);
                }

                public byte[] encode(GoldenCase c) {
                    int slave = c.intParam("slave");
                    return switch (c.param("command")) {
                        case "read" -> ModbusRtuCodec.readRequest(slave, c.intParam("function"), c.intParam("address"),
                                c.intParam("count"));
                        case "write_single" -> ModbusRtuCodec.writeSingleRequest(slave, c.intParam("address"),
                                c.intParam("value"));
                        case "write_multiple" -> ModbusRtuCodec.writeMultipleRequest(slave, c.intParam("address"),
                                java.util.Arrays.stream(c.param("values").split(",")).mapToInt(Integer::decode).toArray());
                        default -> throw unknown(c);
                    };
                }
            }),
            Map.entry("sdi12", new Codec() {
                public Decoded decode(GoldenCase c) {
                    String line = new String(c.wire(), StandardCharsets.US_ASCII).strip();
                    boolean crc = Boolean.parseBoolean(c.params().getOrDefault("crc", "false"));
                    Values v = new Values();
                    Sdi12Codec.parseData(line, crc).ifPresent(d -> {
                        v.add("address", d.address());
                        d.values().forEach(x -> v.add("values", x));
                        v.add("crc_ok", d.crcOk() ? 1 : 0);
                    });
                    return new Decoded(v.map, null, 0, 0);
                }

                public byte[] encode(GoldenCase c) {
                    char address = c.param("address").charAt(0);
                    return Sdi12Codec.bytes(switch (c.param("command")) {
                        case "measure" -> Sdi12Codec.measure(address, Boolean.parseBoolean(c.param("crc")));
                        case "send_data" -> Sdi12Codec.sendData(address, c.intParam("n"));
                        case "identify" -> Sdi12Codec.identify(address);
                        case "address_query" -> Sdi12Codec.addressQuery();
                        default -> throw unknown(c);
                    });
                }
            }),
            Map.entry("adxl355", new Codec() {
                public Decoded decode(GoldenCase c) {
                    Adxl355FifoParser.Batch b = new Adxl355FifoParser().parse(c.wire());
                    String range = c.params().get("range"); // given: the counts in m/s² too
                    Values v = new Values();
                    for (int i = 0; i < b.size(); i++) {
                        v.add("x", b.x()[i]).add("y", b.y()[i]).add("z", b.z()[i]);
                        if (range != null) {
                            Adxl355Range r = Adxl355Range.valueOf("G" + range.replace("g", ""));
                            v.add("x_ms2", Adxl355Codec.toMs2(b.x()[i], r)).add("y_ms2", Adxl355Codec.toMs2(b.y()[i], r))
                                    .add("z_ms2", Adxl355Codec.toMs2(b.z()[i], r));
                        }
                    }
                    v.add("dropped", b.dropped()).add("empty", b.empty());
                    return new Decoded(v.map, null, 0, 0);
                }

                public byte[] encode(GoldenCase c) {
                    return switch (c.param("command")) {
                        case "read" -> new byte[] {Adxl355Codec.readCommand(c.intParam("register"))};
                        case "write" -> new byte[] {Adxl355Codec.writeCommand(c.intParam("register"))};
                        case "entry" -> Adxl355Codec.encodeEntry(c.intParam("sample"), "x".equals(c.param("axis")),
                                Boolean.parseBoolean(c.params().getOrDefault("empty", "false")));
                        default -> throw unknown(c);
                    };
                }
            }));

    /** Named values in the order they come. */
    private static final class Values {
        final Map<String, List<Double>> map = new LinkedHashMap<>();

        Values add(String name, double value) {
            map.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }
    }

    private static <F> Decoded stream(StreamDecoder<F> decoder, byte[] wire, Function<F, Map<String, Double>> values,
                                      Function<F, byte[]> encode) {
        CollectingSink<F> sink = new CollectingSink<>();
        decoder.feed(wire, 0, wire.length, sink);
        Values v = new Values();
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        for (F f : sink.frames) {
            values.apply(f).forEach(v::add);
            if (encode != null) {
                again.writeBytes(encode.apply(f));
            }
        }
        return new Decoded(v.map, encode == null ? null : again.toByteArray(), sink.checksumErrors, sink.resyncs);
    }

    private static Map<String, Double> readings(List<Reading> readings) {
        Map<String, Double> m = new LinkedHashMap<>();
        readings.forEach(r -> m.put(r.channel(), r.value()));
        return m;
    }

    private static Map<String, Double> sds011(Sds011Frame f) {
        Map<String, Double> m = readings(Sds011Codec.readings(f, 0));
        m.put("device_id", (double) f.deviceId());
        return m;
    }

    private static Map<String, Double> sps30(ShdlcFrame f) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("command", (double) f.command());
        m.put("state", (double) f.state());
        if (f.command() == 0x03 && f.data().length == Sps30Codec.VALUES_LENGTH) {
            m.putAll(readings(Sps30Codec.readings(Sps30Codec.values(f.data()), 0)));
        }
        return m;
    }

    private static Map<String, Double> bgeigie(BgeigieSentence s) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("cpm", (double) s.cpm());
        m.put("count_5s", (double) s.count5s());
        m.put("total", (double) s.total());
        m.put("valid", s.valid() ? 1.0 : 0.0);
        m.put("lat", s.lat());
        m.put("lon", s.lon());
        return m;
    }

    private static Map<String, Double> mightyohm(MightyOhmLine l) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("cps", (double) l.cps());
        m.put("cpm", (double) l.cpm());
        m.put("usv_h", l.usvH());
        m.put("fast", l.mode().equals("SLOW") ? 0.0 : 1.0);
        return m;
    }

    private static Map<String, Double> hrxl(HrxlRange r) {
        return Map.of("range_mm", (double) r.millimetres());
    }

    /** FGS1 fields; the counts go in as count_0, count_1, … (sample-major, axis-minor, as on the wire). */
    private static Map<String, Double> fgs1(Fgs1Frame f) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("axes", (double) f.axes());
        m.put("n", (double) f.n());
        m.put("sample_rate", f.sampleRate());
        m.put("counter", (double) f.counter());
        int[] counts = f.counts();
        for (int i = 0; i < counts.length; i++) {
            m.put("count_" + i, (double) counts[i]);
        }
        return m;
    }

    private static Map<String, List<Double>> modbus(ModbusReply reply) {
        Values v = new Values();
        if (reply instanceof ModbusReply.Registers r) {
            for (int x : r.values()) {
                v.add("registers", x);
            }
        } else if (reply instanceof ModbusReply.Written w) {
            v.add("written_address", w.address()).add("written_value", w.valueOrQuantity());
        } else if (reply instanceof ModbusReply.Refused r) {
            v.add("exception", r.code());
        } else {
            v.add("malformed", 1);
        }
        return v.map;
    }

    private static IllegalArgumentException unknown(GoldenCase c) {
        return new IllegalArgumentException(c + ": unknown command " + c.params().get("command"));
    }
}
