package org.fieldgate.drivers.pms5003;

/** Which member of the family: the frames are the same, two words differ. */
public enum Pms5003Variant {
    /** PMS1003/5003/7003/A003: six particle counts. */
    PMS5003("pms5003"),
    /** PMS5003T: four particle counts, then temperature and relative humidity. */
    PMS5003T("pms5003t");

    private final String key;

    Pms5003Variant(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The variant named {@code key} in the config, or null. */
    public static Pms5003Variant of(String key) {
        for (Pms5003Variant v : values()) {
            if (v.key.equals(key)) {
                return v;
            }
        }
        return null;
    }
}
