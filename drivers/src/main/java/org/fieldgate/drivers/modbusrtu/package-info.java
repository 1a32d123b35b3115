/**
 * Modbus RTU over RS-485: request and response codec with CRC, register maps and the polling
 * driver. Docs: {@code docs/drivers/modbus-rtu.md}.
 *
 * <p>May import: drivers, drivers.io.transport.
 */
package org.fieldgate.drivers.modbusrtu;
