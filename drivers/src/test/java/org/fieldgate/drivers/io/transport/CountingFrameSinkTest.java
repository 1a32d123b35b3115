package org.fieldgate.drivers.io.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The one sink every streaming driver counts with: bytes, frames, checksum errors, resyncs. */
class CountingFrameSinkTest {

    /** A toy protocol: '#' is a bad frame, '?' a skipped byte, anything else a good one-byte frame. */
    private static final StreamDecoder<Character> TOY = (buf, off, len, sink) -> {
        for (int i = off; i < off + len; i++) {
            switch (buf[i]) {
                case '#' -> sink.checksumError();
                case '?' -> sink.resync(1);
                default -> sink.frame((char) buf[i]);
            }
        }
    };

    @Test
    void readsTheLinkCountsWhatItFindsAndPassesOnlyGoodFrames() throws Exception {
        Map<String, Long> counters = new TreeMap<>();
        List<Character> frames = new ArrayList<>();
        CountingFrameSink<Character> sink =
                new CountingFrameSink<>(TOY, (name, n) -> counters.merge(name, n, Long::sum), frames::add);
        ScriptedLinks links = new ScriptedLinks().deliver("ab#?c").deliver("??d");
        ByteLink link = links.get();
        link.open();
        byte[] buf = new byte[16];

        assertThat(sink.readFrom(link, buf, 100)).isTrue();
        assertThat(sink.readFrom(link, buf, 100)).isTrue();
        assertThat(sink.readFrom(link, buf, 10)).as("nothing more to read").isFalse();

        assertThat(frames).containsExactly('a', 'b', 'c', 'd');
        assertThat(sink.frames()).isEqualTo(4);
        assertThat(counters).containsExactlyInAnyOrderEntriesOf(Map.of(LinkDriver.BYTES, 8L, LinkDriver.FRAMES, 4L,
                LinkDriver.CHECKSUM_ERRORS, 1L, LinkDriver.RESYNCS, 3L));
    }
}
