/**
 * Listener containers, their registry, the receive loops and the method adapter.
 * <p>
 * Not API, public only because other packages of the starter use them (they may change in
 * any release): {@link HandlerDispatcher}, {@link MethodZmqMessageListener},
 * {@link Promises}, {@link ZmqListenerObserver}, and for durable topics
 * {@link GroupSubscription}, {@link GroupSubscriptionDefaults}, {@link RepliesLater} and
 * {@link ReplyFrames}, and for at-least-once listeners {@link TransactionalBatches}.
 */
@NullMarked
package dev.zmqspring.listener;

import org.jspecify.annotations.NullMarked;
