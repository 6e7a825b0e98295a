/**
 * Actuator support: the {@code zmq} endpoint (listeners, senders, devices and the outbox,
 * and listener controls), and the sanitizing function that keeps CURVE secret keys out of
 * {@code env} and {@code configprops}.
 * <p>
 * Nothing here is API: the types are public only for the auto-configuration. What the
 * endpoint answers is.
 */
@NullMarked
package dev.zmqspring.actuate;

import org.jspecify.annotations.NullMarked;
