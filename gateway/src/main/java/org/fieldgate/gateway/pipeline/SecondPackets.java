package org.fieldgate.gateway.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.fieldgate.drivers.WaveformPacket;

/**
 * Gathers the small blocks a waveform driver delivers into the uplink's one-second packets: a packet
 * holds the samples of one UTC second (31 or 32 at 31.25 Hz), so packets line up across sensors and
 * gateways. A break in the stream ends a packet early rather than bridging the gap. Not thread-safe.
 */
final class SecondPackets {

    private final SampleBlock pending = new SampleBlock();

    /** Takes a block; returns the packets it completed. */
    List<WaveformPacket> add(WaveformPacket block) {
        List<WaveformPacket> done = new ArrayList<>(1);
        if (!pending.isEmpty() && !pending.continuedBy(block)) {
            done.add(pending.take());
        }
        int n = block.length();
        int from = 0;
        long second = Math.floorDiv(pending.isEmpty() ? block.t0() : pending.t0(), 1000);
        for (int i = 0; i < n; i++) {
            long s = Math.floorDiv(block.t0() + Math.round(i * 1000.0 / block.sampleRate()), 1000);
            if (s != second) {
                if (i > from) {
                    pending.append(block, from, i);
                }
                WaveformPacket p = pending.take();
                if (p != null) {
                    done.add(p);
                }
                from = i;
                second = s;
            }
        }
        if (from < n) {
            pending.append(block, from, n);
        }
        return done;
    }

    /** The packet being filled, when its second ended before {@code now} by more than a second. */
    List<WaveformPacket> due(long now) {
        if (pending.isEmpty() || Math.floorDiv(pending.t0(), 1000) * 1000 + 2000 > now) {
            return List.of();
        }
        return List.of(pending.take());
    }

    /** Samples of the packet being filled not yet staged (all of them when {@code all}); null if none. */
    WaveformPacket unstaged(boolean all) {
        return pending.unstaged(all);
    }

    /** The packet being filled, if any. */
    List<WaveformPacket> flush() {
        WaveformPacket p = pending.take();
        return p == null ? List.of() : List.of(p);
    }
}
