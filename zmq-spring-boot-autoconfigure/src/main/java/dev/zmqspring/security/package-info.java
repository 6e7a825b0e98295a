/**
 * Security of endpoints: CURVE keys applied to sockets, the ZAP authenticator that admits
 * only allowed clients (failing closed), the check that keeps CURVE and PLAIN servers no
 * authenticator covers from opening, and a command-line key-pair generator.
 */
@NullMarked
package dev.zmqspring.security;

import org.jspecify.annotations.NullMarked;
