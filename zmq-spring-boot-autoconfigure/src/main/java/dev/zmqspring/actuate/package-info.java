/**
 * The {@code zmq} Actuator endpoint: listeners, senders, devices and the outbox, and listener controls.
 */
package dev.zmqspring.actuate;
