package org.fieldgate.drivers.adxl355;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The ADXL355's register map and number formats (Analog Devices ADXL354/ADXL355 datasheet, Rev. B:
 * "Register Map", "SPI Protocol", "Temperature Sensor", "FIFO"). Pure: no I/O.
 *
 * <ul>
 *   <li>SPI: the first byte of a transaction is {@code (register << 1) | R/W}, 1 = read. Multi-byte
 *       reads and writes auto-increment the register address, except at FIFO_DATA, which stays put so
 *       a burst read drains the FIFO.</li>
 *   <li>Acceleration: 20-bit two's complement, left aligned in three bytes: XDATA3 = bits [19:12],
 *       XDATA2 = [11:4], XDATA1 bits 7:4 = [3:0]. In a FIFO entry the low nibble of the third byte
 *       carries markers: bit 0 = this is an x-axis sample (a triplet starts), bit 1 = the FIFO was
 *       empty (the entry holds no sample).</li>
 *   <li>Temperature: 12-bit unsigned, TEMP2 bits 3:0 = [11:8], TEMP1 = [7:0]; nominal intercept
 *       1885 LSB at 25 °C, slope −9.05 LSB/°C.</li>
 * </ul>
 */
public final class Adxl355Codec {

    public static final int DEVID_AD = 0x00;
    public static final int DEVID_MST = 0x01;
    public static final int PARTID = 0x02;
    public static final int REVID = 0x03;
    public static final int STATUS = 0x04;
    public static final int FIFO_ENTRIES = 0x05;
    public static final int TEMP2 = 0x06;
    public static final int TEMP1 = 0x07;
    public static final int XDATA3 = 0x08;
    public static final int FIFO_DATA = 0x11;
    public static final int FILTER = 0x28;
    public static final int FIFO_SAMPLES = 0x29;
    public static final int RANGE = 0x2C;
    public static final int POWER_CTL = 0x2D;
    public static final int RESET = 0x2F;

    /** What DEVID_AD, DEVID_MST and PARTID read on an ADXL355. */
    public static final int EXPECTED_DEVID_AD = 0xAD;
    public static final int EXPECTED_DEVID_MST = 0x1D;
    public static final int EXPECTED_PARTID = 0xED;
    /** Written to RESET: a software reset, as at power-on. */
    public static final int RESET_CODE = 0x52;

    public static final int STATUS_DATA_RDY = 0x01;
    /** FIFO_SAMPLES watermark reached. */
    public static final int STATUS_FIFO_FULL = 0x02;
    /** The FIFO overran: the oldest samples were lost. */
    public static final int STATUS_FIFO_OVR = 0x04;

    /** POWER_CTL bits: standby (set at power-on), temperature off, DRDY off. */
    public static final int POWER_STANDBY = 0x01;
    public static final int POWER_TEMP_OFF = 0x02;
    /** POWER_CTL for measurement with the temperature sensor on. */
    public static final int POWER_MEASURE = 0x00;
    /** RANGE after reset: I2C high speed on, interrupts active low, ±2 g. */
    public static final int RANGE_RESET = 0x81;

    /** FIFO depth in entries (one axis sample each): 32 triplets. */
    public static final int FIFO_CAPACITY = 96;
    public static final int ENTRY_BYTES = 3;
    static final int MARKER_X = 0x01;
    static final int MARKER_EMPTY = 0x02;

    public static final double STANDARD_GRAVITY = 9.80665;
    public static final double TEMP_INTERCEPT_LSB = 1885;
    public static final double TEMP_SLOPE_LSB_PER_C = -9.05;

    /**
     * Output data rates the driver supports (Hz) and their FILTER ODR_LPF code (bits 3:0). The chip
     * also runs at 1000–4000 Hz and below 15.625 Hz; the fast rates are left out because the 32-triplet
     * FIFO fills in 32 ms or less at 1000 Hz, too close to a Pi's scheduling jitter for polling.
     */
    public static final Map<Double, Integer> ODR_CODES;

    static {
        Map<Double, Integer> codes = new LinkedHashMap<>();
        codes.put(15.625, 0b1000);
        codes.put(31.25, 0b0111);
        codes.put(62.5, 0b0110);
        codes.put(125.0, 0b0101);
        codes.put(250.0, 0b0100);
        codes.put(500.0, 0b0011);
        ODR_CODES = java.util.Collections.unmodifiableMap(codes);
    }

