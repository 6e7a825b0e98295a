/**
 * ZeroMQ devices (forwarder, streamer, queue) run from configuration.
 */
@NullMarked
package dev.zmqspring.proxy;

import org.jspecify.annotations.NullMarked;
