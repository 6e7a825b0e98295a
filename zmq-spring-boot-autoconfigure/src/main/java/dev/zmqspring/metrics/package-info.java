/**
 * Micrometer meters for listeners, senders, devices and at-least-once delivery.
 */
package dev.zmqspring.metrics;
