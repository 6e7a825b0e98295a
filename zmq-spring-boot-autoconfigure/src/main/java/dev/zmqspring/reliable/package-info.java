/**
 * At-least-once delivery: the outbox and its dispatcher, the reliable listener, processed message ids and dead letters.
 */
package dev.zmqspring.reliable;
