package org.fieldgate.gateway.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.fieldgate.gateway.rules.AlertEvent;

/**
 * Reads back an alert or acknowledgement payload that {@link MessageEncoder} wrote (the stored
 * payload of a rule's retained alarm), so that the status API shows an alarm restored after a
 * restart with its sensor, channel, value and threshold.
 */
public final class AlertPayloadReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertPayloadReader() {
    }

    /**
     * The event {@code payload} describes; rule, level and severity are taken from {@code known} (the
     * recorded alarm state), and so is everything when the payload cannot be read. An
     * acknowledgement payload has no input fields of its own when the alert was unknown: those stay
     * empty.
     */
    public static AlertEvent read(byte[] payload, AlertEvent known) {
        try {
            JsonNode j = JSON.readTree(payload);
            if (j == null || !j.isObject()) {
                return known;
            }
            return new AlertEvent(known.rule(), j.path("state").asText("raised"), known.level(), known.severity(),
                    j.path("sensor").textValue(), j.path("ch").textValue(), j.path("value").asDouble(0),
                    j.path("threshold").asDouble(0), j.path("t").asLong(known.time()));
        } catch (IOException | RuntimeException e) {
            return known;
        }
    }
}
