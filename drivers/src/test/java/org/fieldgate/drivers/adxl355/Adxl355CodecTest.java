package org.fieldgate.drivers.adxl355;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Golden values from the ADXL354/ADXL355 datasheet, Rev. B: Table 1 (sensitivity and scale factor
 * per range, temperature intercept and slope), "Register Map" (addresses, reset values, ids, FILTER
 * ODR_LPF codes), "SPI Protocol" (command byte), "Data Formatting" (20-bit two's complement, left
 * aligned in XDATA3/2/1) and the FIFO_DATA description (x-axis marker bit 0, empty indicator bit 1),
 * as written down in src/test/resources/README.md.
 */
class Adxl355CodecTest {

    private static byte b(int v) {
        return (byte) v;
    }

    @Test
    void twentyBitTwosComplementLeftAlignedInThreeBytes() {
        assertThat(Adxl355Codec.decode20(b(0x7F), b(0xFF), b(0xF0))).isEqualTo(0x7FFFF).isEqualTo(524_287);
        assertThat(Adxl355Codec.decode20(b(0x80), b(0x00), b(0x00))).isEqualTo(-524_288);
        assertThat(Adxl355Codec.decode20(b(0xFF), b(0xFF), b(0xF0))).isEqualTo(-1);
        assertThat(Adxl355Codec.decode20(b(0x00), b(0x00), b(0x10))).isEqualTo(1);
        assertThat(Adxl355Codec.decode20(b(0x00), b(0x00), b(0x00))).isZero();
        // +1 g at ±2 g = 256000 LSB = 0x3E800
        assertThat(Adxl355Codec.decode20(b(0x3E), b(0x80), b(0x00))).isEqualTo(256_000);
        // -1 g = 0xC1800
        assertThat(Adxl355Codec.decode20(b(0xC1), b(0x80), b(0x00))).isEqualTo(-256_000);
    }

    @Test
    void fifoMarkersSitInTheLowNibbleAndDoNotChangeTheValue() {
        byte[] xEntry = {b(0x3E), b(0x80), b(0x01)};
        byte[] emptyEntry = {b(0x00), b(0x00), b(0x02)};
        byte[] yEntry = {b(0xC1), b(0x80), b(0x00)};

        assertThat(Adxl355Codec.decode20(xEntry, 0)).isEqualTo(256_000);
        assertThat(Adxl355Codec.isXAxis(xEntry, 0)).isTrue();
        assertThat(Adxl355Codec.isEmpty(xEntry, 0)).isFalse();
        assertThat(Adxl355Codec.isEmpty(emptyEntry, 0)).isTrue();
        assertThat(Adxl355Codec.isXAxis(yEntry, 0)).isFalse();

        assertThat(Adxl355Codec.encodeEntry(256_000, true, false)).containsExactly(xEntry);
        assertThat(Adxl355Codec.encodeEntry(-256_000, false, false)).containsExactly(yEntry);
        assertThat(Adxl355Codec.encodeEntry(0, false, true)).containsExactly(emptyEntry);
    }

    @Test
    void encodeAndDecodeAgreeOnEveryKindOfSample() {
        Random random = new Random(355);
        for (int i = 0; i < 10_000; i++) {
            int sample = random.nextInt(1 << 20) - (1 << 19);
            boolean x = random.nextBoolean();
            byte[] e = Adxl355Codec.encodeEntry(sample, x, false);
            assertThat(Adxl355Codec.decode20(e, 0)).isEqualTo(sample);
            assertThat(Adxl355Codec.isXAxis(e, 0)).isEqualTo(x);
        }
        assertThatThrownBy(() -> Adxl355Codec.encodeEntry(1 << 19, false, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scaleFactorsPerRange() {
        // 3.9, 7.8, 15.6 µg/LSB (the datasheet rounds 1/256000 g)
        double microG = 1e6 / Adxl355Codec.STANDARD_GRAVITY;
        assertThat(Adxl355Codec.toMs2(1, Adxl355Range.G2) * microG).isCloseTo(3.9, within(0.01));
        assertThat(Adxl355Codec.toMs2(1, Adxl355Range.G4) * microG).isCloseTo(7.8, within(0.02));
        assertThat(Adxl355Codec.toMs2(1, Adxl355Range.G8) * microG).isCloseTo(15.6, within(0.04));
        assertThat(Adxl355Codec.toMs2(256_000, Adxl355Range.G2)).isEqualTo(9.80665);
        assertThat(Adxl355Codec.toMs2(128_000, Adxl355Range.G4)).isEqualTo(9.80665);
        assertThat(Adxl355Codec.toMs2(-64_000, Adxl355Range.G8)).isEqualTo(-9.80665);
        assertThat(Adxl355Codec.fromMs2(9.80665, Adxl355Range.G2)).isEqualTo(256_000);
        assertThat(Adxl355Codec.fromMs2(1000, Adxl355Range.G2)).isEqualTo(524_287); // saturates
        assertThat(Adxl355Range.G2.bits()).isEqualTo(0b01);
        assertThat(Adxl355Range.G4.bits()).isEqualTo(0b10);
        assertThat(Adxl355Range.G8.bits()).isEqualTo(0b11);
        assertThat(Adxl355Range.G8.g()).isEqualTo(8);
    }

    @Test
    void temperatureFromTheNominalInterceptAndSlope() {
        // 1885 LSB at 25 °C, -9.05 LSB/°C; 12 bits, TEMP2[3:0] high, TEMP1 low
        assertThat(Adxl355Codec.temperatureRaw(b(0x07), b(0x5D))).isEqualTo(1885);
        assertThat(Adxl355Codec.temperatureRaw(b(0xF7), b(0x5D))).isEqualTo(1885); // TEMP2 bits 7:4 reserved
        assertThat(Adxl355Codec.temperatureC(1885)).isEqualTo(25.0);
        assertThat(Adxl355Codec.temperatureC(1885 - 181)).isCloseTo(45.0, within(1e-9));
        assertThat(Adxl355Codec.temperatureC(1885 + 181)).isCloseTo(5.0, within(1e-9));
        assertThat(Adxl355Codec.temperatureRawOf(45)).isEqualTo(1704);
    }

    @Test
    void outputDataRatesAndTheirFilterCodes() {
        assertThat(Adxl355Codec.filterValue(125)).hasValue(0b0101);
        assertThat(Adxl355Codec.filterValue(31.25)).hasValue(0b0111);
        assertThat(Adxl355Codec.filterValue(62.5)).hasValue(0b0110);
        assertThat(Adxl355Codec.filterValue(250)).hasValue(0b0100);
        assertThat(Adxl355Codec.filterValue(100)).isEmpty();
        assertThat(Adxl355Codec.filterValue(4000)).isEmpty();
        assertThat(Adxl355Codec.rateOf(0)).isEqualTo(4000);
        assertThat(Adxl355Codec.rateOf(0b1010)).isCloseTo(3.906, within(0.001));
        for (var e : Adxl355Codec.ODR_CODES.entrySet()) {
            assertThat(Adxl355Codec.rateOf(e.getValue())).isEqualTo(e.getKey());
        }
        assertThat(Adxl355Codec.supportedRates()).containsExactly("15.625", "31.25", "62.5", "125", "250", "500");
    }
}
