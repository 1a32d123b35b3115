package org.fieldgate.drivers.modbusrtu;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.fieldgate.drivers.ChannelSpec;
import org.fieldgate.drivers.DriverContext;
import org.fieldgate.drivers.DurationText;
import org.fieldgate.drivers.Quality;
import org.fieldgate.drivers.Reading;
import org.fieldgate.drivers.io.transport.ByteLink;
import org.fieldgate.drivers.io.transport.LinkDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every slave of the bus once per {@code every}: setup writes once per link open, then one
 * read per block of contiguous registers, each with {@code retries} more attempts on a timeout, bad
 * CRC or wrong reply. A slave that stops answering costs its own timeouts only: its other blocks
 * are skipped for that poll and the next slave is asked. Counters: {@code frames} (valid replies,
 * exception replies included), {@code checksum_errors}, {@code timeouts} (no reply, or a reply
 * that stopped mid-frame), {@code exceptions}, {@code unexpected_replies} (a valid frame that does
 * not answer the request), {@code resyncs} (noise skipped before a reply), {@code bytes}.
 */
final class ModbusRtuDriver extends LinkDriver {

    /** Exception replies received. */
    static final String EXCEPTIONS = "exceptions";
    /** Valid frames that were not the answer to the request (other slave, function, count). */
    static final String UNEXPECTED = "unexpected_replies";

    private static final Logger LOG = LoggerFactory.getLogger(ModbusRtuDriver.class);

    private final ModbusRtuConfig.Modbus modbus;
    private final Duration responseTimeout;
    private final Duration frameGap;
    private final Map<Integer, List<ReadBlock>> blocks = new HashMap<>();
    /** Per slave: answering or not, for one log line per change. */
    private final Map<Integer, Boolean> answering = new HashMap<>();
    /** Per block: the last exception code logged, for one log line per change. */
    private final Map<ReadBlock, Integer> refusals = new HashMap<>();

    ModbusRtuDriver(DriverContext context, ModbusRtuConfig config, List<ChannelSpec> channels,
                    Supplier<ByteLink> links) {
        super(context, channels, links);
        this.modbus = config.modbus();
        this.responseTimeout = DurationText.parse(modbus.responseTimeout());
        this.frameGap = DurationText.parse(modbus.frameGap());
        for (ModbusRtuConfig.Slave s : modbus.slaves()) {
            blocks.put(s.address(), ReadBlock.plan(s));
        }
        count(EXCEPTIONS, 0);
        count(UNEXPECTED, 0);
    }

    @Override
    protected void session(ByteLink link) throws IOException, InterruptedException {
        RtuMaster master = new RtuMaster(link, responseTimeout, frameGap, this::count);
        Map<Integer, Boolean> setupDone = new HashMap<>();
        long everyNanos = context().every().toNanos();
        long next = System.nanoTime();
        while (running()) {
            for (ModbusRtuConfig.Slave slave : modbus.slaves()) {
                if (!running()) {
                    return;
                }
                if (!setupDone.getOrDefault(slave.address(), false)) {
                    setupDone.put(slave.address(), setup(master, slave));
                }
                List<Reading> readings = poll(master, slave);
                emit(readings);
            }
            next += everyNanos;
            long now = System.nanoTime();
            if (next < now) {
                next = now; // a slow bus: poll again at once rather than in a burst
            }
            while (running() && System.nanoTime() < next) {
                Thread.sleep(Math.max(1, Math.min(100, (next - System.nanoTime()) / 1_000_000)));
            }
        }
    }

    /** Writes the slave's setup; true when done (acknowledged or refused), false to try again next poll. */
    private boolean setup(RtuMaster master, ModbusRtuConfig.Slave slave) throws IOException {
        for (ModbusRtuConfig.Write w : slave.setup()) {
            int[] values = w.values().stream().mapToInt(v -> v & 0xFFFF).toArray();
            byte[] request = w.function() == ModbusRtuCodec.WRITE_SINGLE
                    ? ModbusRtuCodec.writeSingleRequest(slave.address(), w.address(), values[0])
                    : ModbusRtuCodec.writeMultipleRequest(slave.address(), w.address(), values);
            ModbusReply reply = ask(master, request);
            if (reply instanceof ModbusReply.Refused r) {
                LOG.warn("sensor {}: slave {} refused setup write to register {}: {}",
                        context().sensorId(), slave.address(), w.address(), r.name());
            } else if (!reply.ok()) {
                return false;
            }
        }
        if (!slave.setup().isEmpty()) {
            LOG.info("sensor {}: slave {} set up ({} writes)", context().sensorId(), slave.address(),
                    slave.setup().size());
        }
        return true;
    }

