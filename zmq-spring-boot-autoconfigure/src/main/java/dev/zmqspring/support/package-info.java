/**
 * The wire format: frames, headers, error replies and received messages.
 */
package dev.zmqspring.support;
