package org.fieldgate.drivers.sps30;

/**
 * One "read measured values" answer in IEEE 754 float format (40 bytes, ten big-endian floats).
 *
 * @param pm1      mass concentration PM1.0, µg/m³
 * @param pm25     PM2.5, µg/m³
 * @param pm4      PM4.0, µg/m³
 * @param pm10     PM10, µg/m³
 * @param nc05     number concentration PM0.5, #/cm³
 * @param nc1      PM1.0, #/cm³
 * @param nc25     PM2.5, #/cm³
 * @param nc4      PM4.0, #/cm³
 * @param nc10     PM10, #/cm³
 * @param typicalSize typical particle size, µm
 */
record Sps30Values(float pm1, float pm25, float pm4, float pm10, float nc05, float nc1, float nc25,
                          float nc4, float nc10, float typicalSize) {

    /** In wire order. */
    public float[] toArray() {
        return new float[] {pm1, pm25, pm4, pm10, nc05, nc1, nc25, nc4, nc10, typicalSize};
    }
}
