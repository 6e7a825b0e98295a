/**
 * ZeroMQ devices (forwarder, streamer, queue) run from configuration.
 */
package dev.zmqspring.proxy;