    private List<Reading> poll(RtuMaster master, ModbusRtuConfig.Slave slave) throws IOException {
        List<Reading> readings = new ArrayList<>();
        long time = now();
        for (ReadBlock block : blocks.get(slave.address())) {
            ModbusReply reply = ask(master, block.request());
            if (reply instanceof ModbusReply.Registers regs) {
                noteAnswering(slave.address(), true, null);
                refusals.remove(block);
                int[] values = regs.values();
                for (ModbusRtuConfig.Register r : block.members()) {
                    RegisterType type = RegisterType.parse(r.type());
                    double raw = ModbusRtuCodec.decode(type, WordOrder.parse(r.wordOrder()), values,
                            r.address() - block.start());
                    double value = ModbusRtuCodec.scale(type, raw, r.scale(), r.offset());
                    // a float32 NaN or infinity (some sensors' "no echo") is no measurement: no reading
                    if (Double.isFinite(value)) {
                        readings.add(new Reading(r.name(), time, value, Quality.OK));
                    }
                }
            } else if (reply instanceof ModbusReply.Refused refused) {
                noteAnswering(slave.address(), true, null);
                Integer before = refusals.put(block, refused.code());
                if (before == null || before != refused.code()) {
                    LOG.warn("sensor {}: slave {} refused function {} registers {}..{}: {}", context().sensorId(),
                            slave.address(), block.function(), block.start(), block.start() + block.count() - 1,
                            refused.name());
                }
            } else {
                noteAnswering(slave.address(), false, reply);
                break; // a slave that does not answer one block will not answer the next: spare the bus
            }
        }
        return readings;
    }

    /** One request with its retries; counts what each attempt got. */
    private ModbusReply ask(RtuMaster master, byte[] request) throws IOException {
        ModbusReply reply = null;
        for (int attempt = 0; attempt <= modbus.retries() && running(); attempt++) {
            reply = master.exchange(request);
            if (reply.ok()) {
                count(FRAMES);
            } else if (reply instanceof ModbusReply.Refused) {
                count(FRAMES);
                count(EXCEPTIONS);
            } else if (reply instanceof ModbusReply.NoReply) {
                count(TIMEOUTS);
            } else if (reply instanceof ModbusReply.Malformed m) {
                switch (m.fault()) {
                    case CHECKSUM -> count(CHECKSUM_ERRORS);
                    case LENGTH -> count(TIMEOUTS);
                    case MISMATCH -> count(UNEXPECTED);
                    default -> throw new IllegalStateException("unreachable");
                }
                LOG.debug("sensor {}: bad reply to {}: {}", context().sensorId(),
                        ModbusRtuCodec.hex(request, 0, request.length), m.detail());
            }
            if (reply.ok() || reply instanceof ModbusReply.Refused) {
                return reply;
            }
        }
        return reply == null ? new ModbusReply.NoReply(0) : reply;
    }

    private void noteAnswering(int slave, boolean now, ModbusReply last) {
        Boolean before = answering.put(slave, now);
        if (before != null && before == now || before == null && now) {
            return;
        }
        if (now) {
            LOG.info("sensor {}: slave {} answers again", context().sensorId(), slave);
        } else {
            LOG.warn("sensor {}: slave {} does not answer ({} attempts, last: {})", context().sensorId(), slave,
                    modbus.retries() + 1, describe(last));
        }
    }

    private static String describe(ModbusReply r) {
        if (r instanceof ModbusReply.NoReply n) {
            return n.torn() ? "reply stopped after " + n.bytesReceived() + " bytes" : "no reply";
        }
        if (r instanceof ModbusReply.Malformed m) {
            return m.fault().name().toLowerCase(java.util.Locale.ROOT) + ": " + m.detail();
        }
        return String.valueOf(r);
    }
}
