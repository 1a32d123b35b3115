package org.fieldgate.gateway.replay;

import java.util.Objects;
import org.fieldgate.drivers.Reading;

/**
 * One reading of a recording, with where it was read (for error messages).
 *
 * @param sensor  sensor id (the config's {@code sensors[].id})
 * @param reading the reading (channel, time, value, quality)
 * @param file    the file it came from, as given
 * @param line    1-based line in that file
 * @param sensorColumn 1-based column of the sensor field in that line
 */
record RecordedReading(String sensor, Reading reading, String file, int line, int sensorColumn) {
    public RecordedReading {
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(reading, "reading");
        Objects.requireNonNull(file, "file");
    }

    /** {@code file:line}, for messages. */
    String where() {
        return file + ":" + line;
    }
}
