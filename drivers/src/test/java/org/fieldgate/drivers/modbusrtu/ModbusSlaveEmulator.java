package org.fieldgate.drivers.modbusrtu;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Modbus RTU slaves for tests, behind one wire (a pty end, or a TCP connection as an RS-485 device
 * server in raw mode passes it): answers 03, 04, 06 and 16 for the slave addresses it was given,
 * ignores frames for other addresses and frames with a bad CRC (as real slaves do), and injects
 * one-shot faults on request: a bad CRC, an exception reply, a torn reply, garbage before a reply;
 * and whole slaves going silent.
 */
final class ModbusSlaveEmulator {

    /** The emulator's side of the line. */
    interface Wire {
        int read(byte[] buf, int timeoutMs) throws IOException;

        void write(byte[] data) throws IOException;
    }

    enum Fault { BAD_CRC, EXCEPTION_SLAVE_FAILURE, TORN, GARBAGE_FIRST }

    private final Map<Integer, Map<Integer, Integer>> holding = new ConcurrentHashMap<>();
    private final Map<Integer, Map<Integer, Integer>> input = new ConcurrentHashMap<>();
    private final Map<Integer, Queue<Fault>> faults = new ConcurrentHashMap<>();
    private final Set<Integer> silent = ConcurrentHashMap.newKeySet();
    private final Map<Integer, AtomicInteger> answered = new ConcurrentHashMap<>();
    private final List<String> writes = new java.util.concurrent.CopyOnWriteArrayList<>();

    ModbusSlaveEmulator(int... slaves) {
        for (int s : slaves) {
            holding.put(s, new ConcurrentHashMap<>());
            input.put(s, new ConcurrentHashMap<>());
            faults.put(s, new ConcurrentLinkedQueue<>());
            answered.put(s, new AtomicInteger());
        }
    }

    void holding(int slave, int address, int... values) {
        for (int i = 0; i < values.length; i++) {
            holding.get(slave).put(address + i, values[i] & 0xFFFF);
        }
    }

    void input(int slave, int address, int... values) {
        for (int i = 0; i < values.length; i++) {
            input.get(slave).put(address + i, values[i] & 0xFFFF);
        }
    }

    int holdingValue(int slave, int address) {
        return holding.get(slave).getOrDefault(address, -1);
    }

    void inject(int slave, Fault fault) {
        faults.get(slave).add(fault);
    }

    boolean faultsPending(int slave) {
        return !faults.get(slave).isEmpty();
    }

    void silence(int slave, boolean on) {
        if (on) {
            silent.add(slave);
        } else {
            silent.remove(slave);
        }
    }

    /** Replies sent by {@code slave} (faulty ones included). */
    int answered(int slave) {
        return answered.get(slave).get();
    }

    /** Writes received, as {@code slave:function:address=v1,v2}. */
    List<String> writes() {
        return List.copyOf(writes);
    }

    /** Serves {@code wire} until it breaks (IOException) or the thread is interrupted. */
    void serve(Wire wire) throws IOException {
        byte[] buf = new byte[512];
        byte[] chunk = new byte[256];
        int len = 0;
        while (!Thread.currentThread().isInterrupted()) {
            int n = wire.read(chunk, 100);
            if (n == 0) {
                len = 0; // a silence ends any partial frame
                continue;
            }
            System.arraycopy(chunk, 0, buf, len, Math.min(n, buf.length - len));
            len = Math.min(buf.length, len + n);
            while (len >= 2) {
                int need = requestLength(buf, len);
                if (need < 0) {
                    System.arraycopy(buf, 1, buf, 0, --len); // not a request start: drop a byte
                    continue;
                }
                if (len < need) {
                    break;
                }
                byte[] request = Arrays.copyOf(buf, need);
                System.arraycopy(buf, need, buf, 0, len - need);
                len -= need;
                if (ModbusRtuCodec.crc16(request, 0, need) == 0) {
                    answer(wire, request);
                }
            }
        }
    }

    private static int requestLength(byte[] b, int len) {
        int function = b[1] & 0xFF;
        return switch (function) {
            case 3, 4, 6 -> 8;
            case 16 -> len >= 7 ? 9 + (b[6] & 0xFF) : 9;
            default -> -1;
        };
    }

    private void answer(Wire wire, byte[] req) throws IOException {
        int slave = req[0] & 0xFF;
        if (!holding.containsKey(slave) || silent.contains(slave)) {
            return;
        }
        int function = req[1] & 0xFF;
        int address = u16(req, 2);
        int quantity = u16(req, 4);
        List<Integer> body = new ArrayList<>();
        body.add(slave);
        Fault fault = faults.get(slave).poll();
        if (fault == Fault.EXCEPTION_SLAVE_FAILURE) {
            body.add(function | 0x80);
            body.add(4);
        } else if (function == 3 || function == 4) {
            Map<Integer, Integer> table = (function == 3 ? holding : input).get(slave);
            for (int a = address; a < address + quantity; a++) {
                if (!table.containsKey(a)) {
                    body = new ArrayList<>(List.of(slave, function | 0x80, 2)); // illegal data address
                    break;
                }
            }
            if (body.size() == 1) {
                body.add(function);
                body.add(2 * quantity);
                for (int a = address; a < address + quantity; a++) {
                    body.add(table.get(a) >> 8);
                    body.add(table.get(a) & 0xFF);
                }
            }
        } else if (function == 6) {
            holding.get(slave).put(address, quantity);
            writes.add(slave + ":6:" + address + "=" + quantity);
            for (int i = 1; i < 6; i++) {
                body.add(req[i] & 0xFF);
            }
        } else {
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < quantity; i++) {
                int v = u16(req, 7 + 2 * i);
                holding.get(slave).put(address + i, v);
                values.append(i == 0 ? "" : ",").append(v);
            }
            writes.add(slave + ":16:" + address + "=" + values);
            for (int i = 1; i < 6; i++) {
                body.add(req[i] & 0xFF);
            }
        }
        byte[] reply = ModbusRtuCodecTest.frame(hexOf(body));
        answered.get(slave).incrementAndGet();
        if (fault == Fault.BAD_CRC) {
            reply[reply.length - 1] ^= 0x5A;
        }
        if (fault == Fault.GARBAGE_FIRST) {
            wire.write(new byte[] {(byte) 0xFF, 0x00, 0x55, (byte) 0xAA, 0x13});
        }
        if (fault == Fault.TORN) {
            wire.write(Arrays.copyOf(reply, 3)); // and the rest never comes
            return;
        }
        wire.write(reply);
    }

    private static String hexOf(List<Integer> bytes) {
        StringBuilder s = new StringBuilder();
        for (int b : bytes) {
            s.append(String.format("%02X", b & 0xFF));
        }
        return s.toString();
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }
}
