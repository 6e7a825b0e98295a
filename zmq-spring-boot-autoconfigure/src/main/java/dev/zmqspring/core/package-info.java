/**
 * Endpoints, the socket factory and options, the senders that own sockets (and the
 * sockets of sending threads, for socket-per-thread), and ZmqTemplate.
 */
@NullMarked
package dev.zmqspring.core;

import org.jspecify.annotations.NullMarked;
