/**
 * At-least-once delivery: the outbox and its dispatcher, the reliable listener, processed
 * message ids and dead letters.
 * <p>
 * Not API, public only because the auto-configuration uses them (they may change in any
 * release): {@link OutboxService}, {@link ReliableListenerFactory},
 * {@link ReliableSchema}, {@link ReliableSettings} and {@link SpringListenerTransaction}.
 */
@NullMarked
package dev.zmqspring.reliable;

import org.jspecify.annotations.NullMarked;
