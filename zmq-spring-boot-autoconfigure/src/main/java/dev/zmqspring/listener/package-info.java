/**
 * Listener containers, their registry, the receive loops and the method adapter.
 * <p>
 * Not API, public only because other packages of the starter use them (they may change in
 * any release): {@link HandlerDispatcher}, {@link MethodZmqMessageListener},
 * {@link Promises} and {@link ZmqListenerObserver}.
 */
@NullMarked
package dev.zmqspring.listener;

import org.jspecify.annotations.NullMarked;
