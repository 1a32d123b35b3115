/**
 * miniSEED 2 with Steim-2 compression: records, their writer and reader, and the stream that cuts a
 * sensor's samples into records. Docs: {@code docs/mseed.md}.
 *
 * <p>May import: drivers.
 */
package org.fieldgate.gateway.mseed;
