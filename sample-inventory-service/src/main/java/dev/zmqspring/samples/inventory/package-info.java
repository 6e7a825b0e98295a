/**
 * The inventory sample service: stock reservations, stock queries, and registration
 * notifications.
 */
package dev.zmqspring.samples.inventory;
