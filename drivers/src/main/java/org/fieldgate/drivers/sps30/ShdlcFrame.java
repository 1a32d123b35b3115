package org.fieldgate.drivers.sps30;

import java.util.Arrays;

/**
 * One SHDLC frame, unstuffed. A response (MISO) carries a {@code state} byte (0 = no error); a
 * request (MOSI) has none ({@code state} = -1).
 *
 * @param address slave address (0 for the SPS30)
 * @param command command id
 * @param state   response state, or -1 for a request
 * @param data    the data bytes (0..255 of them)
 */
public record ShdlcFrame(int address, int command, int state, byte[] data) {

    public ShdlcFrame {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShdlcFrame f && f.address == address && f.command == command && f.state == state
                && Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
        return ((address * 31 + command) * 31 + state) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ShdlcFrame[adr=" + address + " cmd=0x" + Integer.toHexString(command) + " state=" + state
                + " len=" + data.length + "]";
    }
}
