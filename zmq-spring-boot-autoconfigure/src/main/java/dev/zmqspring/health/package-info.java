/**
 * Health of ZeroMQ messaging: the parts of the {@code zmq} health contributor
 * ({@code io}, {@code listeners}, {@code senders}, {@code proxies}), the active I/O
 * probe, and the inspector that the {@code zmq} Actuator endpoint shares.
 * <p>
 * Nothing here is API: the types are public only for the auto-configuration. What the
 * health contributor reports is.
 */
@NullMarked
package dev.zmqspring.health;

import org.jspecify.annotations.NullMarked;
