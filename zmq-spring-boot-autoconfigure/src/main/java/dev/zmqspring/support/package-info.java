/**
 * The wire format: frames, headers, error replies and received messages.
 */
@NullMarked
package dev.zmqspring.support;

import org.jspecify.annotations.NullMarked;
