/**
 * At-least-once delivery: the outbox and its dispatcher, the reliable listener, processed
 * message ids and dead letters; and durable topics, whose subscription groups each get
 * every message.
 * <p>
 * Not API, public only because the auto-configuration uses them (they may change in any
 * release): {@link OutboxService}, {@link ReliableListenerFactory},
 * {@link ReliableSchema}, {@link ReliableSettings} and {@link SpringListenerTransaction};
 * and the store and wire of durable topics, which may change as they grow:
 * {@link TopicStore}, {@link InMemoryTopicStore}, {@link JdbcTopicStore},
 * {@link TopicMessage}, {@link TopicDelivery}, {@link TopicFetchServer} and
 * {@link DurableTopicSettings}.
 */
@NullMarked
package dev.zmqspring.reliable;

import org.jspecify.annotations.NullMarked;
