package org.fieldgate.drivers.adxl355;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Measurement range of the ADXL355 (datasheet Rev. B, Table 1 and the RANGE register 0x2C): the
 * sensitivity is 256000 LSB/g at ±2 g, 128000 at ±4 g and 64000 at ±8 g, i.e. a scale factor of
 * 3.9, 7.8 and 15.6 µg/LSB (the datasheet rounds 1/256000 g = 3.90625 µg).
 */
public enum Adxl355Range {
    G2("2g", 0b01, 256_000),
    G4("4g", 0b10, 128_000),
    G8("8g", 0b11, 64_000);

    private final String key;
    private final int bits;
    private final int lsbPerG;

    Adxl355Range(String key, int bits, int lsbPerG) {
        this.key = key;
        this.bits = bits;
        this.lsbPerG = lsbPerG;
    }

    /** The config value, e.g. {@code 2g}. */
    public String key() {
        return key;
    }

    /** Bits [1:0] of the RANGE register. */
    public int bits() {
        return bits;
    }

    public int lsbPerG() {
        return lsbPerG;
    }

    /** Full scale in g (2, 4 or 8). */
    public int g() {
        return 512_000 / lsbPerG;
    }

    public static Optional<Adxl355Range> of(String key) {
        return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(Adxl355Range::key).toList();
    }
}
