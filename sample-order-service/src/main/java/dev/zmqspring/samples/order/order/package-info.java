/**
 * Orders: stored with their {@code OrderPlaced} message in one transaction, delivered to
 * inventory at least once, and completed by inventory's results.
 */
package dev.zmqspring.samples.order.order;
