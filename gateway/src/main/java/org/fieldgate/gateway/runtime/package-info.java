/**
 * Assembles a running gateway from a config: store, pipeline, drivers, rules, outputs, broker,
 * uplink and status, under supervision; and the life of a gateway across config versions
 * ({@code GatewayLife}: switch, probation, rollback).
 *
 * <p>May import: drivers, drivers.io.gpio, gateway.broker, gateway.clock, gateway.commands,
 * gateway.config, gateway.contract, gateway.history, gateway.outputs, gateway.pipeline,
 * gateway.remoteconfig, gateway.rules, gateway.service, gateway.signing, gateway.status,
 * gateway.store, gateway.supervision, gateway.uplink.
 */
package org.fieldgate.gateway.runtime;
