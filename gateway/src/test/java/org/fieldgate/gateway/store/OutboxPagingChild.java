package org.fieldgate.gateway.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Child process of {@link SqliteOutboxStorePagingIT} (run with a small heap): bulk-loads {@code args[1]}
 * small telemetry rows, then pages through all of them 500 at a time, sampling the used heap after a
 * GC. Prints {@code rows=N loadedHeap=B maxHeap=B} on success.
 */
public final class OutboxPagingChild {

    private OutboxPagingChild() {
    }

    public static void main(String[] args) throws Exception {
        int total = Integer.parseInt(args[1]);
        try (SqliteOutboxStore store = SqliteOutboxStore.open(Path.of(args[0]), Clock.systemUTC())) {
            int batchSize = 20_000;
            for (int done = 0; done < total; done += batchSize) {
                List<SeqPayloads> batch = new ArrayList<>(batchSize);
                for (int i = 0; i < Math.min(batchSize, total - done); i++) {
                    batch.add(s -> List.of(new OutgoingMessage("ews/g/telemetry/wl1", false,
                            ("{\"v\":1,\"seq\":" + s + ",\"val\":9.61}").getBytes(UTF_8))));
                }
                store.appendAll(Lane.TELEMETRY, batch);
            }
            long loaded = usedHeap();
            long max = loaded;
            long rows = 0;
            long after = 0;
            long lastSeq = 0;
            int pages = 0;
            List<StoredMessage> page;
            while (!(page = store.page(Lane.TELEMETRY, after, 500)).isEmpty()) {
                for (StoredMessage m : page) {
                    if (m.seq() != lastSeq + 1) {
                        throw new IllegalStateException("seq " + m.seq() + " after " + lastSeq);
                    }
                    lastSeq = m.seq();
                    after = m.id();
                    rows++;
                }
                if (++pages % 100 == 0) {
                    store.stats(); // status and health run while the backlog drains
                    max = Math.max(max, usedHeap());
                }
            }
            max = Math.max(max, usedHeap());
            BacklogStats stats = store.stats();
            System.out.println("rows=" + rows + " loadedHeap=" + loaded + " maxHeap=" + max
                    + " statsMessages=" + stats.messages() + " fileBytes=" + stats.fileBytes());
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
