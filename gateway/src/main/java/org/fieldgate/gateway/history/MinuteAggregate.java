package org.fieldgate.gateway.history;

/**
 * The readings of one channel in one UTC minute.
 *
 * @param minute minutes since the epoch
 */
record MinuteAggregate(long minute, String sensor, String channel, double min, double mean, double max, int count) {

    /** One CSV line of a day file: {@code minute,sensor,channel,min,mean,max,count}. */
    String line() {
        return minute + "," + sensor + "," + channel + "," + (float) min + "," + (float) mean + "," + (float) max + ","
                + count + "\n";
    }

    /** A line of a day file; null when it is not one (a torn last line after a power cut). */
    static MinuteAggregate parse(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 7) {
            return null;
        }
        try {
            return new MinuteAggregate(Long.parseLong(f[0]), f[1], f[2], Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]), Integer.parseInt(f[6]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
