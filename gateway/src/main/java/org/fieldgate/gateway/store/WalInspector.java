package org.fieldgate.gateway.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a SQLite {@code -wal} file the way SQLite's recovery does (https://sqlite.org/fileformat.html
 * §4), before SQLite opens it, to tell a clean log from a damaged one. SQLite itself silently
 * ignores everything from the first frame whose checksum fails; this class exists so that the
 * store can say so out loud.
 *
 * <p>A frame is part of the log while its salts match the header and the running checksum holds;
 * the log ends at the last commit frame of that run. What follows with the header's salts is
 * either an unfinished transaction or damage. A process killed while writing leaves valid frames
 * without a commit frame and at most one bad frame at the very end (a {@code write()} cut short, or
 * a page half written over a stale frame): unfinished, nothing reported as stored is in it. A bad
 * frame with more frames of the log after it cannot come from a kill: that is damage (as is a bad
 * header). A tail cut exactly like a kill would cut it cannot be told from one; as commits are
 * fsynced ({@code synchronous=FULL}), only a failing medium produces that. Frames with other salts
 * are left over from before the last WAL reset and mean nothing.
 */
final class WalInspector {

    private static final int HEADER = 32;
    private static final int FRAME_HEADER = 24;

    /**
     * @param exists           the file exists and is not empty
     * @param committedFrames  frames SQLite will keep (through the last valid commit frame)
     * @param unfinishedFrames valid frames after that without a commit frame
     * @param damagedFrames    frames (whole or torn) after that which fail the checksum or are cut
     * @param headerDamaged    the header itself is bad: SQLite ignores the whole file
     */
    record Report(boolean exists, long committedFrames, long unfinishedFrames, long damagedFrames,
                  boolean headerDamaged) {

        boolean damaged() {
            return headerDamaged || damagedFrames > 0;
        }

        String describe() {
            if (headerDamaged) {
                return "WAL header damaged: the whole WAL was ignored";
            }
            return "WAL tail damaged: " + damagedFrames + " frame(s) after the last intact commit were dropped"
                    + " (" + committedFrames + " committed frame(s) kept, " + unfinishedFrames + " unfinished)";
        }
    }

    private WalInspector() {
    }

    static Report inspect(Path wal) throws IOException {
        if (!Files.exists(wal) || Files.size(wal) == 0) {
            return new Report(false, 0, 0, 0, false);
        }
        try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            if (readFully(ch, header, 0) < HEADER) {
                return new Report(true, 0, 0, 0, true);
            }
            header.flip();
            int magic = header.getInt(0);
            if (magic != 0x377f0682 && magic != 0x377f0683) {
                return new Report(true, 0, 0, 0, true);
            }
            ByteOrder order = (magic & 1) == 1 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            int pageSize = header.getInt(8);
            if (pageSize == 1) {
                pageSize = 65536;
            }
            if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
                return new Report(true, 0, 0, 0, true);
            }
            int salt1 = header.getInt(16);
            int salt2 = header.getInt(20);
            int[] sum = checksum(header, 0, 24, order, new int[]{0, 0});
            if (sum[0] != header.getInt(24) || sum[1] != header.getInt(28)) {
                return new Report(true, 0, 0, 0, true);
            }
            long frameSize = FRAME_HEADER + (long) pageSize;
            ByteBuffer frame = ByteBuffer.allocate((int) frameSize);
            long valid = 0;
            long lastCommit = 0;
            long damaged = 0;
            boolean broken = false;
            for (long offset = HEADER; offset < size; offset += frameSize) {
                frame.clear();
                int got = readFully(ch, frame, offset);
                frame.flip();
                boolean ours = got >= 16 && frame.getInt(8) == salt1 && frame.getInt(12) == salt2;
                if (got < frameSize) {
                    if (got < 16 || ours) {
                        damaged++;
                    }
                    break;
                }
                if (!ours) {
                    if (!broken) {
                        break; // the log ends; the rest is from before the last reset
                    }
                    continue;
                }
                if (broken) {
                    damaged++;
                    continue;
                }
                int[] next = checksum(frame, 0, 8, order, sum.clone());
                next = checksum(frame, FRAME_HEADER, pageSize, order, next);
                if (next[0] != frame.getInt(16) || next[1] != frame.getInt(20)) {
                    broken = true;
                    damaged++;
                    continue;
                }
                sum = next;
                valid++;
                if (frame.getInt(4) != 0) {
                    lastCommit = valid;
                }
            }
            if (damaged == 1) {
                // One bad frame at the very end is what a process killed in the middle of writing a
                // frame leaves (a write() cut short, or a page half over a stale frame): unfinished,
                // never reported as stored. Damage is a bad frame with more of the log after it.
                return new Report(true, lastCommit, valid - lastCommit + 1, 0, false);
            }
            return new Report(true, lastCommit, valid - lastCommit, damaged, false);
        }
    }

    private static int readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** SQLite's WAL checksum over {@code len} bytes (a multiple of 8) of {@code buf} from {@code from}. */
    private static int[] checksum(ByteBuffer buf, int from, int len, ByteOrder order, int[] s) {
        ByteBuffer b = buf.duplicate().order(order);
        int s0 = s[0];
        int s1 = s[1];
        for (int i = from; i < from + len; i += 8) {
            s0 += b.getInt(i) + s1;
            s1 += b.getInt(i + 4) + s0;
        }
        return new int[]{s0, s1};
    }
}
