/**
 * Application events about sockets (connected, disconnected, bind failed) and listener
 * containers (started, stopped, failed), and the publisher that delivers them off the
 * JeroMQ threads.
 * <p>
 * The events are API; {@link ZmqEventPublisher} is not (public only because other
 * packages of the starter use it).
 */
@NullMarked
package dev.zmqspring.event;

import org.jspecify.annotations.NullMarked;
