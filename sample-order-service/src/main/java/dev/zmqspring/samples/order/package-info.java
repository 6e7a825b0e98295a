/**
 * The order sample service: registrations, orders, and stock queries to inventory.
 */
package dev.zmqspring.samples.order;
