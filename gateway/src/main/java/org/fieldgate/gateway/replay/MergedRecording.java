package org.fieldgate.gateway.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Several recording files as one stream in time order: each file must be in time order on its own,
 * and the files are merged by time; readings with the same time keep file order (the earlier file
 * on the command line first, then line order). So a recording split by month and one split by
 * sensor both replay right. Streams: holds one reading per file in memory.
 */
final class MergedRecording implements AutoCloseable {

    private record Head(RecordedReading reading, int file, CsvRecording source) {
    }

    private final List<CsvRecording> files = new ArrayList<>();
    private final PriorityQueue<Head> heads = new PriorityQueue<>(
            Comparator.comparingLong((Head h) -> h.reading().reading().time()).thenComparingInt(Head::file));

    private MergedRecording() {
    }

    static MergedRecording open(List<Path> paths) throws ReplayInputException {
        if (paths.isEmpty()) {
            throw new ReplayInputException("no input: give at least one recording with --input");
        }
        MergedRecording merged = new MergedRecording();
        try {
            for (int i = 0; i < paths.size(); i++) {
                CsvRecording file = CsvRecording.open(paths.get(i));
                merged.files.add(file);
                merged.advance(i, file);
            }
        } catch (ReplayInputException e) {
            merged.close();
            throw e;
        }
        return merged;
    }

    /** The next reading in time order, or null when every file is done. */
    RecordedReading next() throws ReplayInputException {
        Head head = heads.poll();
        if (head == null) {
            return null;
        }
        advance(head.file(), head.source());
        return head.reading();
    }

    private void advance(int index, CsvRecording file) throws ReplayInputException {
        RecordedReading r = file.next();
        if (r != null) {
            heads.add(new Head(r, index, file));
        }
    }

    @Override
    public void close() {
        files.forEach(CsvRecording::close);
    }
}
