/**
 * Micrometer meters for listeners, senders, devices and at-least-once delivery, and their
 * auto-configuration.
 * <p>
 * The only public type is the auto-configuration; the meters' names and tags are API.
 */
@NullMarked
package dev.zmqspring.metrics;

import org.jspecify.annotations.NullMarked;
