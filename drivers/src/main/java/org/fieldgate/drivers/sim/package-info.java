/**
 * What the simulated sensors share: the simulated driver base, scalar simulations and their
 * threads. The simulators themselves are in the sub-packages.
 *
 * <p>May import: drivers.
 */
package org.fieldgate.drivers.sim;
