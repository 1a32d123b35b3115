package org.fieldgate.drivers.modbusrtu;

/**
 * What a slave's reply to one request turned out to be. The codec never throws on bad bytes: every
 * reply, however broken, is one of these.
 */
public sealed interface ModbusReply {

    /** True for a well-formed normal reply ({@link Registers} or {@link Written}). */
    default boolean ok() {
        return this instanceof Registers || this instanceof Written;
    }

    /** Function 03/04: the registers read, in request order (each 0..65535). */
    record Registers(int[] values) implements ModbusReply {
        public Registers {
            values = values.clone();
        }

        @Override
        public int[] values() {
            return values.clone();
        }
    }

    /** Function 06/16: the slave echoed the write (address, and value or quantity). */
    record Written(int address, int valueOrQuantity) implements ModbusReply {
    }

    /**
     * An exception reply ({@code function | 0x80}, code): the slave understood the request and refused it.
     *
     * @param code 1..255 as sent; {@link ModbusException#name(int)} names it
     */
    record Refused(int code) implements ModbusReply {
        public String name() {
            return ModbusException.name(code);
        }
    }

    /**
     * No complete reply before the response timeout: nothing at all, or a reply that stopped
     * mid-frame (a silence longer than the inter-frame gap after {@code bytesReceived} bytes).
     */
    record NoReply(int bytesReceived) implements ModbusReply {
        public boolean torn() {
            return bytesReceived > 0;
        }
    }

    /** Not a valid reply to the request. */
    record Malformed(Fault fault, String detail) implements ModbusReply {
    }

    /** Why a reply was rejected. */
    enum Fault {
        /** The CRC does not match the bytes. */
        CHECKSUM,
        /** Too short, or shorter than its byte count says. */
        LENGTH,
        /** A valid frame, but not the answer to this request (other slave, function, count, echo). */
        MISMATCH
    }
}
