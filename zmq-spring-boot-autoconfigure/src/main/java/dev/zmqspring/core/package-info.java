/**
 * Endpoints, the socket factory and options, the senders that own sockets, and ZmqTemplate.
 */
package dev.zmqspring.core;
