package org.fieldgate.drivers.maxbotixhrxl;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.fieldgate.drivers.io.transport.LinkConfig;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.fieldgate.drivers.io.transport.TcpSettings;

/**
 * Keys of a {@code maxbotix-hrxl} sensor entry besides {@code id}, {@code driver}, {@code every}.
 *
 * @param serial       the serial port (9600 8N1 by default); or
 * @param tcp          a serial device server in raw TCP mode
 * @param units        {@code mm} (readings {@code R####}, default) or {@code cm} (readings {@code R###})
 * @param modelRangeMm {@code model_range_mm}: the model's reporting limits (default the 5 m models'
 *                     {@code { min: 300, max: 4999 }})
 * @param medianOf     {@code median_of}: report the median of this many consecutive sensor readings
 *                     (default 1 = no filter)
 * @param stage        {@code stage: { datum_m, channel }}: also report the level above the datum
 *                     ({@code stage_m}, or {@code sea_level_m} on a tide gauge); absent = distance only
 */
public record MaxbotixHrxlConfig(@JsonProperty("serial") SerialSettings serial,
                                 @JsonProperty("tcp") TcpSettings tcp,
                                 @JsonProperty("units") String units,
                                 @JsonProperty("model_range_mm") ModelRange modelRangeMm,
                                 @JsonProperty("median_of") Integer medianOf,
                                 @JsonProperty("stage") Stage stage) implements LinkConfig {

    public MaxbotixHrxlConfig {
        units = units == null ? "mm" : units;
        modelRangeMm = modelRangeMm == null ? ModelRange.FIVE_METRE : modelRangeMm;
        medianOf = medianOf == null ? 1 : medianOf;
    }

    /**
     * What the model reports at its limits: {@code min} inside the blanking distance, {@code max} (or
     * above) when it hears no echo. 5 m models: 300 / 4999 (they send 4999 or 5000); 10 m models:
     * 500 / 9998 (they send 9998 or 9999).
     */
    public record ModelRange(@JsonProperty("min") Integer min, @JsonProperty("max") Integer max) {

        public static final ModelRange FIVE_METRE = new ModelRange(300, 4999);
        public static final ModelRange TEN_METRE = new ModelRange(500, 9998);

        public ModelRange {
            min = min == null ? 300 : min;
            max = max == null ? 4999 : max;
        }
    }

    /**
     * @param datumM  {@code datum_m}: height of the sensor face above the station datum, m
     * @param channel {@code channel}: the level's channel, {@code stage_m} (a river, the default) or
     *                {@code sea_level_m} (a tide gauge)
     */
    public record Stage(@JsonProperty("datum_m") Double datumM, @JsonProperty("channel") String channel) {
        public Stage {
            channel = channel == null ? "stage_m" : channel;
        }

        public Stage(Double datumM) {
            this(datumM, null);
        }
    }
}
