package org.fieldgate.drivers.io.spi;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code spi:} of a sensor entry: {@code { bus: 0, chip_select: 0, speed: 1000000 }}, the Linux
 * device {@code /dev/spidev<bus>.<chip_select>}. A device node that is not there yet is not a config
 * error: the sensor shows {@code fault} until it appears (SPI not enabled, wiring pending).
 *
 * @param bus        SPI controller (Raspberry Pi: 0 = SPI0 on header pins 19/21/23); default 0
 * @param chipSelect {@code chip_select}: CE line (0 = CE0, header pin 24; 1 = CE1, pin 26); default 0
 * @param speed      clock in Hz; default the driver's
 */
public record SpiSettings(@JsonProperty("bus") Integer bus,
                          @JsonProperty("chip_select") Integer chipSelect,
                          @JsonProperty("speed") Integer speed) {

    /** Highest bus and chip-select numbers pi4j 2.8.0 knows ({@code SpiBus}, {@code SpiChipSelect}). */
    public static final int MAX_BUS = 6;
    public static final int MAX_CHIP_SELECT = 2;

    /** These settings with defaults for absent keys. */
    public SpiSettings withDefaults(int defaultSpeed) {
        return new SpiSettings(bus == null ? 0 : bus, chipSelect == null ? 0 : chipSelect,
                speed == null ? defaultSpeed : speed);
    }

    /** The Linux device node, e.g. {@code /dev/spidev0.0}. */
    public String device() {
        return "/dev/spidev" + bus + "." + chipSelect;
    }

    /**
     * Problems of settings with defaults filled in, as {@code spi.key: what is wrong}.
     *
     * @param maxSpeed the device's highest SPI clock, Hz
     */
    public static List<String> problems(SpiSettings spi, int maxSpeed) {
        List<String> problems = new ArrayList<>();
        if (spi == null) {
            problems.add("spi: required: { bus: 0, chip_select: 0 } (the device /dev/spidev<bus>.<chip_select>)");
            return problems;
        }
        if (spi.bus() < 0 || spi.bus() > MAX_BUS) {
            problems.add("spi.bus: must be 0 to " + MAX_BUS + ", got " + spi.bus());
        }
        if (spi.chipSelect() < 0 || spi.chipSelect() > MAX_CHIP_SELECT) {
            problems.add("spi.chip_select: must be 0 to " + MAX_CHIP_SELECT + ", got " + spi.chipSelect());
        }
        if (spi.speed() < 10_000 || spi.speed() > maxSpeed) {
            problems.add("spi.speed: must be 10000 to " + maxSpeed + " Hz, got " + spi.speed());
        }
        return problems;
    }
}
