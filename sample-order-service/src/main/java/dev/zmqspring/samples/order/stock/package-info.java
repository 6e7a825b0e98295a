/**
 * Stock queries: request/reply to inventory, with a short timeout and a clear 503 when
 * inventory is down.
 */
package dev.zmqspring.samples.order.stock;
