/**
 * Micrometer meters for listeners, senders, devices and at-least-once delivery.
 */
@NullMarked
package dev.zmqspring.metrics;

import org.jspecify.annotations.NullMarked;
