/**
 * ZeroMQ devices (forwarder, streamer, queue) run from configuration.
 * <p>
 * Not API, public only because another package of the starter uses it (it may change in
 * any release): {@link ProxyReopener}.
 */
@NullMarked
package dev.zmqspring.proxy;

import org.jspecify.annotations.NullMarked;
