package org.fieldgate.gateway.aqi;

/**
 * A pollutant the gateway derives an hourly index for, with the channel it is read from, the
 * channel its NowCast is published on, and how that NowCast is truncated before an index lookup.
 *
 * <p>Truncation follows EPA's Technical Assistance Document for the Reporting of Daily Air Quality
 * (EPA-454/B-24-002, May 2024, section IV "Calculating the AQI", and EPA-454/B-18-007, 2018):
 * PM2.5 is truncated to one decimal place (µg/m³), PM10 to an integer (µg/m³).
 */
enum Pollutant {
    PM2_5("pm2_5", "pm2_5_nowcast", 10),
    PM10("pm10", "pm10_nowcast", 1);

    private final String channel;
    private final String nowcastChannel;
    private final int scale;

    Pollutant(String channel, String nowcastChannel, int scale) {
        this.channel = channel;
        this.nowcastChannel = nowcastChannel;
        this.scale = scale;
    }

    /** The channel a driver reports it on ({@code pm2_5}, {@code pm10}). */
    public String channel() {
        return channel;
    }

    /** The derived channel its hourly NowCast is published on. */
    public String nowcastChannel() {
        return nowcastChannel;
    }

    /**
     * {@code concentration} truncated (not rounded) per EPA: 0.1 µg/m³ for PM2.5, 1 µg/m³ for PM10.
     * The tiny epsilon keeps a value that is exactly on a step in decimal (294.4) from dropping a
     * step because its binary form is 294.39999999999998.
     */
    public double truncate(double concentration) {
        return Math.floor(concentration * scale + 1e-9) / scale;
    }

    /** The pollutant read from {@code channel}, or null. */
    public static Pollutant ofChannel(String channel) {
        for (Pollutant p : values()) {
            if (p.channel.equals(channel)) {
                return p;
            }
        }
        return null;
    }
}
