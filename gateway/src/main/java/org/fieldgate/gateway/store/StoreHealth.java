package org.fieldgate.gateway.store;

/**
 * Whether the store can write, and what it had to repair when it was opened.
 *
 * @param writable         false while appends fail (disk full, I/O error)
 * @param unwritableSince  when writes started to fail, ms since the epoch, or 0 while writable
 * @param writeError       the last write failure while unwritable, else null
 * @param recovery         what opening the store had to repair, or null after a clean open
 */
public record StoreHealth(boolean writable, long unwritableSince, String writeError, Recovery recovery) {

    /** A writable store that opened cleanly. */
    public static final StoreHealth OK = new StoreHealth(true, 0, null, null);

    /**
     * What was repaired at open.
     *
     * @param summary       one line for people ("WAL tail damaged: 3 frames dropped", …)
     * @param movedAside    where the damaged files went (the database's new name), or null
     * @param salvagedRows  outbox rows copied from a damaged database into the new one
     * @param lostRows      rows known to be lost, or -1 when the store cannot tell
     * @param lostFirstSeq  lowest seq that may be lost, or 0 when none / unknown
     * @param lostLastSeq   highest seq that may be lost, or 0 when none / unknown
     */
    public record Recovery(String summary, String movedAside, long salvagedRows, long lostRows,
                           long lostFirstSeq, long lostLastSeq) {
    }
}
