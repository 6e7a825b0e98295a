/**
 * Health of ZeroMQ messaging: the parts of the {@code zmq} health contributor
 * ({@code io}, {@code listeners}, {@code senders}, {@code proxies}), the active I/O
 * probe, and the inspector that the {@code zmq} Actuator endpoint shares.
 */
@NullMarked
package dev.zmqspring.health;

import org.jspecify.annotations.NullMarked;
