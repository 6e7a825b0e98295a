/**
 * Actuator support: the {@code zmq} health contributor ({@code io}, {@code listeners},
 * {@code senders}, {@code proxies}) with its active I/O probe, the {@code zmq} endpoint
 * (listeners, senders, devices and the outbox, and listener controls), their
 * auto-configuration and the {@code management.health.zmq.*} properties.
 * <p>
 * Public: the auto-configuration classes, {@link ZmqHealthProperties} (for binding) and
 * {@link ZmqActuatorEndpoint} (the endpoint's type, for extensions). What the health
 * contributor and the endpoint answer is API; the rest is package-private.
 */
@NullMarked
package dev.zmqspring.actuate;

import org.jspecify.annotations.NullMarked;
