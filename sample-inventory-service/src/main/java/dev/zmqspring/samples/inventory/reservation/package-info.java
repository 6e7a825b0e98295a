/**
 * Stock reservations for the order service's orders: received at least once, processed
 * exactly once, results sent back at least once.
 */
package dev.zmqspring.samples.inventory.reservation;
