/**
 * Registration e-mail and SMS: two subscription groups of the order service's durable
 * topic of {@code user.registered} events, each sending on its own threads.
 */
package dev.zmqspring.samples.inventory.notification;
