/**
 * Micrometer meters for listeners, senders, devices and at-least-once delivery.
 * <p>
 * Nothing here is API: {@link ZmqMetrics} is public only for the auto-configuration. The
 * meters' names and tags are.
 */
@NullMarked
package dev.zmqspring.metrics;

import org.jspecify.annotations.NullMarked;
