/**
 * Health of ZeroMQ messaging: the {@code zmq} health indicator, the active I/O probe, and the inspector that the
 * {@code zmq} Actuator endpoint shares.
 */
package dev.zmqspring.health;
