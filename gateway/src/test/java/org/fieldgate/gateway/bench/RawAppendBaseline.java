package org.fieldgate.gateway.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The raw cost of keeping the same payload durable within a second: each second's bytes appended
 * once to a plain file, then one {@code force} (fsync). Replayed as fast as it goes: the bytes it
 * writes depend only on what is appended between two fsyncs, not on the seconds in between.
 * Counted on this thread alone ({@code /proc/thread-self/io}).
 *
 * @param writeBytes the block-device bytes it caused
 * @param fsyncs     one per second that received anything
 */
record RawAppendBaseline(long writeBytes, long fsyncs) {

    static RawAppendBaseline replay(Path file, long[] bytesPerSecond) throws IOException {
        ProcessIo before = ProcessIo.ofThisThread();
        long fsyncs = 0;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            for (long bytes : bytesPerSecond) {
                if (bytes == 0) {
                    continue;
                }
                ByteBuffer chunk = ByteBuffer.allocate((int) bytes);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                out.force(true);
                fsyncs++;
            }
        }
        return new RawAppendBaseline(ProcessIo.ofThisThread().minus(before).writeBytes(), fsyncs);
    }
}
