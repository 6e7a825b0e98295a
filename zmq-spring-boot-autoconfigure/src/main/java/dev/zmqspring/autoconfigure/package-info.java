/**
 * Spring Boot auto-configuration of the starter and its zmq.* properties.
 */
package dev.zmqspring.autoconfigure;
