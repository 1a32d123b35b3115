package org.fieldgate.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The block-device write counters of a process (or of the calling thread) from {@code /proc/…/io}.
 * {@code write_bytes} counts the bytes a task caused to be sent to the storage layer: a page counts
 * each time it goes from clean to dirty, so rewriting a page after its fsync counts it again.
 * Writes through tmpfs count nothing; a filesystem's own journal (ext4's jbd2 thread) is not
 * charged to the process.
 *
 * @param writeBytes          {@code write_bytes}
 * @param cancelledWriteBytes {@code cancelled_write_bytes}: dirty pages of files truncated or
 *                            deleted before they reached the device
 */
record ProcessIo(long writeBytes, long cancelledWriteBytes) {

    static ProcessIo of(long pid) throws IOException {
        return read(Path.of("/proc", Long.toString(pid), "io"));
    }

    /** The calling thread's counters only (other threads of this JVM write too). */
    static ProcessIo ofThisThread() throws IOException {
        return read(Path.of("/proc/thread-self/io"));
    }

    ProcessIo minus(ProcessIo earlier) {
        return new ProcessIo(writeBytes - earlier.writeBytes, cancelledWriteBytes - earlier.cancelledWriteBytes);
    }

    private static ProcessIo read(Path file) throws IOException {
        long write = -1;
        long cancelled = -1;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("write_bytes:")) {
                write = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            } else if (line.startsWith("cancelled_write_bytes:")) {
                cancelled = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        if (write < 0 || cancelled < 0) {
            throw new IOException(file + " has no write_bytes (kernel without task I/O accounting?)");
        }
        return new ProcessIo(write, cancelled);
    }
}
