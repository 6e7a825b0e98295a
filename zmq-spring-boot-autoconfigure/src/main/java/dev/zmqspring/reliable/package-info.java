/**
 * At-least-once delivery: the outbox and its dispatcher, the reliable listener, processed
 * message ids and dead letters.
 */
@NullMarked
package dev.zmqspring.reliable;

import org.jspecify.annotations.NullMarked;
