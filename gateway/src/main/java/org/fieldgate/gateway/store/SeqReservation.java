package org.fieldgate.gateway.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A small file beside the database ({@code store.db.seq}) holding a seq that no seq ever assigned
 * exceeds. It is raised in blocks, before the transaction that would pass it commits, so it costs
 * one extra fsync per {@link #BLOCK} appends.
 *
 * <p>Why: receivers drop duplicates by {@code (gw, seq)}, so a seq reused after a damaged store was
 * replaced would make them silently drop new messages. After damage the store continues above this
 * mark instead: a gap (announced) rather than a reuse.
 */
final class SeqReservation {

    static final long BLOCK = 1000;

    private final Path file;
    private long reserved;

    private SeqReservation(Path file, long reserved) {
        this.file = file;
        this.reserved = reserved;
    }

    /** Reads the mark; a missing or unreadable file reads as 0 (nothing reserved). */
    static SeqReservation at(Path file) {
        long value = 0;
        try {
            if (Files.exists(file)) {
                String text = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (text.startsWith("reserved=")) {
                    value = Long.parseLong(text.substring("reserved=".length()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            value = 0;
        }
        return new SeqReservation(file, value);
    }

    long reserved() {
        return reserved;
    }

    /** Makes sure {@code seq} is covered, writing the next block to disk first when it is not. */
    void cover(long seq) throws IOException {
        if (seq <= reserved) {
            return;
        }
        write(seq + BLOCK);
    }

    void write(long value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(("reserved=" + value + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        PrivateFiles.file(tmp);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        syncFolder(file.getParent());
        reserved = value;
    }

    private static void syncFolder(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not every platform can fsync a directory; the rename is still atomic
        }
    }
}
