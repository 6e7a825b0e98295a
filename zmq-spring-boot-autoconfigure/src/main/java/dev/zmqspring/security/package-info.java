/**
 * Security of endpoints: CURVE keys applied to sockets, the ZAP authenticator that admits
 * only allowed clients (failing closed), the check that keeps CURVE and PLAIN servers no
 * authenticator covers from opening, and a command-line key-pair generator.
 * <p>
 * Not API, public only because the auto-configuration uses them (they may change in any
 * release): {@link AddressFilter}, {@link ClientAllowList}, {@link CurveKeys},
 * {@link CurveSocketCustomizer}, {@link EndpointSecurity}, {@link SecuredEndpoints} and
 * {@link ZapAuthenticator}.
 */
@NullMarked
package dev.zmqspring.security;

import org.jspecify.annotations.NullMarked;
