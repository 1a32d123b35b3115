package org.fieldgate.gateway.aqi;

/**
 * One band of an index.
 *
 * @param id   ASCII id ({@code good}, {@code moderate}, {@code poor}, …)
 * @param name the name the standard uses ({@code Tốt}, {@code Unhealthy for Sensitive Groups}, …)
 * @param low  lowest index value of the band
 * @param high highest index value of the band
 */
record AqiCategory(String id, String name, int low, int high) {

    public boolean contains(int index) {
        return index >= low && index <= high;
    }
}
