/**
 * Security of endpoints: CURVE keys applied to sockets, the ZAP authenticator that admits
 * only allowed clients (failing closed), the check that keeps CURVE and PLAIN servers no
 * authenticator covers from opening, a command-line key-pair generator, and their
 * auto-configuration and {@code zmq.security.*} properties.
 * <p>
 * Everything public here is API; the wiring's parts are package-private.
 */
@NullMarked
package dev.zmqspring.security;

import org.jspecify.annotations.NullMarked;
