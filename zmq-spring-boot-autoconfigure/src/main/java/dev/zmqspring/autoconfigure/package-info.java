/**
 * Spring Boot auto-configuration of the starter and its zmq.* properties.
 */
@NullMarked
package dev.zmqspring.autoconfigure;

import org.jspecify.annotations.NullMarked;
