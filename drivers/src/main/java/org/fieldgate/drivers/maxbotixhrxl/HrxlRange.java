package org.fieldgate.drivers.maxbotixhrxl;

/**
 * One range reading as the sensor sent it, converted to millimetres (a centimetre model's {@code R123}
 * is 1230 mm). The sensor's special values (no target, inside the blanking distance) are still in it:
 * {@link MaxbotixHrxlReadings} judges them.
 *
 * @param millimetres distance from the sensor face to the first target
 */
public record HrxlRange(int millimetres) {
}
