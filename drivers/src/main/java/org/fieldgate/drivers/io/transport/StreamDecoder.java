package org.fieldgate.drivers.io.transport;

/**
 * Finds frames in a byte stream that may start mid-frame, carry garbage between frames, or arrive
 * torn across reads. Pure (no I/O), so it can be fuzzed: no input makes it throw, and a frame with a
 * bad checksum is never passed on as a frame. One instance per link session.
 *
 * @param <F> the decoded frame
 */
public interface StreamDecoder<F> {

    void feed(byte[] buf, int off, int len, FrameSink<F> sink);
}