    private Adxl355Codec() {
    }

    /** First byte of a read of {@code register}. */
    public static byte readCommand(int register) {
        return (byte) ((register << 1) | 1);
    }

    /** First byte of a write to {@code register}. */
    public static byte writeCommand(int register) {
        return (byte) (register << 1);
    }

    /** The 20-bit sample in bytes {@code b3 b2 b1} (data register or FIFO entry), sign-extended. */
    public static int decode20(byte b3, byte b2, byte b1) {
        int raw = ((b3 & 0xFF) << 12) | ((b2 & 0xFF) << 4) | ((b1 & 0xFF) >>> 4);
        return (raw << 12) >> 12;
    }

    /** The decoded sample at {@code offset} of {@code bytes}. */
    public static int decode20(byte[] bytes, int offset) {
        return decode20(bytes[offset], bytes[offset + 1], bytes[offset + 2]);
    }

    /** The three bytes of a FIFO entry holding {@code sample} (−524288..524287) and markers. */
    public static byte[] encodeEntry(int sample, boolean xAxis, boolean empty) {
        if (sample < -(1 << 19) || sample >= (1 << 19)) {
            throw new IllegalArgumentException("not a 20-bit sample: " + sample);
        }
        int raw = sample & 0xFFFFF;
        int markers = (xAxis ? MARKER_X : 0) | (empty ? MARKER_EMPTY : 0);
        return new byte[] {(byte) (raw >>> 12), (byte) (raw >>> 4), (byte) (((raw & 0x0F) << 4) | markers)};
    }

    /** True when the FIFO entry at {@code offset} is an x-axis sample. */
    public static boolean isXAxis(byte[] bytes, int offset) {
        return (bytes[offset + 2] & MARKER_X) != 0;
    }

    /** True when the FIFO entry at {@code offset} was read from an empty FIFO. */
    public static boolean isEmpty(byte[] bytes, int offset) {
        return (bytes[offset + 2] & MARKER_EMPTY) != 0;
    }

    /** Acceleration in m/s² of a raw sample at {@code range}. */
    public static double toMs2(int raw, Adxl355Range range) {
        return raw * STANDARD_GRAVITY / range.lsbPerG();
    }

    /** The raw sample nearest {@code ms2} at {@code range}, clipped to 20 bits (the chip saturates). */
    public static int fromMs2(double ms2, Adxl355Range range) {
        long raw = Math.round(ms2 * range.lsbPerG() / STANDARD_GRAVITY);
        return (int) Math.max(-(1 << 19), Math.min((1 << 19) - 1, raw));
    }

    /** The 12-bit temperature in TEMP2 (low nibble) and TEMP1. */
    public static int temperatureRaw(byte temp2, byte temp1) {
        return ((temp2 & 0x0F) << 8) | (temp1 & 0xFF);
    }

    /** °C from the 12-bit temperature (nominal calibration; ±few °C part to part). */
    public static double temperatureC(int raw) {
        return 25 + (raw - TEMP_INTERCEPT_LSB) / TEMP_SLOPE_LSB_PER_C;
    }

    /** The 12-bit temperature nearest {@code celsius} (for emulators and tests). */
    public static int temperatureRawOf(double celsius) {
        return (int) Math.max(0, Math.min(0xFFF, Math.round(TEMP_INTERCEPT_LSB + (celsius - 25) * TEMP_SLOPE_LSB_PER_C)));
    }

    /** The FILTER register value for {@code rate} (no high-pass filter), or empty if unsupported. */
    public static OptionalInt filterValue(double rate) {
        Integer code = ODR_CODES.get(rate);
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    /** The output data rate of a FILTER value, Hz (any ODR_LPF code, 4000 Hz down to 3.906 Hz). */
    public static double rateOf(int filter) {
        return 4000.0 / (1 << (filter & 0x0F));
    }

    /** Supported rates as the config writes them: {@code 15.625, 31.25, 62.5, 125, 250, 500}. */
    public static List<String> supportedRates() {
        return ODR_CODES.keySet().stream().map(Adxl355Codec::formatRate).toList();
    }

    static String formatRate(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }
}
