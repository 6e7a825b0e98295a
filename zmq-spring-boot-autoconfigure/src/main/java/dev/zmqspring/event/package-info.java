/**
 * Application events about sockets (connected, disconnected, bind failed) and listener
 * containers (started, stopped, failed), and the publisher that delivers them off the
 * JeroMQ threads.
 */
@NullMarked
package dev.zmqspring.event;

import org.jspecify.annotations.NullMarked;
