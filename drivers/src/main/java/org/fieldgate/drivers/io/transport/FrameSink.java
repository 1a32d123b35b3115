package org.fieldgate.drivers.io.transport;

/** What a {@link StreamDecoder} finds in the bytes it is fed. */
public interface FrameSink<F> {

    /** A complete frame whose checksum is right. */
    void frame(F frame);

    /** A complete frame whose checksum is wrong (dropped: never becomes a reading). */
    void checksumError();

    /** {@code skipped} bytes were thrown away while looking for the next frame start. */
    void resync(int skipped);
}
