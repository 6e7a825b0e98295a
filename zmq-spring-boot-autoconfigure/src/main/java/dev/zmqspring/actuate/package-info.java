/**
 * Actuator support: the {@code zmq} endpoint (listeners, senders, devices and the outbox, and listener controls),
 * and the sanitizing function that keeps CURVE secret keys out of {@code env} and {@code configprops}.
 */
package dev.zmqspring.actuate;
