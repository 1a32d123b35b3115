package org.fieldgate.drivers.pms5003;

/**
 * The 13 data words of a Plantower PMSx003 data frame ({@code 42 4D 00 1C}, 32 bytes), as sent.
 *
 * <p>Words: 0–2 PM1.0/2.5/10 at CF=1 (µg/m³), 3–5 PM1.0/2.5/10 atmospheric (µg/m³), 6–11 particle
 * counts above 0.3/0.5/1.0/2.5/5.0/10 µm per 0.1 L, 12 version and error code. A PMS5003T sends its
 * temperature (°C × 10, signed) in word 10 and relative humidity (% × 10) in word 11 instead of the
 * two largest counts.
 *
 * @param words the 13 unsigned 16-bit words, big-endian on the wire
 */
public record Pms5003Frame(int[] words) {

    public static final int WORDS = 13;

    public Pms5003Frame {
        if (words.length != WORDS) {
            throw new IllegalArgumentException("a PMSx003 frame has 13 data words, got " + words.length);
        }
        words = words.clone();
    }

    public int word(int i) {
        return words[i];
    }

    @Override
    public int[] words() {
        return words.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pms5003Frame f && java.util.Arrays.equals(words, f.words);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "Pms5003Frame" + java.util.Arrays.toString(words);
    }
}
