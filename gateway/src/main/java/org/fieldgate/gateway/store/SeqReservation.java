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
 *
 * <p>While the database cannot be written, an alert takes its seq here ({@link #takeAbove}): just
 * above the mark, recorded as {@code outside=} in the same file, rewritten in place (fixed width,
 * in the file's existing block, so it works on a full disk). Appends continue above it.
 */
final class SeqReservation {

    static final long BLOCK = 1000;

    private final Path file;
    private long reserved;
    /** The highest seq taken without the database, or 0. */
    private long outside;

    private SeqReservation(Path file, long reserved, long outside) {
        this.file = file;
        this.reserved = reserved;
        this.outside = outside;
    }

    /** Reads the mark; a missing or unreadable file reads as 0 (nothing reserved). */
    static SeqReservation at(Path file) {
        long value = 0;
        long outside = 0;
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    line = line.strip();
                    if (line.startsWith("reserved=")) {
                        value = Long.parseLong(line.substring("reserved=".length()));
                    } else if (line.startsWith("outside=")) {
                        outside = Long.parseLong(line.substring("outside=".length()));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            value = 0;
            outside = 0;
        }
        return new SeqReservation(file, Math.max(value, outside), outside);
    }

    synchronized long reserved() {
        return reserved;
    }

    /** The highest seq taken without the database ({@link #takeAbove}), or 0: appends go above it. */
    synchronized long outside() {
        return outside;
    }

    /**
     * Takes the seq just above the mark for a message sent without the database, and records it
     * before returning. Rewrites the file in place: no new file, no new block, so a full disk does
     * not stop it (a dead one does: then it throws).
     */
    synchronized long takeAbove() throws IOException {
        long seq = reserved + 1;
        if (!Files.exists(file)) {
            outside = seq; // no file yet (a store that never appended): a new one, if there is room
            write(seq);
            return seq;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(text(seq, seq)), 0);
            ch.force(true);
        }
        reserved = seq;
        outside = seq;
        return seq;
    }

    /** Fixed width, so that an in-place rewrite never needs more room than the file has. */
    private static byte[] text(long reserved, long outside) {
        return String.format("reserved=%019d\noutside=%019d\n", reserved, outside).getBytes(StandardCharsets.UTF_8);
    }

    /** Makes sure {@code seq} is covered, writing the next block to disk first when it is not. */
    synchronized void cover(long seq) throws IOException {
        if (seq <= reserved) {
            return;
        }
        write(seq + BLOCK);
    }

    /**
     * Makes sure the file exists and covers {@code lastSeq}, the store's last seq (e.g. a store older
     * than the file): the disk may fill later, and alerts take seqs in it in place.
     */
    synchronized void coverStored(long lastSeq) throws IOException {
        if (reserved < lastSeq || !Files.exists(file)) {
            write(Math.max(lastSeq, reserved));
        }
    }

    synchronized void write(long value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(text(Math.max(value, outside), outside)));
            ch.force(true);
        }
        PrivateFiles.file(tmp);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        syncFolder(file.getParent());
        reserved = Math.max(value, outside);
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
