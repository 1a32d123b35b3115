package org.fieldgate.drivers.modbusrtu;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.fieldgate.drivers.io.transport.LinkConfig;
import org.fieldgate.drivers.io.transport.SerialSettings;
import org.fieldgate.drivers.io.transport.TcpSettings;

/**
 * Keys of a {@code modbus-rtu} sensor entry besides {@code id}, {@code driver}, {@code every}: the
 * bus ({@code serial:} or {@code tcp:} to an RS-485 device server in raw mode) and the register map
 * ({@code modbus:}). Absent optional keys take their defaults here, so no accessor of an optional
 * key returns null; required keys ({@code address}, {@code name}) are checked by the factory.
 *
 * @param serial the RS-485 port (default baud 9600)
 * @param tcp    a serial device server in raw TCP mode, passing RTU frames through
 * @param modbus the bus timing and the slaves with their registers
 */
public record ModbusRtuConfig(@JsonProperty("serial") SerialSettings serial,
                              @JsonProperty("tcp") TcpSettings tcp,
                              @JsonProperty("modbus") Modbus modbus) implements LinkConfig {

    public ModbusRtuConfig {
        modbus = modbus == null ? new Modbus(null, null, null, null) : modbus;
    }

    /**
     * {@code modbus:}.
     *
     * @param responseTimeout {@code response_timeout}: longest wait for a reply (default {@code 500ms})
     * @param retries         attempts after a failed one: timeout, bad CRC, wrong reply (default 2)
     * @param frameGap        {@code frame_gap}: silence that ends a reply (default {@code 50ms}; never
     *                        below 3.5 characters); a reply that stops short of its length is a timeout
     * @param slaves          the slaves on the bus, polled in order
     */
    public record Modbus(@JsonProperty("response_timeout") String responseTimeout,
                         @JsonProperty("retries") Integer retries,
                         @JsonProperty("frame_gap") String frameGap,
                         @JsonProperty("slaves") List<Slave> slaves) {
        public Modbus {
            responseTimeout = responseTimeout == null ? "500ms" : responseTimeout;
            retries = retries == null ? 2 : retries;
            frameGap = frameGap == null ? "50ms" : frameGap;
            slaves = slaves == null ? List.of() : List.copyOf(slaves);
        }
    }

    /**
     * One slave (server) on the bus.
     *
     * @param address   slave address 1..247 (required)
     * @param registers the values read from it, each one channel
     * @param setup     writes made once after the link opens, before the first poll (e.g. set the unit)
     */
    public record Slave(@JsonProperty("address") Integer address,
                        @JsonProperty("registers") List<Register> registers,
                        @JsonProperty("setup") List<Write> setup) {
        public Slave {
            registers = registers == null ? List.of() : List.copyOf(registers);
            setup = setup == null ? List.of() : List.copyOf(setup);
        }
    }

    /**
     * One channel read from one or two registers: {@code value = raw × scale + offset}.
     *
     * @param name      channel name, unique in the sensor (required)
     * @param function  3 (holding, default) or 4 (input)
     * @param address   0-based register address as sent on the wire, 0..65535 (required)
     * @param type      {@code int16}, {@code uint16} (default), {@code int32}, {@code uint32}, {@code float32}
     * @param wordOrder {@code word_order} of 32-bit types: {@code big} (high word first, default) or {@code little}
     * @param scale     multiplier (default 1)
     * @param offset    added after scaling (default 0)
     * @param unit      unit of the scaled value (default empty)
     * @param min       physical minimum; below it readings are suspect (default none)
     * @param max       physical maximum; above it readings are suspect (default none)
     */
    public record Register(@JsonProperty("name") String name,
                           @JsonProperty("function") Integer function,
                           @JsonProperty("address") Integer address,
                           @JsonProperty("type") String type,
                           @JsonProperty("word_order") String wordOrder,
                           @JsonProperty("scale") Double scale,
                           @JsonProperty("offset") Double offset,
                           @JsonProperty("unit") String unit,
                           @JsonProperty("min") Double min,
                           @JsonProperty("max") Double max) {
        public Register {
            function = function == null ? ModbusRtuCodec.READ_HOLDING : function;
            type = type == null ? "uint16" : type;
            wordOrder = wordOrder == null ? "big" : wordOrder;
            scale = scale == null ? 1.0 : scale;
            offset = offset == null ? 0.0 : offset;
            unit = unit == null ? "" : unit;
            min = min == null ? -Double.MAX_VALUE : min;
            max = max == null ? Double.MAX_VALUE : max;
        }
    }

    /**
     * A setup write.
     *
     * @param function 6 (one register, default) or 16 (several)
     * @param address  first register, 0..65535 (required)
     * @param values   register values 0..65535 (or -32768..-1, sent as two's complement); one for function 6
     */
    public record Write(@JsonProperty("function") Integer function,
                        @JsonProperty("address") Integer address,
                        @JsonProperty("values") List<Integer> values) {
        public Write {
            function = function == null ? ModbusRtuCodec.WRITE_SINGLE : function;
            values = values == null ? List.of() : List.copyOf(values);
        }
    }
}
