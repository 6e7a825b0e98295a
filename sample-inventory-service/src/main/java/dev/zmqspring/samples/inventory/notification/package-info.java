/**
 * Registration e-mail and SMS: two subscribers of the order service's
 * {@code user.registered} events (PUB/SUB fan-out), each feeding its own pool of workers
 * (PUSH/PULL, the ventilator and workers of the ZeroMQ guide).
 */
package dev.zmqspring.samples.inventory.notification;
