package org.fieldgate.gateway.store;

/**
 * A piece of a message still being assembled (readings of an open batch, samples of an unfinished
 * waveform second or event window, a filling miniSEED record), kept durable until the message that
 * carries it is committed: then the fragments of its {@code stream} are deleted in that same
 * transaction. After a crash, the pipeline turns what is left into messages.
 *
 * @param stream what is being assembled, e.g. {@code readings/wl1}; its format is the pipeline's
 * @param data   the fragment, in the pipeline's own encoding
 */
public record StagedFragment(String stream, byte[] data) {
}
