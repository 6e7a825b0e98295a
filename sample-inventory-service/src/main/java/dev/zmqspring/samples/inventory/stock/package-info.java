/**
 * Stock levels: seeding, reservations against them, and the REP listener that answers
 * stock queries.
 */
package dev.zmqspring.samples.inventory.stock;
