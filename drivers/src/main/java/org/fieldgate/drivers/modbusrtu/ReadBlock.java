package org.fieldgate.drivers.modbusrtu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One read request of a poll: {@code count} registers from {@code start} of one slave with one
 * function, and the channels decoded from them. Registers of a slave that are contiguous (or
 * overlap) are read together, up to 125 per request; a gap starts a new request, since reading an
 * unmapped register may get an "illegal data address" exception.
 */
record ReadBlock(int slave, int function, int start, int count, List<ModbusRtuConfig.Register> members) {

    /** The requests that read every register of {@code slave}, in address order. */
    static List<ReadBlock> plan(ModbusRtuConfig.Slave slave) {
        List<ReadBlock> blocks = new ArrayList<>();
        for (int function : new int[] {ModbusRtuCodec.READ_HOLDING, ModbusRtuCodec.READ_INPUT}) {
            List<ModbusRtuConfig.Register> regs = new ArrayList<>();
            for (ModbusRtuConfig.Register r : slave.registers()) {
                if (r.function() == function) {
                    regs.add(r);
                }
            }
            regs.sort(Comparator.comparingInt(ModbusRtuConfig.Register::address));
            int start = -1;
            int end = -1; // exclusive
            List<ModbusRtuConfig.Register> members = new ArrayList<>();
            for (ModbusRtuConfig.Register r : regs) {
                int rEnd = r.address() + words(r);
                if (start >= 0 && r.address() <= end && Math.max(end, rEnd) - start <= ModbusRtuCodec.MAX_READ) {
                    end = Math.max(end, rEnd);
                    members.add(r);
                    continue;
                }
                if (start >= 0) {
                    blocks.add(new ReadBlock(slave.address(), function, start, end - start, List.copyOf(members)));
                }
                start = r.address();
                end = rEnd;
                members = new ArrayList<>(List.of(r));
            }
            if (start >= 0) {
                blocks.add(new ReadBlock(slave.address(), function, start, end - start, List.copyOf(members)));
            }
        }
        return blocks;
    }

    static int words(ModbusRtuConfig.Register r) {
        RegisterType t = RegisterType.parse(r.type());
        return t == null ? 1 : t.words();
    }

    /** The request bytes. */
    byte[] request() {
        return ModbusRtuCodec.readRequest(slave, function, start, count);
    }
}
